"""One model for every AWS policy document, and the questions asked of policies in one place.

IAM identity policies, role trust policies, bucket, key, queue and topic policies, Lambda
permissions and SCPs all normalize to ``PolicyDocument``: statements as a tuple, actions,
resources and principals as tuples (AWS accepts a string or a list), ``"Principal": "*"``
as ``{"AWS": ("*",)}``, and conditions flattened to (operator, key, values). A value that
could not be resolved stays ``Unresolved`` wherever it sits, so a question about it raises
and the engine reports ``unknown``.

Action matching follows IAM: case-insensitive, ``*`` and ``?`` wildcards in the pattern.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias

from secfound.model.values import Unresolved, matches_literal

StrOrUnresolved: TypeAlias = str | Unresolved

# Condition keys that tie a grant to a known caller, source or network; a statement open to
# any principal but narrowed by one of these is not open to the world.
NARROWING_CONDITION_KEYS = frozenset(
    {
        "aws:sourcearn",
        "aws:sourceaccount",
        "aws:sourceowner",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceip",
        "aws:userid",
        "aws:username",
        "aws:calledvia",
        "kms:calleraccount",
        "kms:viaservice",
        "sts:externalid",
        "lambda:functionurlauthtype",
        "aws:resourceorgid",
        "aws:resourceaccount",
    }
)


@dataclass(frozen=True, kw_only=True)
class Condition:
    """One ``operator: {key: values}`` entry of a statement's Condition block."""

    operator: StrOrUnresolved
    key: StrOrUnresolved
    values: tuple[Any, ...] | Unresolved


@dataclass(frozen=True, kw_only=True)
class Statement:
    """One policy statement, normalized (lists everywhere, principals as a mapping)."""

    sid: str | None = None
    effect: StrOrUnresolved = "Allow"
    actions: tuple[StrOrUnresolved, ...] | Unresolved = ()
    not_actions: tuple[StrOrUnresolved, ...] | Unresolved = ()
    resources: tuple[StrOrUnresolved, ...] | Unresolved = ()
    not_resources: tuple[StrOrUnresolved, ...] | Unresolved = ()
    principals: Mapping[str, tuple[StrOrUnresolved, ...] | Unresolved] | Unresolved | None = None
    not_principals: Mapping[str, tuple[StrOrUnresolved, ...] | Unresolved] | Unresolved | None = (
        None
    )
    conditions: tuple[Condition, ...] | Unresolved = ()

    @property
    def is_allow(self) -> bool:
        """True for ``Allow``; raises for an unresolved effect."""
        return _lower(self.effect) == "allow"

    @property
    def is_deny(self) -> bool:
        return _lower(self.effect) == "deny"

    def allows_action(self, action: str) -> bool:
        """True when this statement's Action (or NotAction) covers ``action``."""
        if self.not_actions:
            return not any(action_matches(p, action) for p in _strings(self.not_actions))
        return any(action_matches(p, action) for p in _strings(self.actions))

    def covers_all_resources(self) -> bool:
        """True when Resource is ``*`` (or NotResource excludes nothing)."""
        if self.not_resources:
            return False
        return any(matches_literal(r, "*") for r in _strings(self.resources))

    def has_any_principal(self) -> bool:
        """True when Principal admits anyone: ``*`` or ``{"AWS": "*"}``."""
        if self.not_principals is not None:
            # NotPrincipal with Allow admits everyone but the listed principals.
            return self.is_allow
        if self.principals is None:
            return False
        if isinstance(self.principals, Unresolved):
            self.principals._refuse("principal test")
        for kind, values in self.principals.items():
            if kind in ("AWS", "*") and any(matches_literal(v, "*") for v in _strings(values)):
                return True
        return False

    def principal_values(self, kind: str = "AWS") -> tuple[StrOrUnresolved, ...]:
        """The principals of one kind (``AWS``, ``Service``, ``Federated``, ``CanonicalUser``)."""
        if self.principals is None:
            return ()
        if isinstance(self.principals, Unresolved):
            self.principals._refuse("principal test")
        values = self.principals.get(kind, ())
        if isinstance(values, Unresolved):
            values._refuse("principal test")
        return values

    def condition_keys(self) -> frozenset[str]:
        """Lower-cased keys of every condition; raises when the block is unresolved."""
        return frozenset(_lower(c.key) for c in _items(self.conditions))

    def is_narrowed_by_condition(self) -> bool:
        """True when a condition ties the statement to a known account, org, source or network."""
        return bool(self.condition_keys() & NARROWING_CONDITION_KEYS)

    def condition_values(self, operator_pattern: str, key: str) -> tuple[Any, ...]:
        """Values of conditions on ``key`` whose operator matches (``Bool``, ``StringEquals``…).

        ``operator_pattern`` is matched case-insensitively and ignores the ``IfExists`` suffix
        and ``ForAnyValue:``/``ForAllValues:`` prefixes.
        """
        wanted = operator_pattern.lower()
        found: list[Any] = []
        for cond in _items(self.conditions):
            op = _lower(cond.operator).split(":")[-1].removesuffix("ifexists")
            if op == wanted and _lower(cond.key) == key.lower():
                found.extend(_items(cond.values))
        return tuple(found)


@dataclass(frozen=True, kw_only=True)
class PolicyDocument:
    """A whole policy document."""

    version: str | None = "2012-10-17"
    statements: tuple[Statement, ...] | Unresolved = ()

    @classmethod
    def parse(cls, raw: Any) -> PolicyDocument | Unresolved:
        """Normalize a policy given as a mapping, a JSON string, or an unresolved value."""
        return parse_policy(raw)

    def allow_statements(self) -> tuple[Statement, ...]:
        return tuple(s for s in _items(self.statements) if s.is_allow)

    def deny_statements(self) -> tuple[Statement, ...]:
        return tuple(s for s in _items(self.statements) if s.is_deny)

    def grants_full_admin(self) -> bool:
        """True when an Allow statement grants every action on every resource (``*:*``)."""
        return any(_all_actions(s) and s.covers_all_resources() for s in self.allow_statements())

    def public_allow_statements(self) -> tuple[Statement, ...]:
        """Allow statements open to any principal with no narrowing condition."""
        return tuple(
            s
            for s in self.allow_statements()
            if s.has_any_principal() and not s.is_narrowed_by_condition()
        )

    def denies_insecure_transport(self) -> bool:
        """True when a Deny statement refuses requests made without TLS, for everyone."""
        for s in self.deny_statements():
            if not s.has_any_principal():
                continue
            values = s.condition_values("bool", "aws:SecureTransport")
            if any(str(v).lower() == "false" for v in values if not isinstance(v, Unresolved)):
                return True
            if any(isinstance(v, Unresolved) for v in values):
                next(v for v in values if isinstance(v, Unresolved))._refuse("comparison")
        return False


def _all_actions(statement: Statement) -> bool:
    if statement.not_actions:
        return False
    return any(
        matches_literal(a, "*") or matches_literal(a, "*:*") for a in _strings(statement.actions)
    )


def _lower(value: StrOrUnresolved) -> str:
    if isinstance(value, Unresolved):
        value._refuse("comparison")
    return str(value).lower()


def _items(value: tuple[Any, ...] | Unresolved) -> tuple[Any, ...]:
    if isinstance(value, Unresolved):
        value._refuse("iteration")
    return value


def _strings(value: tuple[StrOrUnresolved, ...] | Unresolved) -> tuple[StrOrUnresolved, ...]:
    return _items(value)


@lru_cache(maxsize=4096)
def _pattern(pattern: str) -> re.Pattern[str]:
    escaped = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(escaped, re.IGNORECASE | re.DOTALL)


def action_matches(pattern: StrOrUnresolved, action: str) -> bool:
    """IAM matching: does the (wildcard) ``pattern`` cover ``action``? Case-insensitive.

    ``action`` may itself hold wildcards: ``s3:*`` covers ``s3:*``; ``*`` covers everything.
    An unresolved pattern raises, since it might cover anything.
    """
    if isinstance(pattern, Unresolved):
        pattern._refuse("action match")
    return _pattern(pattern).fullmatch(action) is not None


# ---------------------------------------------------------------------------------------
# Parsing raw policies (as they appear in templates, Terraform and API responses)


def parse_policy(raw: Any) -> PolicyDocument | Unresolved:
    """Normalize a raw policy document. Malformed shapes become ``Unresolved`` with a reason."""
    if isinstance(raw, Unresolved):
        return raw
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return Unresolved(f"policy text that is not JSON: {raw[:60]!r}")
    if not isinstance(raw, Mapping):
        return Unresolved(f"policy of type {type(raw).__name__}")
    statements = raw.get("Statement", ())
    version = raw.get("Version")
    return PolicyDocument(
        version=version if isinstance(version, str) else None,
        statements=_map_list(statements, _parse_statement),
    )


def _as_tuple(value: Any) -> tuple[Any, ...] | Unresolved:
    if isinstance(value, Unresolved):
        return value
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(value)
    return (value,)


def _map_list(value: Any, parse: Any) -> Any:
    items = _as_tuple(value)
    if isinstance(items, Unresolved):
        return items
    return tuple(
        parse(item) if isinstance(item, Mapping) else _bad_statement(item) for item in items
    )


def _bad_statement(item: Any) -> Statement:
    text = item.expression if isinstance(item, Unresolved) else repr(item)[:60]
    return Statement(effect=Unresolved(f"statement {text}"))


def _parse_principals(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, str):  # "*" and a bare account/ARN are both AWS principals
        return {"AWS": (value,)}
    if isinstance(value, Mapping):
        return {str(k): _as_tuple(v) for k, v in value.items()}
    return Unresolved(f"principal {value!r}"[:80])


def _parse_conditions(value: Any) -> tuple[Condition, ...] | Unresolved:
    if value is None:
        return ()
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, Mapping):
        return Unresolved(f"condition {value!r}"[:80])
    conditions: list[Condition] = []
    for operator, body in value.items():
        if isinstance(body, Unresolved) or not isinstance(body, Mapping):
            text = body.expression if isinstance(body, Unresolved) else repr(body)[:60]
            conditions.append(
                Condition(operator=str(operator), key=Unresolved(text), values=Unresolved(text))
            )
            continue
        for key, values in body.items():
            conditions.append(
                Condition(operator=str(operator), key=str(key), values=_as_tuple(values))
            )
    return tuple(conditions)


def _parse_statement(raw: Mapping[str, Any]) -> Statement:
    effect = raw.get("Effect", Unresolved("statement without Effect"))
    sid = raw.get("Sid")
    return Statement(
        sid=sid if isinstance(sid, str) else None,
        effect=effect,
        actions=_as_tuple(raw.get("Action")),
        not_actions=_as_tuple(raw.get("NotAction")),
        resources=_as_tuple(raw.get("Resource")),
        not_resources=_as_tuple(raw.get("NotResource")),
        principals=_parse_principals(raw.get("Principal")),
        not_principals=_parse_principals(raw.get("NotPrincipal")),
        conditions=_parse_conditions(raw.get("Condition")),
    )


def statements_of(documents: Iterable[PolicyDocument | Unresolved]) -> tuple[Statement, ...]:
    """Every statement of several documents; raises when any document is unresolved."""
    out: list[Statement] = []
    for doc in documents:
        if isinstance(doc, Unresolved):
            doc._refuse("policy evaluation")
        out.extend(_items(doc.statements))
    return tuple(out)
