"""IAM policy lets no one pass every role (iam:PassRole on "*")

iam:PassRole lets a principal hand a role to a service: launch an instance, a function or
a pipeline that runs with that role's permissions. On every role ("*", or every role of
every account), it lets the holder borrow the most powerful role in the account, a classic
privilege escalation. Wildcards that include PassRole (iam:Pass*, iam:*, *) and NotAction
count; a condition such as iam:PassedToService limits the service, not the roles, so it does
not change the verdict.

Remediation:
    CloudFormation: in the policy document, give iam:PassRole a Resource listing the role
    ARNs the workload passes.
    Terraform: the same in the policy JSON (resources in data.aws_iam_policy_document).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.iam._policies import describe, policies_where
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User

EVERY_ROLE = "arn:aws:iam::*:role/*"


@check(
    severity=Severity.HIGH,
    objectives=["least-privilege-permissions", "privilege-escalation-prevented"],
)
def policy_passes_no_role_to_any_resource(
    resource: ManagedPolicy | InlinePolicy | Role | User | Group,
) -> Verdict:
    found = policies_where(
        resource, lambda d: bool(d.statements_allowing("iam:PassRole", on=EVERY_ROLE))
    )
    if found:
        return failed(f"{describe(resource, found)} allows iam:PassRole on every role")
    return passed("no statement allows iam:PassRole on every role")
