"""One model for every AWS policy document, and the questions asked of policies in one place.

IAM identity policies, role trust policies, bucket, key, queue and topic policies, Lambda
permissions and SCPs all normalize to ``PolicyDocument``: statements as a tuple, actions,
resources and principals as tuples (AWS accepts a string or a list), ``"Principal": "*"``
as ``{"AWS": ("*",)}``, and conditions flattened to (operator, key, values). A value that
could not be resolved stays ``Unresolved`` wherever it sits, so a question about it raises
and the engine reports ``unknown``.

Questions over several statements, actions or principals are answered with
``definitely_matching``: one certain match decides ("this statement is public") whatever the
unknown ones say, and only when none certainly matches does an unknown one make the answer
unknown.

Action and resource matching follow IAM: case-insensitive, ``*`` and ``?`` wildcards in the
pattern. An unresolved pattern whose known text (its ``template`` hint) already rules out a
match gives a definite "no"; otherwise it raises, since it might cover anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias

from secfound.model.values import Unresolved, definitely_matching, matches_literal

StrOrUnresolved: TypeAlias = str | Unresolved

# Condition keys that tie a grant to a known caller, source or network; a statement open to
# any principal but narrowed by one of these is not open to the world. (aws:SecureTransport
# is deliberately absent: TLS says how a request travels, not who makes it.)
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

# Operators that admit a request only when the key is present and matches the listed values.
# Negated operators (StringNotEquals, NotIpAddress) admit everyone else; ``…IfExists``,
# ``ForAllValues:`` and ``Null`` also admit requests that lack the key; none of them narrows.
NARROWING_OPERATORS = frozenset(
    {"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"}
)


@dataclass(frozen=True, kw_only=True)
class Condition:
    """One ``operator: {key: values}`` entry of a statement's Condition block."""

    operator: StrOrUnresolved
    key: StrOrUnresolved
    values: tuple[Any, ...] | Unresolved

    def narrows_caller(self) -> bool:
        """True when this condition alone admits only a known account, org, source or network.

        The key must be one of ``NARROWING_CONDITION_KEYS``, the operator a positive match
        that fails when the key is absent, and no value may be a bare ``*``.
        """
        if _lower(self.key) not in NARROWING_CONDITION_KEYS:
            return False
        qualifier, _, operator = _lower(self.operator).rpartition(":")
        if qualifier == "forallvalues" or operator not in NARROWING_OPERATORS:
            return False
        values = _items(self.values)
        # An empty value list matches nothing, which narrows as much as anything can.
        return not definitely_matching(values, _could_be_any)


def _could_be_any(value: Any) -> bool:
    if isinstance(value, Unresolved):
        return matches_literal(value, "*")
    return str(value) == "*"


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

    def label(self) -> str:
        """How a message names this statement: by its Sid when it has one."""
        return f"statement {self.sid!r}" if self.sid else "a statement without Sid"

    def allows_action(self, action: str) -> bool:
        """True when this statement's Action (or NotAction) covers ``action``.

        Despite the name it reads Action alone, whatever the Effect: a Deny statement
        "allows" the actions it denies. ``action`` may hold wildcards (``s3:*``): the
        statement must then cover every action it names.
        """
        if self.uses_not_action():
            excluded = definitely_matching(
                _strings(self.not_actions), lambda p: action_matches(p, action)
            )
            return not excluded
        return bool(
            definitely_matching(_strings(self.actions), lambda p: action_matches(p, action))
        )

    def uses_not_action(self) -> bool:
        """True when the statement has a NotAction element (even one that is unresolved)."""
        return isinstance(self.not_actions, Unresolved) or bool(self.not_actions)

    def covers_all_resources(self) -> bool:
        """True when Resource is ``*`` (NotResource never counts: see ``covers_every``)."""
        if self.not_resources:
            return False
        return bool(
            definitely_matching(_strings(self.resources), lambda r: matches_literal(r, "*"))
        )

    def covers_every(self, target: str = "*") -> bool:
        """True when the statement reaches every resource the wildcard ARN ``target`` names.

        ``Resource: "*"`` reaches everything; ``arn:aws:iam::*:role/*`` reaches every role.
        NotResource ("all but these") counts as unbounded unless one of its patterns
        excludes the whole of ``target``: all roles but one is still any role to an attacker.
        """
        if isinstance(self.not_resources, Unresolved) or self.not_resources:
            excluded = definitely_matching(
                _strings(self.not_resources), lambda r: resource_covers(r, target)
            )
            return not excluded
        return bool(
            definitely_matching(_strings(self.resources), lambda r: resource_covers(r, target))
        )

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
            if kind in ("AWS", "*") and definitely_matching(
                _strings(values), lambda v: matches_literal(v, "*")
            ):
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
        """True when a condition ties the statement to a known account, org, source or network.

        Conditions are ANDed, so one narrowing condition is enough (``Condition.narrows_caller``
        says which do).
        """
        return bool(definitely_matching(_items(self.conditions), Condition.narrows_caller))

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

    def full_admin_statements(self) -> tuple[Statement, ...]:
        """Allow statements that grant every action on every resource (``*`` on ``*``)."""
        return self._allow_where(lambda s: _all_actions(s) and s.covers_all_resources())

    def grants_full_admin(self) -> bool:
        """True when an Allow statement grants every action on every resource (``*:*``)."""
        return bool(self.full_admin_statements())

    def public_allow_statements(self) -> tuple[Statement, ...]:
        """Allow statements open to any principal with no narrowing condition."""
        return self._allow_where(
            lambda s: s.has_any_principal() and not s.is_narrowed_by_condition()
        )

    def not_action_allow_statements(self) -> tuple[Statement, ...]:
        """Allow statements written with NotAction ("everything except …")."""
        return self._allow_where(Statement.uses_not_action)

    def statements_allowing(self, action: str, *, on: str = "*") -> tuple[Statement, ...]:
        """Allow statements that grant ``action`` on every resource the wildcard ``on`` names.

        ``statements_allowing("iam:PassRole", on="arn:aws:iam::*:role/*")``: who may pass any
        role. Action wildcards (``iam:Pass*``, ``*``) and NotAction count; conditions do not.
        """
        return self._allow_where(lambda s: s.allows_action(action) and s.covers_every(on))

    def service_wildcard_actions(self) -> tuple[str, ...]:
        """Action patterns of Allow statements granting a whole service (``s3:*``) or all."""
        found: list[str] = []

        def grants_wildcard(statement: Statement) -> bool:
            hits = definitely_matching(_strings(statement.actions), is_service_wildcard)
            found.extend(str(h) for h in hits)
            return bool(hits)

        self._allow_where(grants_wildcard)
        return tuple(dict.fromkeys(found))

    def denies_insecure_transport(self, action: str | None = None) -> bool:
        """True when a Deny statement refuses requests made without TLS, for everyone.

        With ``action`` (``s3:*``), the Deny must also cover that action.
        """

        def refuses_plain_http(s: Statement) -> bool:
            if not s.is_deny or not s.has_any_principal():
                return False
            if action is not None and not s.allows_action(action):
                return False
            values = s.condition_values("bool", "aws:SecureTransport")
            return bool(definitely_matching(values, lambda v: matches_literal(_text(v), "false")))

        return bool(definitely_matching(_items(self.statements), refuses_plain_http))

    def _allow_where(self, predicate: Callable[[Statement], bool]) -> tuple[Statement, ...]:
        return tuple(
            definitely_matching(_items(self.statements), lambda s: s.is_allow and predicate(s))
        )


def _text(value: Any) -> Any:
    """A condition value as lower-case text (YAML may give booleans); Unresolved unchanged."""
    if isinstance(value, Unresolved):
        return value
    return str(value).lower()


def _all_actions(statement: Statement) -> bool:
    if statement.uses_not_action():
        return False
    return bool(
        definitely_matching(
            _strings(statement.actions),
            lambda a: matches_literal(a, "*") or matches_literal(a, "*:*"),
        )
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


_UNKNOWN_PART = re.compile(r"\$\{[^}]*\}")


def _glob_matches(pattern: StrOrUnresolved, text: str, operation: str) -> bool:
    """Does the glob ``pattern`` match ``text``? Decided from an Unresolved's template if it can.

    The unknown parts of a template are widened to ``*``: if even that cannot match, no value
    can. A template without unknown parts is exact. Anything else raises.
    """
    if isinstance(pattern, Unresolved):
        template = pattern.template
        if template is not None:
            if _pattern(_UNKNOWN_PART.sub("*", template)).fullmatch(text) is None:
                return False
            if "${" not in template:
                return True
        pattern._refuse(operation)
    return _pattern(pattern).fullmatch(text) is not None


def action_matches(pattern: StrOrUnresolved, action: str) -> bool:
    """IAM matching: does the (wildcard) ``pattern`` cover ``action``? Case-insensitive.

    ``action`` may itself hold wildcards: ``s3:*`` covers ``s3:*``; ``*`` covers everything.
    An unresolved pattern raises unless its known text rules the match out.
    """
    return _glob_matches(pattern, action, "action match")


def resource_covers(pattern: StrOrUnresolved, target: str) -> bool:
    """Does the Resource ``pattern`` reach every resource the wildcard ARN ``target`` names?

    ``*`` covers ``arn:aws:iam::*:role/*``; ``arn:aws:iam::123456789012:role/*`` does not
    (one account's roles only). An unresolved identifier is one resource, never all of them.
    """
    if isinstance(pattern, Unresolved) and pattern.identifier:
        return False
    return _glob_matches(pattern, target, "resource match")


def is_service_wildcard(pattern: StrOrUnresolved) -> bool:
    """True for an action pattern granting every action of a service (``s3:*``) or all (``*``)."""
    if isinstance(pattern, Unresolved):
        template = pattern.template
        if template is not None:
            if not _whole_service(_UNKNOWN_PART.sub("*", template)):
                return False
            if "${" not in template:
                return True
        pattern._refuse("action match")
    return _whole_service(pattern)


def _whole_service(text: str) -> bool:
    _, colon, name = text.partition(":")
    rest = name if colon else text
    return bool(rest) and set(rest) == {"*"}


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
        # An identifier or a templated string is one value; anything else may be a list.
        if value.identifier or value.template is not None:
            return (value,)
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
