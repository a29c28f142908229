"""The positioned syntax tree secfound evaluates: HCL and Terraform JSON both become this.

The tree-sitter tree is walked once and turned into these small immutable objects, so the
evaluator never touches tree-sitter and ``.tf.json`` files (which have no HCL syntax) share
every later step. Each expression keeps its source ``text``: an ``Unresolved`` value names
the expression it came from, as the user wrote it.

The nodes are ``NamedTuple`` classes rather than frozen dataclasses: some twenty node
types built as dataclasses cost a scan about 20 ms of start-up, half of this package's
import time, and a ``scan`` must start in a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeAlias


class Span(NamedTuple):
    """1-based line and column of a construct's start, and the line it ends on."""

    line: int
    column: int
    end_line: int


# ---------------------------------------------------------------------------------------
# Expressions


class Literal(NamedTuple):
    """A number, bool, null or string with no interpolation."""

    value: Any
    text: str


class Interpolation(NamedTuple):
    expr: Expr


class IfDirective(NamedTuple):
    condition: Expr
    then_parts: tuple[TemplatePart, ...]
    else_parts: tuple[TemplatePart, ...]


class ForDirective(NamedTuple):
    key_var: str | None
    value_var: str
    collection: Expr
    body: tuple[TemplatePart, ...]


TemplatePart: TypeAlias = "str | Interpolation | IfDirective | ForDirective"


class Template(NamedTuple):
    """A string template: literal text, ``${...}`` interpolations and ``%{...}`` directives."""

    parts: tuple[TemplatePart, ...]
    text: str


class TupleExpr(NamedTuple):
    items: tuple[Expr, ...]
    text: str


class ObjectExpr(NamedTuple):
    items: tuple[tuple[Expr, Expr], ...]
    text: str


class Variable(NamedTuple):
    """A bare name: ``var``, ``local``, ``aws_s3_bucket``, an iteration variable."""

    name: str
    text: str


class Paren(NamedTuple):
    """A parenthesized expression (it matters for object keys: ``(k) = 1`` evaluates k)."""

    expr: Expr
    text: str


class GetAttr(NamedTuple):
    name: str
    text: str  # the traversal's text up to and including this step


class Index(NamedTuple):
    key: Expr
    text: str


class Splat(NamedTuple):
    """``[*]`` (full) or ``.*`` (attribute-only) with the steps applied to each element."""

    steps: tuple[Step, ...]
    text: str


Step: TypeAlias = "GetAttr | Index | Splat"


class Traversal(NamedTuple):
    base: Expr
    steps: tuple[Step, ...]
    text: str


class Call(NamedTuple):
    name: str
    args: tuple[Expr, ...]
    expand_final: bool
    text: str


class Conditional(NamedTuple):
    condition: Expr
    true_expr: Expr
    false_expr: Expr
    text: str


class Binary(NamedTuple):
    op: str
    left: Expr
    right: Expr
    text: str


class Unary(NamedTuple):
    op: str
    operand: Expr
    text: str


class ForExpr(NamedTuple):
    """``[for k, v in c : v if cond]`` or ``{for k, v in c : k => v... if cond}``."""

    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None  # None for a tuple result
    value_expr: Expr
    condition: Expr | None
    grouping: bool
    text: str


class Expr(Protocol):
    """Any expression node (Literal, Template, TupleExpr, ObjectExpr, Variable, Paren,
    Traversal, Call, Conditional, Binary, Unary, ForExpr); each keeps its source text.

    A protocol rather than the union of those classes: the union of a dozen recursive
    NamedTuples made the type checker take minutes on every ``isinstance`` narrowing.
    """

    @property
    def text(self) -> str: ...


# ---------------------------------------------------------------------------------------
# Bodies


class Attribute(NamedTuple):
    name: str
    expr: Expr
    span: Span


class Block(NamedTuple):
    type: str
    labels: tuple[str, ...]
    body: Body
    span: Span


class Body:
    """Attributes and nested blocks of a file or block, in source order."""

    __slots__ = ("_by_name", "attributes", "blocks")

    def __init__(self, attributes: tuple[Attribute, ...] = (), blocks: tuple[Block, ...] = ()):
        self.attributes = attributes
        self.blocks = blocks
        self._by_name = {a.name: a for a in attributes}

    def attribute(self, name: str) -> Attribute | None:
        return self._by_name.get(name)

    def blocks_of(self, block_type: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.type == block_type)


class SourceFile(NamedTuple):
    """One parsed ``.tf`` or ``.tf.json`` file; ``display`` is its path for messages."""

    path: Path
    display: str
    body: Body
