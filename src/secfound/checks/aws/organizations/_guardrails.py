"""When does an SCP statement put a guardrail in place?

A guardrail holds for an account when an SCP attached at the root or at an OU above the
account has a Deny statement that:

- covers every action of the guardrail (``Action``, wildcards, or ``NotAction`` that does
  not exclude them) on every resource (``Resource: "*"``);
- has only conditions that *exempt* callers (``StringNotEquals``, ``ArnNotLike``…: the
  break-glass or pipeline role), because a positive condition (``StringEquals``,
  ``Bool``…) makes the Deny hold for some requests only; except that
- the root-user guardrail needs a positive ``aws:PrincipalArn`` condition naming root
  (``arn:*:iam::*:root``), and the region guardrail a negative ``aws:RequestedRegion``
  condition whose regions are all among the blueprint's.

Attachments to the account itself are not counted: a guardrail is an OU-wide decision.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from secfound.model.aws.organizations import GUARDRAILS, REGION_GUARDRAIL, Guardrail
from secfound.model.policy import PolicyDocument, Statement
from secfound.model.values import Unresolved, definitely_matching, known

StatementTest = Callable[[Statement], bool]
ROOT_OPERATORS = ("stringlike", "stringequals", "arnlike", "arnequals")
REGION_OPERATORS = ("stringnotequals", "stringnotlike", "stringnotequalsignorecase")
# A regional action that any region restriction must cover.
REGIONAL_PROBE = "ec2:RunInstances"


def required(guardrails: Collection[str], regions: Collection[str]) -> list[tuple[str, str]]:
    """(id, what it denies) for each guardrail the blueprint requires, region one last."""
    found = [(g, GUARDRAILS[g].denies) for g in guardrails if g in GUARDRAILS]
    if regions:
        found.append((REGION_GUARDRAIL, f"requests outside {', '.join(sorted(regions))}"))
    return found


def statement_test(guardrail_id: str, regions: Collection[str]) -> StatementTest:
    """The test a Deny statement must pass to put ``guardrail_id`` in place."""
    if guardrail_id == REGION_GUARDRAIL:
        return lambda s: _restricts_regions(s, {r.casefold() for r in regions})
    guardrail = GUARDRAILS[guardrail_id]
    if guardrail_id == "deny-root-user":
        return lambda s: _denies(s, guardrail) and _names_root(s)
    return lambda s: _denies(s, guardrail) and _only_exemptions(s)


def document_has(document: PolicyDocument | Unresolved, test: StatementTest) -> bool:
    statements = known(document, "SCP document").deny_statements()
    return bool(definitely_matching(statements, test))


def _denies(statement: Statement, guardrail: Guardrail) -> bool:
    return statement.covers_all_resources() and all(
        statement.allows_action(action) for action in guardrail.actions
    )


def _operator(statement_operator: object) -> str:
    text = str(statement_operator).casefold()
    return text.split(":")[-1].removesuffix("ifexists")


def _only_exemptions(statement: Statement) -> bool:
    return all("not" in _operator(c.operator) for c in known(statement.conditions, "condition"))


def _names_root(statement: Statement) -> bool:
    values = [
        value
        for operator in ROOT_OPERATORS
        for value in statement.condition_values(operator, "aws:PrincipalArn")
    ]
    return any(str(v).casefold().endswith(":root") for v in values)


def _restricts_regions(statement: Statement, allowed: set[str]) -> bool:
    if not statement.allows_action(REGIONAL_PROBE):
        return False
    conditions = known(statement.conditions, "condition")
    if not all("not" in _operator(c.operator) for c in conditions):
        return False
    values = [
        str(value).casefold()
        for operator in REGION_OPERATORS
        for value in statement.condition_values(operator, "aws:RequestedRegion")
    ]
    return bool(values) and set(values) <= allowed
