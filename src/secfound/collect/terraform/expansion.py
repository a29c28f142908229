"""``count`` and ``for_each``: how many instances a resource or module call has, and their keys.

An expansion that cannot be decided (an unknown count, a for_each over unknown keys, a
value of the wrong type) gives ONE instance marked conditional: it is evaluated and its
findings say it may not exist. A count of zero gives none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from secfound.collect.terraform.evaluate import Evaluator, Scope
from secfound.collect.terraform.syntax import Body
from secfound.collect.terraform.values import EvalError, JsonText, to_number
from secfound.model.values import Unresolved

# More instances than this from one block is not a real configuration.
MAX_INSTANCES = 10_000


@dataclass(frozen=True)
class InstanceKey:
    """One instance: its key (None when there is no count or for_each) and its bindings."""

    key: int | str | None
    bindings: dict[str, Any] = field(default_factory=dict)

    def suffix(self) -> str:
        if self.key is None:
            return ""
        if isinstance(self.key, int):
            return f"[{self.key}]"
        return f"[{json.dumps(self.key, ensure_ascii=False)}]"


@dataclass(frozen=True)
class Expansion:
    """``mode`` is single, count or for_each; ``known`` is False for the conditional case."""

    mode: str
    known: bool
    instances: tuple[InstanceKey, ...]
    reason: str = ""


def expand(evaluator: Evaluator, body: Body, scope: Scope) -> Expansion:
    count = body.attribute("count")
    for_each = body.attribute("for_each")
    if count is not None:
        value = evaluator.value_of(count.expr, scope)
        return _count(value, count.expr.text)
    if for_each is not None:
        value = evaluator.value_of(for_each.expr, scope)
        return _for_each(value, for_each.expr.text)
    return Expansion("single", True, (InstanceKey(None),))


def _unknown(mode: str, reason: str) -> Expansion:
    if mode == "count":
        bindings: dict[str, Any] = {"count": {"index": Unresolved("count.index")}}
    else:
        bindings = {"each": {"key": Unresolved("each.key"), "value": Unresolved("each.value")}}
    return Expansion(mode, False, (InstanceKey(None, bindings),), reason)


def _count(value: Any, text: str) -> Expansion:
    if isinstance(value, Unresolved | JsonText):
        return _unknown("count", f"count = {text} is not known")
    try:
        number = to_number(value)
    except EvalError as exc:
        return _unknown("count", f"count = {text}: {exc}")
    if not isinstance(number, int) or number < 0 or number > MAX_INSTANCES:
        return _unknown("count", f"count = {text} is not a whole number from 0 to {MAX_INSTANCES}")
    return Expansion(
        "count", True, tuple(InstanceKey(i, {"count": {"index": i}}) for i in range(number))
    )


def _for_each(value: Any, text: str) -> Expansion:
    if isinstance(value, Unresolved | JsonText):
        return _unknown("for_each", f"for_each = {text} is not known")
    if isinstance(value, dict):
        keys = sorted(value)
        pairs = [(k, value[k]) for k in keys]
    elif isinstance(value, list):
        if any(not isinstance(v, str) for v in value):
            return _unknown("for_each", f"for_each = {text}: a set of known strings is needed")
        unique = sorted(set(value))
        pairs = [(k, k) for k in unique]
    else:
        return _unknown("for_each", f"for_each = {text} is not a map or a set of strings")
    if len(pairs) > MAX_INSTANCES:
        return _unknown("for_each", f"for_each = {text} has more than {MAX_INSTANCES} keys")
    return Expansion(
        "for_each",
        True,
        tuple(InstanceKey(k, {"each": {"key": k, "value": v}}) for k, v in pairs),
    )


def collection(expansion: Expansion, values: list[Any], text: str) -> Any:
    """What a reference to the whole block gives: one value, a list, a map, or unknown."""
    if not expansion.known:
        return Unresolved(text)
    if expansion.mode == "single":
        return values[0]
    if expansion.mode == "count":
        return values
    return {str(k.key): v for k, v in zip(expansion.instances, values, strict=True)}
