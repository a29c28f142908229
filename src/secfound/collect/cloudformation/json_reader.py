"""Reading JSON templates into the marked tree, with a line and column for every entry.

``json.loads`` keeps no positions, and reading JSON through a YAML parser is slower and
wrong on surrogate-pair escapes, so this is a small reader of its own: strings decoded by
the standard library's C ``scanstring``, everything else matched by one regular expression,
and nesting kept on an explicit stack (bounded by ``MAX_DEPTH``, never recursive).
Duplicate keys are reported like the YAML reader's.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from secfound.collect.cloudformation.tree import Mark, MarkedList, MarkedMap
from secfound.collect.cloudformation.yaml_reader import MAX_DEPTH, Duplicate, ReadResult
from secfound.errors import TemplateError

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?|(true|false|null)")
_LITERALS = {"true": True, "false": False, "null": None}
_CLOSE = {"{": "}", "[": "]"}


@dataclass
class _Frame:
    container: MarkedMap | MarkedList
    start: int
    key: str | None = None
    key_start: int = 0


class _Positions:
    """Offsets to 1-based (line, column), by binary search over the newline offsets."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def at(self, offset: int) -> tuple[int, int]:
        line = self.line(offset)
        start = self.newlines[line - 2] + 1 if line > 1 else 0
        return line, offset - start + 1


class _JsonReader:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.pos = 0
        self.where = _Positions(text)
        self.stack: list[_Frame] = []
        self.duplicates: list[Duplicate] = []

    def error(self, message: str, offset: int | None = None) -> TemplateError:
        offset = self.pos if offset is None else offset
        line, column = self.where.at(offset)
        return TemplateError(f"invalid JSON: {message}", path=self.path, line=line, column=column)

    def skip(self) -> None:
        match = _SPACE.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def mark(self, start: int, end: int) -> Mark:
        line, column = self.where.at(start)
        return Mark(line, column, self.where.line(max(start, end - 1)))

    def read(self) -> ReadResult:
        text = self.text
        if text.startswith("\ufeff"):  # a byte order mark is not content
            self.pos = 1
        self.skip()
        if self.pos >= len(text):
            return ReadResult(None)
        while True:
            value, start = self._value()
            # Attach the finished value, closing every container it completes.
            while True:
                if not self.stack:
                    self.skip()
                    if self.pos < len(text):
                        raise self.error("unexpected text after the document")
                    return ReadResult(value, tuple(self.duplicates))
                self._attach(self.stack[-1], value, start)
                self.skip()
                char = text[self.pos : self.pos + 1]
                frame = self.stack[-1]
                if char == ",":
                    self.pos += 1
                    if isinstance(frame.container, MarkedMap):
                        self._key(frame)
                    break
                closing = "}" if isinstance(frame.container, MarkedMap) else "]"
                if char != closing:
                    raise self.error(f"expected ',' or '{closing}'")
                self.pos += 1
                self.stack.pop()
                value, start = self._close(frame)

    def _value(self) -> tuple[Any, int]:
        """Read values until one is complete (opening containers on the way)."""
        text = self.text
        while True:
            self.skip()
            start = self.pos
            char = text[start : start + 1]
            if char in ("{", "["):
                if len(self.stack) >= MAX_DEPTH:
                    raise self.error(f"nesting deeper than {MAX_DEPTH} levels")
                container: MarkedMap | MarkedList = MarkedMap() if char == "{" else MarkedList()
                frame = _Frame(container, start)
                self.stack.append(frame)
                self.pos += 1
                self.skip()
                if text.startswith(_CLOSE[char], self.pos):
                    self.pos += 1
                    self.stack.pop()
                    return self._close(frame)
                if char == "{":
                    self._key(frame)
                continue
            if char == '"':
                try:
                    value, self.pos = scanstring(text, start + 1, False)
                except json.JSONDecodeError as exc:
                    raise self.error(exc.msg, exc.pos) from None
                return value, start
            match = _SCALAR.match(text, start)
            if match is None or match.end() == start:
                raise self.error("expected a value" if char else "unexpected end of file")
            self.pos = match.end()
            literal = match.group(4)
            if literal is not None:
                return _LITERALS[literal], start
            if match.group(2) or match.group(3):
                return float(match.group(0)), start
            return int(match.group(1)), start

    def _key(self, frame: _Frame) -> None:
        self.skip()
        start = self.pos
        if not self.text.startswith('"', start):
            raise self.error("expected a key in double quotes")
        try:
            key, self.pos = scanstring(self.text, start + 1, False)
        except json.JSONDecodeError as exc:
            raise self.error(exc.msg, exc.pos) from None
        self.skip()
        if not self.text.startswith(":", self.pos):
            raise self.error("expected ':' after a key")
        self.pos += 1
        frame.key, frame.key_start = key, start

    def _close(self, frame: _Frame) -> tuple[Any, int]:
        frame.container.mark = self.mark(frame.start, self.pos)
        return frame.container, frame.start

    def _attach(self, frame: _Frame, value: Any, start: int) -> None:
        container = frame.container
        end = self.pos
        if isinstance(container, MarkedList):
            container.append(value)
            container.item_marks.append(self.mark(start, end))
            return
        key = frame.key or ""
        line, column = self.where.at(frame.key_start)
        if key in container:
            self.duplicates.append(Duplicate(key, line, column))
        container[key] = value
        container.key_marks[key] = Mark(line, column, self.where.line(max(start, end - 1)))


def read_json(text: str, path: str) -> ReadResult:
    """The JSON document in ``text`` as a marked tree; ``TemplateError`` when it is not one."""
    return _JsonReader(text, path).read()
