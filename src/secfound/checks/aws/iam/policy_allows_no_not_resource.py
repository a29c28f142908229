"""IAM policy allows no actions on resources by exclusion (Allow with NotResource)

"Allow on everything except these resources" grants the actions on every other resource
in the account, including resources created after the policy was written and resources
in other accounts that trust this one. The grant grows without anyone editing the policy.
NotResource belongs in Deny statements, where it narrows what is refused.

Remediation:
    CloudFormation: in the policy document, turn the Allow statement's NotResource into a
    Resource list naming what is needed (or into a Deny statement if it meant to refuse).
    Terraform: the same in the policy JSON (not_resources in data.aws_iam_policy_document).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.iam._policies import describe, policies_where
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User
from secfound.model.policy import PolicyDocument, Statement
from secfound.model.values import definitely_matching, is_unresolved, known


def _uses_not_resource(statement: Statement) -> bool:
    return statement.is_allow and (
        is_unresolved(statement.not_resources) or bool(statement.not_resources)
    )


def _allows_by_exclusion(document: PolicyDocument) -> bool:
    statements = known(document.statements, "policy evaluation")
    return bool(definitely_matching(statements, _uses_not_resource))


@check(severity=Severity.MEDIUM, objectives=["least-privilege-permissions"])
def policy_allows_no_not_resource(
    resource: ManagedPolicy | InlinePolicy | Role | User | Group,
) -> Verdict:
    found = policies_where(resource, _allows_by_exclusion)
    if found:
        return failed(f"{describe(resource, found)} allows actions on every resource but a list")
    return passed("no Allow statement uses NotResource")
