"""Evaluating Terraform expressions: operators, templates, for, splat, references, calls.

Two outcomes besides a value: an expression Terraform would reject raises ``EvalError``
(``value_of`` turns it into an ``Unresolved`` naming the expression and the reason), and an
expression that depends on something unknown evaluates to an ``Unresolved`` that flows on as
a value. Unknown is never a guess: ``x == "a"`` with ``x`` unknown is unknown, not false.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.functions import FUNCTIONS, FunctionContext, Tolerance
from secfound.collect.terraform.parse import HclSyntaxError, parse_template
from secfound.collect.terraform.syntax import (
    Binary,
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
    Splat,
    Step,
    Template,
    TemplatePart,
    Traversal,
    TupleExpr,
    Unary,
    Variable,
)
from secfound.collect.terraform.values import (
    EvalError,
    JsonText,
    Namespace,
    contains_unresolved,
    hcl_equal,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)
from secfound.errors import UnresolvedValueError
from secfound.model.values import Unresolved

# A for expression or directive producing more elements than this is refused: it is a
# configuration written to stall a scanner, not a real one.
MAX_ELEMENTS = 100_000


class Scope:
    """Names visible to an expression: iteration variables first, then the module's names."""

    __slots__ = ("_bindings", "_parent", "_resolve")

    def __init__(
        self,
        resolve: Callable[[str, str], Any] | None = None,
        bindings: Mapping[str, Any] | None = None,
        parent: Scope | None = None,
    ) -> None:
        self._resolve = resolve
        self._bindings = dict(bindings or {})
        self._parent = parent

    def lookup(self, name: str, text: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope._bindings:
                return scope._bindings[name]
            if scope._resolve is not None:
                return scope._resolve(name, text)
            scope = scope._parent
        raise EvalError(f"unknown name {name!r}")

    def bind(self, bindings: Mapping[str, Any]) -> Scope:
        return Scope(None, bindings, self)


def _literal(expr: Literal, _scope: Scope) -> Any:
    return expr.value


def _variable(expr: Variable, scope: Scope) -> Any:
    return scope.lookup(expr.name, expr.text)


class Evaluator:
    """Evaluates expressions of one load; ``context`` serves file and template functions."""

    def __init__(self, context: FunctionContext) -> None:
        self.context = context
        self._elements = 0  # iterated by the outermost value_of in progress
        self._depth = 0
        # One dictionary lookup per expression instead of a chain of isinstance tests:
        # evaluation is most of a Terraform scan's time beyond parsing.
        self._handlers: dict[type, Callable[[Any, Scope], Any]] = {
            Literal: _literal,
            Traversal: self._traversal,
            Variable: _variable,
            Template: self._template,
            TupleExpr: self._tuple,
            ObjectExpr: self._object,
            Call: self._call,
            Conditional: self._conditional,
            Binary: self._binary,
            Unary: self._unary,
            ForExpr: self._for,
            Paren: self._paren,
        }

    # -- entry points ---------------------------------------------------------------------

    def value_of(self, expr: Expr, scope: Scope) -> Any:
        """The value of ``expr``; an error becomes an ``Unresolved`` that says why."""
        if self._depth == 0:
            self._elements = 0
        self._depth += 1
        try:
            return materialize(self.evaluate(expr, scope), expr.text)
        except EvalError as exc:
            return Unresolved(f"{_clip(expr.text)} ({exc})")
        except UnresolvedValueError:
            return Unresolved(_clip(expr.text))
        except RecursionError:
            return Unresolved(f"{_clip(expr.text)} (nested too deeply to evaluate)")
        finally:
            self._depth -= 1

    def evaluate(self, expr: Expr, scope: Scope) -> Any:
        value = self._eval(expr, scope)
        if isinstance(value, Namespace):
            return value.value(expr.text)
        return value

    # -- dispatch -------------------------------------------------------------------------

    def _eval(self, expr: Expr, scope: Scope) -> Any:
        handler = self._handlers.get(type(expr))
        if handler is None:
            raise EvalError(f"cannot evaluate {type(expr).__name__}")
        return handler(expr, scope)

    def _tuple(self, expr: TupleExpr, scope: Scope) -> Any:
        return [self.evaluate(item, scope) for item in expr.items]

    def _paren(self, expr: Paren, scope: Scope) -> Any:
        return self._eval(expr.expr, scope)

    def _object(self, expr: ObjectExpr, scope: Scope) -> Any:
        out: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            key = self.evaluate(key_expr, scope)
            if isinstance(key, Unresolved):
                return Unresolved(_clip(expr.text))
            out[to_string(key)] = self.evaluate(value_expr, scope)
        return out

    # -- references -----------------------------------------------------------------------

    def _traversal(self, expr: Traversal, scope: Scope) -> Any:
        value = self._eval(expr.base, scope)
        return self._steps(value, expr.steps, scope, expr.text)

    def _steps(self, value: Any, steps: tuple[Step, ...], scope: Scope, whole: str) -> Any:
        for i, step in enumerate(steps):
            if isinstance(value, Unresolved):
                # An unknown object: whatever is read from it is unknown too.
                return Unresolved(_clip(whole))
            if isinstance(step, Splat):
                return self._splat(value, step, steps[i + 1 :], scope, whole)
            if isinstance(step, GetAttr):
                value = self._get_attr(value, step)
            else:
                value = self._index(value, step, scope)
        return value

    def _get_attr(self, value: Any, step: GetAttr) -> Any:
        if isinstance(value, Namespace):
            return value.attribute(step.name, step.text)
        if isinstance(value, dict):
            if step.name not in value:
                raise EvalError(f"{step.text}: no attribute {step.name!r}")
            return value[step.name]
        if value is None:
            raise EvalError(f"{step.text}: attribute of a null value")
        raise EvalError(f"{step.text}: a {_kind(value)} has no attributes")

    def _index(self, value: Any, step: Index, scope: Scope) -> Any:
        key = self.evaluate(step.key, scope)
        if isinstance(key, Unresolved):
            return Unresolved(_clip(step.text))
        if isinstance(value, Namespace):
            return value.attribute(to_string(key), step.text)
        if isinstance(value, dict):
            name = to_string(key)
            if name not in value:
                raise EvalError(f"{step.text}: no key {name!r}")
            return value[name]
        if isinstance(value, list):
            position = to_number(key)
            if not isinstance(position, int) or not 0 <= position < len(value):
                raise EvalError(f"{step.text}: index {position} out of range")
            return value[position]
        raise EvalError(f"{step.text}: cannot index a {_kind(value)}")

    def _splat(
        self, value: Any, splat: Splat, rest: tuple[Step, ...], scope: Scope, whole: str
    ) -> Any:
        if isinstance(value, Namespace):
            value = value.value(splat.text)
        if value is None:
            items: list[Any] = []
        elif isinstance(value, list):
            items = value
        else:
            items = [value]
        results = [self._steps(item, splat.steps, scope, whole) for item in items]
        return self._steps(results, rest, scope, whole) if rest else results

    # -- templates ------------------------------------------------------------------------

    def _template(self, expr: Template, scope: Scope) -> Any:
        if len(expr.parts) == 1 and isinstance(expr.parts[0], Interpolation):
            # "${x}" is x itself, of whatever type.
            return self.evaluate(expr.parts[0].expr, scope)
        pieces: list[str | Unresolved] = []
        self._render(expr.parts, scope, pieces)
        if all(isinstance(p, str) for p in pieces):
            return "".join(p for p in pieces if isinstance(p, str))
        hint = "".join(
            p if isinstance(p, str) else (p.template or "${" + p.expression + "}") for p in pieces
        )
        return Unresolved(_clip(expr.text), template=hint)

    def _render(
        self, parts: tuple[TemplatePart, ...], scope: Scope, out: list[str | Unresolved]
    ) -> None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Interpolation):
                value = self.evaluate(part.expr, scope)
                out.append(_template_piece(value, part.expr.text))
            elif isinstance(part, IfDirective):
                condition = self.evaluate(part.condition, scope)
                if isinstance(condition, Unresolved):
                    out.append(Unresolved(_clip(part.condition.text)))
                    continue
                branch = part.then_parts if to_bool(condition) else part.else_parts
                self._render(branch, scope, out)
            else:
                self._render_for(part, scope, out)

    def _render_for(self, part: ForDirective, scope: Scope, out: list[str | Unresolved]) -> None:
        collection = self.evaluate(part.collection, scope)
        if contains_unresolved_keys(collection):
            out.append(Unresolved(_clip(part.collection.text)))
            return
        for key, value in self._pairs(collection):
            bindings = {part.value_var: value}
            if part.key_var is not None:
                bindings[part.key_var] = key
            self._render(part.body, scope.bind(bindings), out)

    # -- operators ------------------------------------------------------------------------

    def _conditional(self, expr: Conditional, scope: Scope) -> Any:
        condition = self.evaluate(expr.condition, scope)
        if isinstance(condition, Unresolved):
            return Unresolved(_clip(expr.text))
        chosen = expr.true_expr if to_bool(condition) else expr.false_expr
        return self.evaluate(chosen, scope)

    def _binary(self, expr: Binary, scope: Scope) -> Any:
        left = self.evaluate(expr.left, scope)
        right = self.evaluate(expr.right, scope)
        op = expr.op
        if op in ("&&", "||"):
            return _logical(op, left, right, expr.text)
        if contains_unresolved(left) or contains_unresolved(right):
            return Unresolved(_clip(expr.text))
        if op == "==":
            return hcl_equal(left, right)
        if op == "!=":
            return not hcl_equal(left, right)
        a, b = to_number(left), to_number(right)
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        if op == ">=":
            return a >= b
        if op == "+":
            return _finite(a + b)
        if op == "-":
            return _finite(a - b)
        if op == "*":
            return _finite(a * b)
        if b == 0:
            raise EvalError("division by zero")
        if op == "/":
            if isinstance(a, int) and isinstance(b, int) and a % b == 0:
                return a // b
            return _finite(a / b)
        if op == "%":
            if isinstance(a, int) and isinstance(b, int):
                return int(math.fmod(a, b)) if abs(a) < 2**53 else a - b * int(a / b)
            return _finite(math.fmod(a, b))
        raise EvalError(f"unknown operator {op}")

    def _unary(self, expr: Unary, scope: Scope) -> Any:
        value = self.evaluate(expr.operand, scope)
        if isinstance(value, Unresolved):
            return Unresolved(_clip(expr.text))
        if expr.op == "!":
            return not to_bool(value)
        return normalize_number(-to_number(value))

    # -- for expressions ------------------------------------------------------------------

    def _for(self, expr: ForExpr, scope: Scope) -> Any:
        collection = self.evaluate(expr.collection, scope)
        if contains_unresolved_keys(collection):
            return Unresolved(_clip(expr.text))
        items: list[Any] = []
        pairs: dict[str, Any] = {}
        for key, value in self._pairs(collection):
            bindings = {expr.value_var: value}
            if expr.key_var is not None:
                bindings[expr.key_var] = key
            inner = scope.bind(bindings)
            if expr.condition is not None:
                keep = self.evaluate(expr.condition, inner)
                if isinstance(keep, Unresolved):
                    return Unresolved(_clip(expr.text))
                if not to_bool(keep):
                    continue
            if expr.key_expr is None:
                items.append(self.evaluate(expr.value_expr, inner))
                continue
            new_key = self.evaluate(expr.key_expr, inner)
            if isinstance(new_key, Unresolved):
                return Unresolved(_clip(expr.text))
            name = to_string(new_key)
            new_value = self.evaluate(expr.value_expr, inner)
            if expr.grouping:
                pairs.setdefault(name, []).append(new_value)
            elif name in pairs:
                raise EvalError(f"duplicate key {name!r} in for expression")
            else:
                pairs[name] = new_value
        return items if expr.key_expr is None else pairs

    def _pairs(self, collection: Any) -> list[tuple[Any, Any]]:
        if isinstance(collection, dict):
            pairs = [(k, collection[k]) for k in sorted(collection)]
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        elif collection is None:
            raise EvalError("cannot iterate over a null value")
        else:
            raise EvalError(f"cannot iterate over a {_kind(collection)}")
        self._elements += len(pairs)
        if self._elements > MAX_ELEMENTS:
            raise EvalError(f"more than {MAX_ELEMENTS:,} elements iterated; evaluation stopped")
        return pairs

    # -- calls ----------------------------------------------------------------------------

    def _call(self, expr: Call, scope: Scope) -> Any:
        name = expr.name
        if name == "try":
            return self._try(expr, scope)
        if name == "can":
            return self._can(expr, scope)
        if name == "templatefile":
            return self._templatefile(expr, scope)
        spec = FUNCTIONS().get(name)
        if spec is None:
            return Unresolved(_clip(expr.text))
        args = [materialize(self.evaluate(a, scope), a.text) for a in expr.args]
        if expr.expand_final:
            if not args:
                raise EvalError("... needs a final argument")
            last = args.pop()
            if isinstance(last, Unresolved):
                return Unresolved(_clip(expr.text))
            args.extend(_sequence(last))
        if spec.tolerance is Tolerance.NONE and any(contains_unresolved(a) for a in args):
            return _unknown_call(expr, args)
        if spec.tolerance is Tolerance.ELEMENTS and any(isinstance(a, Unresolved) for a in args):
            return Unresolved(_clip(expr.text))
        try:
            result = spec.function(self.context, args)
        except EvalError as exc:
            raise EvalError(f"{name}: {exc}") from exc
        except UnresolvedValueError:
            return Unresolved(_clip(expr.text))
        except (TypeError, ValueError, KeyError, IndexError, ArithmeticError) as exc:
            raise EvalError(f"{name}: {exc}") from exc
        if isinstance(result, JsonText):
            return JsonText(result.value, _clip(expr.text))
        return result

    def _try(self, expr: Call, scope: Scope) -> Any:
        for arg in expr.args:
            try:
                value = self.evaluate(arg, scope)
            except (EvalError, UnresolvedValueError):
                continue
            if contains_unresolved(value) and not isinstance(value, JsonText):
                return Unresolved(_clip(expr.text))
            return value
        raise EvalError("no argument of try() could be evaluated")

    def _can(self, expr: Call, scope: Scope) -> Any:
        if len(expr.args) != 1:
            raise EvalError("can() takes one argument")
        try:
            value = self.evaluate(expr.args[0], scope)
        except (EvalError, UnresolvedValueError):
            return False
        if isinstance(value, Unresolved):
            return Unresolved(_clip(expr.text))
        return True

    def _templatefile(self, expr: Call, scope: Scope) -> Any:
        if len(expr.args) != 2:
            raise EvalError("templatefile() takes a path and a map of variables")
        path = self.evaluate(expr.args[0], scope)
        variables = self.evaluate(expr.args[1], scope)
        if isinstance(path, Unresolved) or isinstance(variables, Unresolved):
            return Unresolved(_clip(expr.text))
        if not isinstance(variables, dict):
            raise EvalError("templatefile() variables must be a map")
        if self.context.template_depth > 0:
            raise EvalError("templatefile() cannot be called from a template file")
        text = self.context.read_file(to_string(path))
        try:
            template = parse_template(self.context.parser, text)
        except HclSyntaxError as exc:  # a template file with bad syntax is a bad argument
            raise EvalError(f"templatefile(): {path}: {exc}") from exc
        self.context.template_depth += 1
        try:
            return self.evaluate(template, Scope(None, variables))
        finally:
            self.context.template_depth -= 1


def materialize(value: Any, text: str) -> Any:
    """``value`` with every ``Namespace`` inside replaced by the plain value it stands for."""
    if isinstance(value, Namespace):
        return materialize(value.value(text), text)
    if isinstance(value, list):
        if any(isinstance(v, Namespace | list | dict) for v in value):
            return [materialize(v, text) for v in value]
        return value
    if isinstance(value, dict):
        if any(isinstance(v, Namespace | list | dict) for v in value.values()):
            return {k: materialize(v, text) for k, v in value.items()}
        return value
    return value


def contains_unresolved_keys(collection: Any) -> bool:
    """True when iterating ``collection`` cannot start: it, or a set element, is unknown."""
    return isinstance(collection, Unresolved | JsonText)


def _sequence(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    raise EvalError("... expands a list or tuple only")


def _template_piece(value: Any, text: str) -> str | Unresolved:
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, JsonText):
        return Unresolved(_clip(text), template=value.placeholder_text())
    if value is None:
        raise EvalError(f"${{{text}}} is null")
    return to_string(value)


def _logical(op: str, left: Any, right: Any, text: str) -> Any:
    known = [to_bool(v) for v in (left, right) if not isinstance(v, Unresolved)]
    if len(known) == 2:
        return (known[0] and known[1]) if op == "&&" else (known[0] or known[1])
    if op == "&&" and False in known:
        return False
    if op == "||" and True in known:
        return True
    return Unresolved(_clip(text))


def _finite(value: int | float) -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise EvalError("number out of range")
    return normalize_number(value)


def _unknown_call(expr: Call, args: list[Any]) -> Unresolved:
    """A call with unknown arguments; ``format`` and ``join`` still yield a template hint."""
    hint = None
    if expr.name == "join" and len(args) == 2 and isinstance(args[0], str):
        items = args[1] if isinstance(args[1], list) else None
        if items is not None:
            hint = args[0].join(_hint_piece(v) for v in items)
    return Unresolved(_clip(expr.text), template=hint)


def _hint_piece(value: Any) -> str:
    if isinstance(value, Unresolved):
        return value.template or "${" + value.expression + "}"
    try:
        return to_string(value)
    except EvalError:
        return "${...}"


def _kind(value: Any) -> str:
    return type_name(value)


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= limit else text[: limit - 3] + "..."
