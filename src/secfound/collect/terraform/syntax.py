"""The positioned syntax tree secfound evaluates: HCL and Terraform JSON both become this.

The tree-sitter tree is walked once and turned into these small frozen objects, so the
evaluator never touches tree-sitter and ``.tf.json`` files (which have no HCL syntax) share
every later step. Each expression keeps its source ``text``: an ``Unresolved`` value names
the expression it came from, as the user wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias


@dataclass(frozen=True)
class Span:
    """1-based line and column of a construct's start, and the line it ends on."""

    line: int
    column: int
    end_line: int


# ---------------------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True)
class Literal:
    """A number, bool, null or string with no interpolation."""

    value: Any
    text: str


@dataclass(frozen=True)
class Interpolation:
    expr: Expr


@dataclass(frozen=True)
class IfDirective:
    condition: Expr
    then_parts: tuple[TemplatePart, ...]
    else_parts: tuple[TemplatePart, ...]


@dataclass(frozen=True)
class ForDirective:
    key_var: str | None
    value_var: str
    collection: Expr
    body: tuple[TemplatePart, ...]


TemplatePart: TypeAlias = "str | Interpolation | IfDirective | ForDirective"


@dataclass(frozen=True)
class Template:
    """A string template: literal text, ``${...}`` interpolations and ``%{...}`` directives."""

    parts: tuple[TemplatePart, ...]
    text: str


@dataclass(frozen=True)
class TupleExpr:
    items: tuple[Expr, ...]
    text: str


@dataclass(frozen=True)
class ObjectExpr:
    items: tuple[tuple[Expr, Expr], ...]
    text: str


@dataclass(frozen=True)
class Variable:
    """A bare name: ``var``, ``local``, ``aws_s3_bucket``, an iteration variable."""

    name: str
    text: str


@dataclass(frozen=True)
class Paren:
    """A parenthesized expression (it matters for object keys: ``(k) = 1`` evaluates k)."""

    expr: Expr
    text: str


@dataclass(frozen=True)
class GetAttr:
    name: str
    text: str  # the traversal's text up to and including this step


@dataclass(frozen=True)
class Index:
    key: Expr
    text: str


@dataclass(frozen=True)
class Splat:
    """``[*]`` (full) or ``.*`` (attribute-only) with the steps applied to each element."""

    steps: tuple[Step, ...]
    text: str


Step: TypeAlias = "GetAttr | Index | Splat"


@dataclass(frozen=True)
class Traversal:
    base: Expr
    steps: tuple[Step, ...]
    text: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    expand_final: bool
    text: str


@dataclass(frozen=True)
class Conditional:
    condition: Expr
    true_expr: Expr
    false_expr: Expr
    text: str


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr
    text: str


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Expr
    text: str


@dataclass(frozen=True)
class ForExpr:
    """``[for k, v in c : v if cond]`` or ``{for k, v in c : k => v... if cond}``."""

    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None  # None for a tuple result
    value_expr: Expr
    condition: Expr | None
    grouping: bool
    text: str


Expr: TypeAlias = (
    "Literal | Template | TupleExpr | ObjectExpr | Variable | Paren | Traversal | Call"
    " | Conditional | Binary | Unary | ForExpr"
)


# ---------------------------------------------------------------------------------------
# Bodies


@dataclass(frozen=True)
class Attribute:
    name: str
    expr: Expr
    span: Span


@dataclass(frozen=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    span: Span


@dataclass(frozen=True)
class Body:
    attributes: tuple[Attribute, ...] = ()
    blocks: tuple[Block, ...] = ()
    _by_name: dict[str, Attribute] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({a.name: a for a in self.attributes})

    def attribute(self, name: str) -> Attribute | None:
        return self._by_name.get(name)

    def blocks_of(self, block_type: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.type == block_type)


@dataclass(frozen=True)
class SourceFile:
    """One parsed ``.tf`` or ``.tf.json`` file; ``display`` is its path for messages."""

    path: Path
    display: str
    body: Body
