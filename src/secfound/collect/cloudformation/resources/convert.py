"""Turning resolved property values into the model's types, without ever raising.

CloudFormation accepts ``"true"`` for a boolean and ``"30"`` for a number (parameters are
text), so those convert. A value of a type that cannot be converted becomes an
``Unresolved`` saying what was expected: the check that reads it reports ``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from secfound.collect.cloudformation.expression import expression_text
from secfound.model.location import FileLocation
from secfound.model.policy import PolicyDocument
from secfound.model.values import Unresolved

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def _wrong(what: str, expected: str, value: Any) -> Unresolved:
    return Unresolved(f"{what}: expected {expected}, got {expression_text(value)}")


def to_bool(value: Any, what: str) -> bool | Unresolved:
    if isinstance(value, bool | Unresolved):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return _wrong(what, "a boolean", value)


def to_int(value: Any, what: str) -> int | Unresolved:
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    return _wrong(what, "a whole number", value)


def to_str(value: Any, what: str) -> str | Unresolved:
    if isinstance(value, str | Unresolved):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return _wrong(what, "text", value)


def to_str_tuple(value: Any, what: str) -> tuple[str | Unresolved, ...] | Unresolved:
    """A list of strings; a single string counts as a list of one."""
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple):
        return _wrong(what, "a list", value)
    return tuple(to_str(item, f"{what}[{i}]") for i, item in enumerate(value))


def to_policy(value: Any) -> PolicyDocument | Unresolved:
    return PolicyDocument.parse(value)


def dig(value: Any, *path: str | int) -> Any:
    """The value at ``path`` inside nested mappings and lists.

    ``MISSING`` when a step is absent; the ``Unresolved`` met on the way when one is;
    an ``Unresolved`` naming the step when a step has the wrong type.
    """
    for step in path:
        if isinstance(value, Unresolved):
            return value
        if isinstance(step, int):
            if not isinstance(value, list):
                return _wrong(f"[{step}]", "a list", value)
            if step >= len(value):
                return MISSING
            value = value[step]
        else:
            if not isinstance(value, Mapping):
                return _wrong(step, "a mapping", value)
            if step not in value:
                return MISSING
            value = value[step]
    return value


def identity(
    address: str,
    properties: Mapping[str, Any],
    location: FileLocation | None,
    conditional: bool,
) -> dict[str, Any]:
    """The fields every resource shares, as keyword arguments."""
    return {
        "address": address,
        "location": location if location is not None else FileLocation(path=""),
        "conditional": conditional,
        "properties": properties,
    }


def set_if_present(
    fields: dict[str, Any],
    field: str,
    properties: Mapping[str, Any],
    key: str,
    convert: Any,
) -> None:
    """``fields[field] = convert(properties[key])`` when the property is given.

    An absent property leaves the model's default (what AWS applies) in place.
    """
    if key in properties:
        fields[field] = convert(properties[key], key)
