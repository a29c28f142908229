"""The Conditions section: each named condition decided where the template allows it.

A condition is ``True``, ``False`` or ``None`` (undecidable: it depends on a parameter
without a value, a pseudo parameter such as the region, or an import). Logic is
three-valued: ``Fn::And`` is false as soon as one operand is false, even when another is
unknown. Circular and undeclared conditions are reported at their line and are undecidable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.cloudformation.expression import expression_text
from secfound.collect.cloudformation.tree import NO_MARK, Mark, MarkedMap
from secfound.model.values import Unresolved

Report = Callable[[str, Mark], None]


def as_text(value: Any) -> str | None:
    """A scalar as CloudFormation writes it into a string; ``None`` for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return None


def contains_unresolved(value: Any) -> bool:
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, Mapping):
        return any(contains_unresolved(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unresolved(v) for v in value)
    return False


def _normal(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_normal(v) for v in value)
    text = as_text(value)
    return text if text is not None else value


def values_equal(left: Any, right: Any) -> bool | None:
    """``Fn::Equals`` on resolved values; ``None`` when an unresolved part decides it."""
    if isinstance(left, Unresolved) and isinstance(right, Unresolved):
        return None
    if isinstance(left, Unresolved) or isinstance(right, Unresolved):
        unknown, other = (left, right) if isinstance(left, Unresolved) else (right, left)
        text = as_text(other)
        return None if text is None else unknown.could_equal(text)
    if contains_unresolved(left) or contains_unresolved(right):
        return None
    return bool(_normal(left) == _normal(right))


def _mark_of(node: Mapping[str, Any], key: str) -> Mark:
    return node.mark_of(key) if isinstance(node, MarkedMap) else NO_MARK


class Conditions:
    """Named conditions, each evaluated once, with cycles caught and reported."""

    def __init__(
        self, declared: Mapping[str, Any], resolve: Callable[[Any], Any], report: Report
    ) -> None:
        self.declared = declared
        self.resolve = resolve
        self.report = report
        self.decided: dict[str, bool | None] = {}
        self.active: list[str] = []

    def named(self, name: str, mark: Mark) -> bool | None:
        """The value of the condition called ``name``, used at ``mark``."""
        if name in self.decided:
            return self.decided[name]
        if name not in self.declared:
            self.report(f"condition {name!r} is not declared in Conditions", mark)
            return None
        if name in self.active:
            cycle = [*self.active[self.active.index(name) :], name]
            self.report(f"circular conditions: {' -> '.join(cycle)}", _mark_of(self.declared, name))
            return None
        self.active.append(name)
        try:
            result = self.evaluate(self.declared[name], _mark_of(self.declared, name))
        finally:
            self.active.pop()
        self.decided[name] = result
        return result

    def evaluate(self, raw: Any, mark: Mark) -> bool | None:
        """A condition expression (``Fn::Equals``, ``And``, ``Or``, ``Not``, ``Condition``)."""
        if isinstance(raw, Mapping) and len(raw) == 1:
            ((key, arg),) = raw.items()
            where = _mark_of(raw, key) if _mark_of(raw, key) != NO_MARK else mark
            if key == "Condition" and isinstance(arg, str):
                return self.named(arg, where)
            if key == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
                return values_equal(self.resolve(arg[0]), self.resolve(arg[1]))
            if key == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
                value = self.evaluate(arg[0], where)
                return None if value is None else not value
            if key in ("Fn::And", "Fn::Or") and isinstance(arg, list) and 2 <= len(arg) <= 10:
                values = [self.evaluate(item, where) for item in arg]
                decisive = key == "Fn::Or"  # Or: any True decides; And: any False decides
                if decisive in values:
                    return bool(decisive)
                return None if None in values else not decisive
        self.report(f"not a condition expression: {expression_text(raw)}", mark)
        return None

    def value(self, raw: Any, mark: Mark) -> bool | Unresolved:
        """A condition function used as a value: a boolean, or ``Unresolved``."""
        result = self.evaluate(raw, mark)
        return Unresolved(expression_text(raw)) if result is None else result
