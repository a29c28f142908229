"""HCL source to the positioned syntax tree of ``syntax.py``, through tree-sitter-hcl.

tree-sitter parses in C and keeps every position; this module walks its tree once. Syntax
errors (``ERROR`` and ``MISSING`` nodes) become a ``HclSyntaxError`` at the first error's
line and column with what was found there. Literal text in templates is taken from the
source between the template's parts, since the grammar's literal tokens leave out spaces.
Nesting deeper than ``MAX_DEPTH`` is refused: no real configuration nests that deep, and
the evaluator recurses once per level.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from secfound.collect.terraform.syntax import (
    Attribute,
    Binary,
    Block,
    Body,
    Call,
    Conditional,
    Expr,
    ForDirective,
    ForExpr,
    GetAttr,
    IfDirective,
    Index,
    Interpolation,
    Literal,
    ObjectExpr,
    Paren,
    Span,
    Splat,
    Step,
    Template,
    TemplatePart,
    Traversal,
    TupleExpr,
    Unary,
    Variable,
)

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser

MAX_DEPTH = 120

_BINARY_OPS = frozenset({"*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"})
_STEP_TYPES = frozenset({"get_attr", "index", "splat"})
_ESCAPES = re.compile(r'\\(?:[ntr"\\]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})|\$\$\{|%%\{')
_SIMPLE_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\r": "\r", '\\"': '"', "\\\\": "\\"}


class HclSyntaxError(Exception):
    """The source is not valid HCL; ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def new_parser() -> Parser:
    """A tree-sitter parser for HCL; create one per load and reuse it for every file."""
    import tree_sitter

    return tree_sitter.Parser(_language())


@cache
def _language() -> Language:
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Language(tree_sitter_hcl.language())


def parse_body(parser: Parser, source: str) -> Body:
    """The top-level body of an HCL file; raises ``HclSyntaxError``."""
    data = source.encode("utf-8")
    tree = parser.parse(data)
    root = tree.root_node
    if root.has_error:
        raise _first_error(root, data)
    converter = _Converter(data)
    body = next((c for c in root.named_children if c.type == "body"), None)
    if body is None:
        return Body()
    return converter.body(body, 0)


def top_level_blocks(parser: Parser, source: str, block_type: str) -> list[Block]:
    """The top-level blocks of one type, as ``parse_body(...).blocks_of(type)`` gives them.

    Only those blocks are converted: finding the module calls of every file of a
    repository then costs little more than tree-sitter's own parse.
    """
    data = source.encode("utf-8")
    root = parser.parse(data).root_node
    if root.has_error:
        raise _first_error(root, data)
    body = next((c for c in root.named_children if c.type == "body"), None)
    if body is None:
        return []
    converter = _Converter(data)
    converter._deeper(0, body)
    found = []
    for child in body.named_children:
        if child.type != "block":
            continue
        head = next((c for c in child.named_children if c.type == "identifier"), None)
        if head is not None and converter.text(head) == block_type:
            found.append(converter.block(child, 1))
    return found


def parse_template(parser: Parser, text: str) -> Template | Literal:
    """A template given as text (``templatefile`` content, strings of ``.tf.json`` files)."""
    if "${" not in text and "%{" not in text:
        return Literal(text, text)
    marker = "SECFOUND_EOT"
    while marker in text:
        marker += "_"
    ends_with_newline = text.endswith("\n")
    wrapped = f"x = <<{marker}\n{text}{'' if ends_with_newline else chr(10)}{marker}\n"
    body = parse_body(parser, wrapped)
    attribute = body.attribute("x")
    if attribute is None or not isinstance(attribute.expr, Template):
        raise HclSyntaxError("not a template", 1, 1)
    parts = list(attribute.expr.parts)
    if not ends_with_newline and parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1][:-1] if parts[-1].endswith("\n") else parts[-1]
    return Template(tuple(p for p in parts if p != ""), text)


def _first_error(root: Node, data: bytes) -> HclSyntaxError:
    node: Node | None = root
    while node is not None:
        found = None
        for child in node.children:
            if child.is_error or child.is_missing:
                point = child.start_point
                line, column = point.row + 1, point.column + 1
                if child.is_missing:
                    return HclSyntaxError(f"missing {child.type!r}", line, column)
                text = data[child.start_byte : child.end_byte].decode("utf-8", "replace")
                text = text.strip().splitlines()[0][:40] if text.strip() else "end of input"
                return HclSyntaxError(f"unexpected {text!r}", line, column)
            if child.has_error:
                found = child
                break
        node = found
    point = root.start_point
    text = data[root.start_byte : root.end_byte].decode("utf-8", "replace").strip()
    snippet = repr(text.splitlines()[0][:40]) if text else "end of input"
    return HclSyntaxError(f"invalid syntax at {snippet}", point.row + 1, point.column + 1)


def _span(node: Node) -> Span:
    return Span(node.start_point.row + 1, node.start_point.column + 1, node.end_point.row + 1)


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[token]
        if token == "$${":
            return "${"
        if token == "%%{":
            return "%{"
        try:
            return chr(int(token[2:], 16))
        except (ValueError, OverflowError):
            return "\ufffd"

    return _ESCAPES.sub(replace, text)


def _unescape_heredoc(text: str) -> str:
    return text.replace("$${", "${").replace("%%{", "%{")


class _Converter:
    """One walk over a tree-sitter tree, producing ``syntax`` objects."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._flush_width = 0  # inside a <<- heredoc: the indentation to remove

    def gap(self, start: int, end: int) -> str:
        """Literal template text from the source; dedented inside a ``<<-`` heredoc."""
        text = self.between(start, end)
        width = self._flush_width
        if width == 0 or not text:
            return text
        lines = text.split("\n")
        at_line_start = start == 0 or self.data[start - 1 : start] == b"\n"
        fixed = []
        for i, line in enumerate(lines):
            cut = 0
            if i > 0 or at_line_start:
                cut = min(len(line) - len(line.lstrip(" \t")), width)
            fixed.append(line[cut:])
        return "\n".join(fixed)

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def between(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "replace")

    def _deeper(self, depth: int, node: Node) -> int:
        if depth >= MAX_DEPTH:
            point = node.start_point
            raise HclSyntaxError(
                f"nesting deeper than {MAX_DEPTH} levels", point.row + 1, point.column + 1
            )
        return depth + 1

    # -- bodies ---------------------------------------------------------------------------

    def body(self, node: Node, depth: int) -> Body:
        depth = self._deeper(depth, node)
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        for child in node.named_children:
            if child.type == "attribute":
                name = child.named_children[0]
                expr = next(c for c in child.named_children if c.type == "expression")
                attributes.append(
                    Attribute(self.text(name), self.expression(expr, depth), _span(child))
                )
            elif child.type == "block":
                blocks.append(self.block(child, depth))
        return Body(tuple(attributes), tuple(blocks))

    def block(self, node: Node, depth: int) -> Block:
        block_type = ""
        labels: list[str] = []
        body = Body()
        for child in node.named_children:
            if child.type == "identifier":
                if not block_type:
                    block_type = self.text(child)
                else:
                    labels.append(self.text(child))
            elif child.type == "string_lit":
                labels.append(self.string_lit(child))
            elif child.type == "body":
                body = self.body(child, depth)
        return Block(block_type, tuple(labels), body, _span(node))

    def string_lit(self, node: Node) -> str:
        children = node.children
        if len(children) >= 2:
            return _unescape(self.between(children[0].end_byte, children[-1].start_byte))
        return ""

    # -- expressions ----------------------------------------------------------------------

    def expression(self, node: Node, depth: int) -> Expr:
        depth = self._deeper(depth, node)
        children = [c for c in node.children if c.type != "comment"]
        if len(children) == 1 and children[0].type in ("conditional", "operation"):
            return self.term(children[0], depth)
        if len(children) == 1 and children[0].type == "expression":
            return self.expression(children[0], depth)
        return self.sequence(children, node, depth)

    def sequence(self, children: list[Node], whole: Node, depth: int) -> Expr:
        """A term (maybe parenthesized) followed by attribute, index and splat steps."""
        if not children:
            raise HclSyntaxError("empty expression", *_point(whole))
        first = children[0]
        if first.type == "(":
            inner = next(c for c in children if c.type == "expression")
            close = next(i for i, c in enumerate(children) if c.type == ")")
            base: Expr = Paren(
                self.expression(inner, depth),
                self.between(first.start_byte, children[close].end_byte),
            )
            rest = children[close + 1 :]
        else:
            base = self.term(first, depth)
            rest = children[1:]
        steps = self.steps(rest, first.start_byte, depth)
        if not steps:
            return base
        return Traversal(base, steps, self.between(first.start_byte, rest[-1].end_byte))

    def steps(self, nodes: list[Node], start: int, depth: int) -> tuple[Step, ...]:
        steps: list[Step] = []
        for node in nodes:
            if node.type == "comment":
                continue
            text = self.between(start, node.end_byte)
            if node.type == "get_attr":
                ident = next(c for c in node.named_children if c.type == "identifier")
                steps.append(GetAttr(self.text(ident), text))
            elif node.type == "index":
                inner = node.named_children[0]
                if inner.type == "legacy_index":
                    raw = self.text(inner).lstrip(".")
                    steps.append(Index(Literal(int(raw) if raw.isdigit() else raw, raw), text))
                else:
                    expr = next(c for c in inner.named_children if c.type == "expression")
                    steps.append(Index(self.expression(expr, depth), text))
            elif node.type == "splat":
                inner = node.named_children[0]
                sub = [c for c in inner.children if c.type in ("get_attr", "index")]
                steps.append(Splat(self.steps(sub, start, depth), text))
            else:
                raise HclSyntaxError(f"unexpected {self.text(node)[:40]!r}", *_point(node))
        return tuple(steps)

    def term(self, node: Node, depth: int) -> Expr:
        depth = self._deeper(depth, node)
        kind = node.type
        text = self.text(node)
        if kind == "expression":
            return self.expression(node, depth)
        if kind == "literal_value":
            return self.literal(node.named_children[0], text)
        if kind == "variable_expr":
            return Variable(text, text)
        if kind == "collection_value":
            return self.term(node.named_children[0], depth)
        if kind == "tuple":
            items = [
                self.expression(c, depth) for c in node.named_children if c.type == "expression"
            ]
            return TupleExpr(tuple(items), text)
        if kind == "object":
            pairs: list[tuple[Expr, Expr]] = []
            for elem in node.named_children:
                if elem.type != "object_elem":
                    continue
                key_node = elem.child_by_field_name("key")
                value_node = elem.child_by_field_name("val")
                if key_node is None or value_node is None:
                    raise HclSyntaxError("incomplete object element", *_point(elem))
                key = self.expression(key_node, depth)
                if isinstance(key, Variable):
                    key = Literal(key.name, key.text)
                pairs.append((key, self.expression(value_node, depth)))
            return ObjectExpr(tuple(pairs), text)
        if kind == "function_call":
            return self.call(node, text, depth)
        if kind == "conditional":
            exprs = [c for c in node.named_children if c.type == "expression"]
            if len(exprs) != 3:
                raise HclSyntaxError("incomplete conditional", *_point(node))
            cond, yes, no = (self.expression(e, depth) for e in exprs)
            return Conditional(cond, yes, no, text)
        if kind == "operation":
            return self.term(node.named_children[0], depth)
        if kind == "binary_operation":
            children = [c for c in node.children if c.type != "comment"]
            at = next(i for i, c in enumerate(children) if not c.is_named and c.type in _BINARY_OPS)
            left = self.operand(children[:at], node, depth)
            right = self.operand(children[at + 1 :], node, depth)
            return Binary(children[at].type, left, right, text)
        if kind == "unary_operation":
            children = [c for c in node.children if c.type != "comment"]
            return Unary(children[0].type, self.operand(children[1:], node, depth), text)
        if kind == "for_expr":
            return self.for_expr(node.named_children[0], text, depth)
        if kind == "template_expr":
            inner = node.named_children[0]
            if inner.type == "heredoc_template":
                return self.heredoc(inner, text, depth)
            return self.quoted(inner, text, depth)
        raise HclSyntaxError(f"unexpected {text[:40]!r}", *_point(node))

    def operand(self, children: list[Node], whole: Node, depth: int) -> Expr:
        if len(children) == 1:
            return self.term(children[0], depth)
        return self.sequence(children, whole, depth)

    def literal(self, node: Node, text: str) -> Expr:
        kind = node.type
        if kind == "numeric_lit":
            return Literal(parse_number(text), text)
        if kind == "bool_lit":
            return Literal(text == "true", text)
        if kind == "null_lit":
            return Literal(None, text)
        return Literal(self.string_lit(node), text)

    def call(self, node: Node, text: str, depth: int) -> Expr:
        name = self.text(node.named_children[0])
        args: list[Expr] = []
        expand = False
        arguments = next((c for c in node.named_children if c.type == "function_arguments"), None)
        if arguments is not None:
            for child in arguments.named_children:
                if child.type == "expression":
                    args.append(self.expression(child, depth))
                elif child.type == "ellipsis":
                    expand = True
        return Call(name, tuple(args), expand, text)

    def for_expr(self, node: Node, text: str, depth: int) -> Expr:
        intro = next(c for c in node.named_children if c.type == "for_intro")
        names = [self.text(c) for c in intro.named_children if c.type == "identifier"]
        collection = next(c for c in intro.named_children if c.type == "expression")
        exprs = [c for c in node.named_children if c.type == "expression"]
        cond_node = next((c for c in node.named_children if c.type == "for_cond"), None)
        condition = None
        if cond_node is not None:
            cond_expr = next(c for c in cond_node.named_children if c.type == "expression")
            condition = self.expression(cond_expr, depth)
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        grouping = any(c.type == "ellipsis" for c in node.named_children)
        if node.type == "for_object_expr":
            if len(exprs) != 2:
                raise HclSyntaxError("incomplete for expression", *_point(node))
            key_expr = self.expression(exprs[0], depth)
            value_expr = self.expression(exprs[1], depth)
        else:
            if len(exprs) != 1:
                raise HclSyntaxError("incomplete for expression", *_point(node))
            key_expr = None
            value_expr = self.expression(exprs[0], depth)
        return ForExpr(
            key_var,
            value_var,
            self.expression(collection, depth),
            key_expr,
            value_expr,
            condition,
            grouping,
            text,
        )

    # -- templates ------------------------------------------------------------------------

    def quoted(self, node: Node, text: str, depth: int) -> Expr:
        children = node.children
        parts = self.parts(children[1:-1], children[0].end_byte, children[-1].start_byte, depth)
        cooked = tuple(_unescape(p) if isinstance(p, str) else p for p in parts)
        return _template(cooked, text[1:-1] if text.startswith('"') else text)

    def heredoc(self, node: Node, text: str, depth: int) -> Expr:
        children = node.children
        idents = [c for c in children if c.type == "heredoc_identifier"]
        flush = any(c.type == "heredoc_start" and self.text(c) == "<<-" for c in children)
        start = (
            self.data.index(b"\n", idents[0].end_byte) + 1
            if b"\n" in self.data[idents[0].end_byte :]
            else idents[0].end_byte
        )
        if len(idents) >= 2:
            close = idents[-1]
            end = close.start_byte - close.start_point.column
        else:
            end = node.end_byte
        start = min(start, end)
        inner = [c for c in children if c.type in ("template_interpolation", "template_directive")]
        raw = self.between(start, end)
        saved = self._flush_width
        self._flush_width = _indent_width(raw) if flush else 0
        try:
            parts = self.parts(inner, start, end, depth)
        finally:
            self._flush_width = saved
        cooked = tuple(_unescape_heredoc(p) if isinstance(p, str) else p for p in parts)
        return _template(cooked, raw)

    def parts(self, nodes: list[Node], start: int, end: int, depth: int) -> list[TemplatePart]:
        """Template parts between byte offsets; literal text comes from the gaps."""
        parts: list[TemplatePart] = []
        strip_next = False
        position = start
        for node in nodes:
            if node.type not in ("template_interpolation", "template_directive"):
                continue
            gap = self.gap(position, node.start_byte)
            strip_before, strip_after = self._strips(node)
            if strip_next:
                gap = gap.lstrip()
            if strip_before:
                gap = gap.rstrip()
            if gap:
                parts.append(gap)
            if node.type == "template_interpolation":
                expr = next(c for c in node.named_children if c.type == "expression")
                parts.append(Interpolation(self.expression(expr, depth)))
            else:
                parts.append(self.directive(node.named_children[0], depth))
            strip_next = strip_after
            position = node.end_byte
        gap = self.gap(position, end)
        if strip_next:
            gap = gap.lstrip()
        if gap:
            parts.append(gap)
        return parts

    def _strips(self, node: Node) -> tuple[bool, bool]:
        """Whether ``~`` strips whitespace before and after this interpolation or directive."""
        if node.type == "template_directive":
            inner = node.named_children[0]
            first, last = inner.named_children[0], inner.named_children[-1]
            return _has_strip(first, leading=True), _has_strip(last, leading=False)
        return _has_strip(node, leading=True), _has_strip(node, leading=False)

    def directive(self, node: Node, depth: int) -> TemplatePart:
        depth = self._deeper(depth, node)
        children = node.named_children
        if node.type == "template_if":
            intro = children[0]
            cond = next(c for c in intro.named_children if c.type == "expression")
            else_intro = next((c for c in children if c.type == "template_else_intro"), None)
            end_node = children[-1]
            middle = [c for c in children[1:-1] if c is not else_intro]
            if else_intro is None:
                then_parts = self.branch(middle, intro, end_node, depth)
                else_parts: list[TemplatePart] = []
            else:
                before = [c for c in middle if c.end_byte <= else_intro.start_byte]
                after = [c for c in middle if c.start_byte >= else_intro.end_byte]
                then_parts = self.branch(before, intro, else_intro, depth)
                else_parts = self.branch(after, else_intro, end_node, depth)
            return IfDirective(self.expression(cond, depth), tuple(then_parts), tuple(else_parts))
        if node.type == "template_for":
            intro = children[0]
            names = [self.text(c) for c in intro.named_children if c.type == "identifier"]
            coll = next(c for c in intro.named_children if c.type == "expression")
            key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
            body = self.branch(children[1:-1], intro, children[-1], depth)
            return ForDirective(key_var, value_var, self.expression(coll, depth), tuple(body))
        raise HclSyntaxError(f"unexpected {self.text(node)[:40]!r}", *_point(node))

    def branch(
        self, nodes: list[Node], opener: Node, closer: Node, depth: int
    ) -> list[TemplatePart]:
        parts = self.parts(nodes, opener.end_byte, closer.start_byte, depth)
        if _has_strip(opener, leading=False) and parts and isinstance(parts[0], str):
            parts[0] = parts[0].lstrip()
        if _has_strip(closer, leading=True) and parts and isinstance(parts[-1], str):
            parts[-1] = parts[-1].rstrip()
        return [p for p in parts if p != ""]


def _has_strip(node: Node, *, leading: bool) -> bool:
    """A ``~`` right after the opening ``${``/``%{`` (leading) or right before the ``}``."""
    children = node.children
    if len(children) < 2:
        return False
    neighbour = children[1] if leading else children[-2]
    return neighbour.type == "strip_marker"


def _point(node: Node) -> tuple[int, int]:
    return node.start_point.row + 1, node.start_point.column + 1


def _template(parts: tuple[TemplatePart, ...], text: str) -> Expr:
    if not parts:
        return Literal("", text)
    if len(parts) == 1 and isinstance(parts[0], str):
        return Literal(parts[0], text)
    return Template(parts, text)


def _indent_width(raw: str) -> int:
    """``<<-``: the smallest indentation of the heredoc's non-blank lines."""
    indents = [len(line) - len(line.lstrip(" \t")) for line in raw.split("\n") if line.strip()]
    return min(indents, default=0)


def parse_number(text: str) -> int | float:
    """An HCL number literal: an int when integral, else a float."""
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    value = float(text)
    if value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value
