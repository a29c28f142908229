"""Terraform's JSON syntax (``.tf.json``) to the same syntax tree as HCL files.

Block structure comes from the top-level keys (``resource``, ``data``, ``module``,
``variable``, ``output``, ``locals``); strings are templates (``"${var.x}"``). Inside a
block JSON cannot tell a nested block from an object argument, so nested objects stay
object arguments and normalizers accept a block written either way. JSON keeps no
positions: a block's line is where its name first appears after its type.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from secfound.collect.terraform.parse import MAX_DEPTH, HclSyntaxError, parse_template
from secfound.collect.terraform.syntax import (
    Attribute,
    Block,
    Body,
    Expr,
    Literal,
    ObjectExpr,
    Span,
    TupleExpr,
)
from secfound.collect.terraform.values import normalize_number

if TYPE_CHECKING:
    from tree_sitter import Parser

_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1}


def parse_json_body(parser: Parser, source: str) -> Body:
    """The body of a ``.tf.json`` file; raises ``HclSyntaxError`` for bad JSON or shapes."""
    try:
        document = json.loads(source)
    except json.JSONDecodeError as exc:
        raise HclSyntaxError(f"not JSON: {exc.msg}", exc.lineno, exc.colno) from exc
    except RecursionError as exc:
        raise HclSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", 1, 1) from exc
    if not isinstance(document, dict):
        raise HclSyntaxError("a .tf.json file must hold a JSON object", 1, 1)
    builder = _Builder(parser, source)
    blocks: list[Block] = []
    for key, value in document.items():
        if key == "locals":
            for entry in value if isinstance(value, list) else [value]:
                blocks.append(Block("locals", (), builder.attributes(entry, 0), builder.span()))
        elif key in _LABELS:
            blocks.extend(builder.labelled(key, value, _LABELS[key]))
    return Body((), tuple(blocks))


class _Builder:
    def __init__(self, parser: Parser, source: str) -> None:
        self.parser = parser
        self.source = source
        self.lines = source.split("\n")

    def span(self, *names: str) -> Span:
        """Where ``"names[0]"`` … ``"names[-1]"`` first appear in that order; else line 1."""
        position = 0
        for name in names:
            found = self.source.find(json.dumps(name), position)
            if found < 0:
                return Span(1, 1, 1)
            position = found
        line = self.source.count("\n", 0, position) + 1
        column = position - (self.source.rfind("\n", 0, position) + 1) + 1
        return Span(line, column, line)

    def labelled(
        self, kind: str, value: Any, depth: int, labels: tuple[str, ...] = ()
    ) -> list[Block]:
        entries = value if isinstance(value, list) else [value]
        blocks: list[Block] = []
        for entry in entries:
            if not isinstance(entry, dict):
                raise HclSyntaxError(f"{kind}: expected an object", 1, 1)
            for name, inner in entry.items():
                if depth > 1:
                    blocks.extend(self.labelled(kind, inner, depth - 1, (*labels, name)))
                    continue
                full = (*labels, name)
                for body in inner if isinstance(inner, list) else [inner]:
                    if not isinstance(body, dict):
                        raise HclSyntaxError(f"{kind} {'.'.join(full)}: expected an object", 1, 1)
                    blocks.append(
                        Block(kind, full, self.attributes(body, 0, kind), self.span(*full))
                    )
        return blocks

    def attributes(self, entry: Any, depth: int, kind: str = "") -> Body:
        if not isinstance(entry, dict):
            raise HclSyntaxError("expected an object of arguments", 1, 1)
        attributes = []
        for name, value in entry.items():
            if name == "//":
                continue
            if kind == "variable" and name == "type" and isinstance(value, str):
                expr: Expr = Literal(value, value)
            else:
                expr = self.expression(value, depth)
            attributes.append(Attribute(name, expr, Span(1, 1, 1)))
        return Body(tuple(attributes), ())

    def expression(self, value: Any, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            raise HclSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", 1, 1)
        text = _text(value)
        if isinstance(value, str):
            return parse_template(self.parser, value)
        if isinstance(value, list):
            return TupleExpr(tuple(self.expression(v, depth + 1) for v in value), text)
        if isinstance(value, dict):
            items = tuple(
                (Literal(k, json.dumps(k)), self.expression(v, depth + 1))
                for k, v in value.items()
                if k != "//"
            )
            return ObjectExpr(items, text)
        if isinstance(value, float):
            return Literal(normalize_number(value), text)
        return Literal(value, text)


def _text(value: Any) -> str:
    # Containers are not written out: re-encoding every level would be quadratic.
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    return json.dumps(value)
