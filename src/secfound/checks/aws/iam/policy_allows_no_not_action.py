"""IAM policy allows no actions by exclusion (Allow with NotAction)

"Allow everything except these actions" grants every action not listed, including those a
service adds after the policy was written; the grant grows without anyone editing it.
NotAction belongs in Deny statements, where it narrows what is refused.

Remediation:
    CloudFormation: in the policy document, turn the Allow statement's NotAction into an
    Action listing what is needed (or into a Deny statement if it meant to refuse).
    Terraform: the same in the policy JSON (not_actions in data.aws_iam_policy_document).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.iam._policies import describe, policies_where
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User


@check(severity=Severity.MEDIUM, objectives=["least-privilege-permissions"])
def policy_allows_no_not_action(
    resource: ManagedPolicy | InlinePolicy | Role | User | Group,
) -> Verdict:
    found = policies_where(resource, lambda d: bool(d.not_action_allow_statements()))
    if found:
        return failed(f"{describe(resource, found)} allows every action except a NotAction list")
    return passed("no Allow statement uses NotAction")
