"""Reading YAML templates into the marked tree, with guards against hostile documents.

The tree is built from libyaml's event stream (PyYAML's C parser, falling back to the pure
Python one) by an explicit stack instead of PyYAML's recursive composer, so:

- nesting is bounded (``MAX_DEPTH``) while reading; libyaml refuses very deep flow nesting
  on its own, and a deep document never reaches a recursive step;
- aliases are shared, never copied, and the nodes they stand for are counted: a document
  whose aliases would expand past ``MAX_ALIAS_NODES`` (a "billion laughs") is refused;
- an alias can only name a finished node, so a document cannot refer to itself;
- duplicate keys are reported at the duplicate's line (the last value wins, as in AWS).

Scalars follow YAML 1.1 as PyYAML resolves them, except timestamps, which stay text
(``AWSTemplateFormatVersion: 2010-09-09`` is a string to CloudFormation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from secfound.collect.cloudformation.tree import Mark, MarkedList, MarkedMap, short_form
from secfound.errors import TemplateError

# Real templates nest a few dozen levels at most (inline state machines included).
MAX_DEPTH = 128
# Nodes that aliases may add when expanded; templates rarely use aliases at all.
MAX_ALIAS_NODES = 100_000

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Duplicate:
    """A key given twice in one mapping, at the second occurrence."""

    key: str
    line: int
    column: int


@dataclass(frozen=True)
class ReadResult:
    """The document (``None`` when the stream is empty) and its duplicate keys."""

    document: Any
    duplicates: tuple[Duplicate, ...] = ()
    # False when ``first_only`` stopped before the end of the stream: not the whole file.
    complete: bool = True


@dataclass
class _Built:
    """A finished value with what the guards need to know about it."""

    value: Any
    line: int
    column: int
    end: tuple[int, int]  # 0-based (line, column) just past the value
    height: int  # levels of nesting below and including it
    size: int  # nodes it stands for once aliases are expanded
    key_text: str | None = None  # the scalar's source text, used when it is a mapping key
    merge: bool = False  # the YAML merge key ``<<``


@dataclass
class _Frame:
    container: MarkedMap | MarkedList
    tag: str | None
    anchor: str | None
    line: int
    column: int
    flow: bool
    height: int = 1
    size: int = 1
    end: tuple[int, int] = (0, 0)
    pending_key: _Built | None = None
    merges: list[tuple[Any, _Built]] = field(default_factory=list)


def _loader_class() -> type[Any]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _end_line(end: tuple[int, int], start_line: int) -> int:
    line, column = end
    # A mark at column 0 is the start of the next line: the value ended on the line before.
    if column == 0 and line + 1 > start_line:
        return line
    return line + 1


class _Reader:
    def __init__(self, text: str, path: str, *, first_only: bool = False) -> None:
        self.path = path
        self.first_only = first_only
        self.loader = _loader_class()(text)
        self.anchors: dict[str, _Built] = {}
        self.stack: list[_Frame] = []
        self.alias_nodes = 0
        self.duplicates: list[Duplicate] = []
        self.document: _Built | None = None
        self.documents = 0
        self.stopped_early = False

    def error(
        self, message: str, line: int | None = None, column: int | None = None
    ) -> TemplateError:
        return TemplateError(message, path=self.path, line=line, column=column)

    def read(self) -> ReadResult:
        try:
            self._run()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
            if mark is None:
                raise self.error(problem) from None
            raise self.error(problem, mark.line + 1, mark.column + 1) from None
        except yaml.YAMLError as exc:
            raise self.error(f"invalid YAML: {exc}") from None
        finally:
            self.loader.dispose()
        value = None if self.document is None else self.document.value
        return ReadResult(value, tuple(self.duplicates), complete=not self.stopped_early)

    def _run(self) -> None:
        loader = self.loader
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent):
                self._attach(self._scalar(event))
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self._start(event)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self._attach(self._finish(event))
            elif isinstance(event, yaml.AliasEvent):
                self._attach(self._alias(event))
            elif isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1 and self.first_only:
                    self.stopped_early = True
                    return
                if self.documents > 1:
                    mark: Any = event.start_mark
                    raise self.error(
                        "more than one YAML document; a template is one document",
                        mark.line + 1,
                        mark.column + 1,
                    )

    def _start(self, event: Any) -> None:
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            raise self.error(
                f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1
            )
        container: MarkedMap | MarkedList
        if isinstance(event, yaml.MappingStartEvent):
            container = MarkedMap(mark=Mark(mark.line + 1, mark.column + 1, mark.line + 1))
        else:
            container = MarkedList(mark=Mark(mark.line + 1, mark.column + 1, mark.line + 1))
        self.stack.append(
            _Frame(
                container=container,
                tag=event.tag,
                anchor=event.anchor,
                line=mark.line,
                column=mark.column,
                flow=bool(event.flow_style),
                end=(mark.line, mark.column),
            )
        )

    def _finish(self, event: Any) -> _Built:
        frame = self.stack.pop()
        container = frame.container
        if isinstance(container, MarkedMap) and frame.merges:
            self._apply_merges(container, frame.merges)
        end = (event.end_mark.line, event.end_mark.column) if frame.flow else frame.end
        container.mark = Mark(frame.line + 1, frame.column + 1, _end_line(end, frame.line + 1))
        value: Any = container
        if frame.tag is not None and frame.tag.startswith("!") and not frame.tag.startswith("!!"):
            value = short_form(frame.tag, container, container.mark)
        built = _Built(value, frame.line, frame.column, end, frame.height, frame.size)
        self._remember(frame.anchor, built)
        return built

    def _apply_merges(self, target: MarkedMap, merges: list[tuple[Any, _Built]]) -> None:
        for value, where in merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, MarkedMap):
                    raise self.error(
                        "a merge key (<<) needs a mapping or a list of mappings",
                        where.line + 1,
                        where.column + 1,
                    )
                for key, item in source.items():
                    if key not in target:
                        target[key] = item
                        target.key_marks[key] = source.mark_of(key)

    def _scalar(self, event: Any) -> _Built:
        mark, end = event.start_mark, event.end_mark
        value = self._scalar_value(event)
        built_value: Any = value
        if event.tag is not None and event.tag.startswith("!") and not event.tag.startswith("!!"):
            here = Mark(
                mark.line + 1, mark.column + 1, _end_line((end.line, end.column), mark.line + 1)
            )
            built_value = short_form(event.tag, value, here)
        built = _Built(
            built_value,
            mark.line,
            mark.column,
            (end.line, end.column),
            height=0,
            size=1,
            key_text=event.value,
            merge=event.tag is None and event.implicit[0] and event.value == "<<",
        )
        self._remember(event.anchor, built)
        return built

    def _scalar_value(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        elif tag.startswith("!") and not tag.startswith("!!"):
            return event.value  # a short-form intrinsic's argument is text
        if tag == _STR or not tag.startswith("tag:yaml.org,2002:"):
            return event.value
        kind = tag.rsplit(":", 1)[-1]
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        constructor = yaml.constructor.SafeConstructor
        try:
            if kind == "int":
                return constructor.construct_yaml_int(self.loader, node)
            if kind == "float":
                return constructor.construct_yaml_float(self.loader, node)
            if kind == "bool":
                return constructor.construct_yaml_bool(self.loader, node)
        except (ValueError, KeyError, IndexError):  # an explicit tag on a value not of its type
            mark = event.start_mark
            raise self.error(
                f"{event.value!r} is not a valid !!{kind}", mark.line + 1, mark.column + 1
            ) from None
        if kind == "null":
            return None
        return event.value  # timestamps, binary and the rest stay text

    def _alias(self, event: Any) -> _Built:
        mark = event.start_mark
        target = self.anchors.get(event.anchor)
        if target is None:
            raise self.error(
                f"alias *{event.anchor} names no anchor defined before it",
                mark.line + 1,
                mark.column + 1,
            )
        self.alias_nodes += target.size
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise self.error(
                f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (an alias bomb?)",
                mark.line + 1,
                mark.column + 1,
            )
        if len(self.stack) + target.height > MAX_DEPTH:
            raise self.error(
                f"alias *{event.anchor} nests deeper than {MAX_DEPTH} levels",
                mark.line + 1,
                mark.column + 1,
            )
        end = event.end_mark
        return _Built(
            target.value,
            mark.line,
            mark.column,
            (end.line, end.column),
            height=target.height,
            size=target.size,
            key_text=target.key_text,
        )

    def _remember(self, anchor: str | None, built: _Built) -> None:
        if anchor is not None:
            self.anchors[anchor] = built

    def _attach(self, built: _Built) -> None:
        if not self.stack:
            self.document = built
            return
        frame = self.stack[-1]
        frame.height = max(frame.height, built.height + 1)
        frame.size += built.size
        frame.end = built.end
        container = frame.container
        if isinstance(container, MarkedList):
            container.append(built.value)
            container.item_marks.append(
                Mark(built.line + 1, built.column + 1, _end_line(built.end, built.line + 1))
            )
            return
        key = frame.pending_key
        if key is None:
            if key_text_missing(built):
                raise self.error(
                    "a mapping key must be a plain value", built.line + 1, built.column + 1
                )
            frame.pending_key = built
            return
        frame.pending_key = None
        if key.merge:
            frame.merges.append((built.value, key))
            return
        text = key.key_text if key.key_text is not None else ""
        if text in container:
            self.duplicates.append(Duplicate(text, key.line + 1, key.column + 1))
        container[text] = built.value
        container.key_marks[text] = Mark(
            key.line + 1, key.column + 1, _end_line(built.end, built.line + 1)
        )


def key_text_missing(built: _Built) -> bool:
    """True when a value cannot serve as a mapping key (a collection, or a tagged scalar)."""
    return built.key_text is None or not isinstance(built.value, str | int | float | bool | None)


def read_yaml(text: str, path: str, *, first_only: bool = False) -> ReadResult:
    """The YAML document in ``text`` as a marked tree; ``TemplateError`` when it is not one.

    A stream of several documents is an error, or, with ``first_only``, its first document
    (for telling templates from multi-document files such as Kubernetes manifests).
    """
    return _Reader(text, path, first_only=first_only).read()
