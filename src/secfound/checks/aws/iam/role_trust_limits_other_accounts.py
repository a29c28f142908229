"""IAM role trusts other AWS accounts only under an external id or organization condition

A trust policy that names another account (its id, or arn:aws:iam::<id>:root or a role
or user of it) lets that account's administrators decide who may assume the role. For a
third party, sts:ExternalId protects against the confused deputy; for accounts of the
same organization, aws:PrincipalOrgID (or aws:PrincipalOrgPaths, aws:PrincipalAccount)
makes the trust end when the account leaves it.

How accounts are told apart in code, where the own account id is rarely written out:
a principal built from AWS::AccountId or data.aws_caller_identity, or the ARN of a role
or user declared in the same template or configuration, is the own account; a literal
account id is another account (write the own one through AWS::AccountId or
aws_caller_identity instead, or suppress the finding with that reason); a principal from
a parameter or variable could be either, so the verdict is unknown unless a condition
settles it. Principal "*" is judged by role_trust_not_open_to_any_principal.

Remediation:
    CloudFormation: in AssumeRolePolicyDocument, add to the statement naming the other
    account Condition: {StringEquals: {sts:ExternalId: <id agreed with the third party>}}
    or {StringEquals: {aws:PrincipalOrgID: <organization id>}}.
    Terraform: the same in assume_role_policy (a condition block in
    data.aws_iam_policy_document).
"""

import re

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.iam import Role
from secfound.model.policy import NARROWING_OPERATORS, Condition, Statement
from secfound.model.values import Unresolved, definitely_matching, is_unresolved, known

# Condition keys that tie cross-account trust to an agreed secret or to the organization.
_CROSS_ACCOUNT_KEYS = frozenset(
    {"sts:externalid", "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount"}
)
_ACCOUNT_ID = re.compile(r"\d{12}")
_ACCOUNT_ARN = re.compile(r"arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):.*")
# How the own account id is written where a source cannot resolve it.
_OWN_ACCOUNT_MARKS = ("AWS::AccountId", "aws_caller_identity")


def _account_of_literal(principal: str) -> str | None:
    if _ACCOUNT_ID.fullmatch(principal):
        return principal
    match = _ACCOUNT_ARN.fullmatch(principal)
    return match.group(1) if match else None


def _other_account(principal: str | Unresolved) -> str | None:
    """The other account a principal belongs to; None for the own account or "*".

    Raises (unknown) for a principal from a parameter or variable: either is possible.
    """
    if isinstance(principal, str):
        return _account_of_literal(principal)
    text = f"{principal.expression} {principal.template or ''}"
    if principal.identifier or any(mark in text for mark in _OWN_ACCOUNT_MARKS):
        return None
    if principal.template is not None:
        literal = _ACCOUNT_ARN.fullmatch(principal.template)
        if literal is not None:
            return literal.group(1)
        if "${" not in principal.template:
            return _account_of_literal(principal.template)
    principal._refuse("account test")


def _limits_cross_account(condition: Condition) -> bool:
    key = condition.key
    if is_unresolved(key) or str(key).lower() not in _CROSS_ACCOUNT_KEYS:
        return False
    qualifier, _, operator = str(known(condition.operator)).lower().rpartition(":")
    if qualifier == "forallvalues" or operator not in NARROWING_OPERATORS:
        return False
    values = known(condition.values)
    return not any(isinstance(v, str) and v == "*" for v in values)


def _foreign_accounts(statement: Statement) -> list[str]:
    """Other accounts this Allow statement admits with no limiting condition."""
    if not statement.is_allow or statement.principals is None:
        return []
    # A limiting condition settles it, whoever the principals are.
    if definitely_matching(known(statement.conditions), _limits_cross_account):
        return []
    accounts: list[str] = []

    def admits_other(principal: str | Unresolved) -> bool:
        account = _other_account(principal)
        if account is not None:
            accounts.append(account)
        return account is not None

    if not definitely_matching(statement.principal_values("AWS"), admits_other):
        return []
    return sorted(set(accounts))


@check(severity=Severity.MEDIUM, objectives=["role-assumption-limited-to-trusted-principals"])
def role_trust_limits_other_accounts(role: Role) -> Verdict:
    trust = known(role.trust_policy, "trust policy evaluation")
    found: dict[str, list[str]] = {}

    def open_to_other_accounts(statement: Statement) -> bool:
        accounts = _foreign_accounts(statement)
        if accounts:
            found[statement.label()] = accounts
        return bool(accounts)

    definitely_matching(known(trust.statements), open_to_other_accounts)
    if found:
        named = "; ".join(f"{label}: {', '.join(ids)}" for label, ids in found.items())
        return failed(
            f"other accounts may assume the role without sts:ExternalId or an "
            f"organization condition ({named})"
        )
    return passed("the trust policy admits other accounts only under a limiting condition")
