"""The template as read: plain values in containers that remember where each entry sits.

Both readers (YAML and JSON) produce this tree, and intrinsic resolution keeps it for the
resolved ``Properties`` a resource carries, so every resource and property has a line and
column: ``properties.key_marks["BucketName"].line``. Short-form intrinsics are already
turned into their long form (``!Ref X`` is ``{"Ref": "X"}``), so later stages see one shape.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Mark(NamedTuple):
    """Where an entry starts (1-based line and column) and the last line its value uses."""

    line: int
    column: int
    end_line: int


NO_MARK = Mark(0, 0, 0)


class MarkedMap(dict[str, Any]):
    """A mapping whose ``key_marks`` give each key's position (and its value's last line)."""

    __slots__ = ("key_marks", "mark")

    def __init__(self, *args: Any, mark: Mark = NO_MARK, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}

    def mark_of(self, key: str) -> Mark:
        """The key's mark, or the mapping's own when the key was added without one."""
        return self.key_marks.get(key, self.mark)


class MarkedList(list[Any]):
    """A sequence whose ``item_marks`` give each item's position."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, *args: Any, mark: Mark = NO_MARK) -> None:
        super().__init__(*args)
        self.mark = mark
        self.item_marks: list[Mark] = []

    def mark_of(self, index: int) -> Mark:
        if 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return self.mark


def short_form(tag: str, value: Any, mark: Mark) -> MarkedMap:
    """The long form of a short-form intrinsic: ``!GetAtt a.b`` -> ``{"Fn::GetAtt": [a, b]}``.

    Every ``!Name`` tag becomes ``Fn::Name`` except ``!Ref`` and ``!Condition``; a tag that
    names no function becomes an unknown function, which resolves to ``Unresolved``.
    """
    name = tag[1:]
    if name in ("Ref", "Condition"):
        key = name
    else:
        key = f"Fn::{name}"
        if name == "GetAtt" and isinstance(value, str):
            value = MarkedList(value.split(".", 1), mark=mark)
    wrapped = MarkedMap({key: value}, mark=mark)
    wrapped.key_marks[key] = mark
    return wrapped
