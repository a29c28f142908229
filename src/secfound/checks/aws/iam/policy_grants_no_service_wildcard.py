"""IAM policy grants no whole service with a wildcard action ("s3:*")

"s3:*" grants every action S3 has today and every action it will add, including ones that
change policies, delete data or disable protections; "*" does the same for every service.
Naming the actions a workload needs keeps a stolen credential from doing more.

Remediation:
    CloudFormation: in the statement's Action, replace "<service>:*" (or "*") with the
    actions needed, for example s3:GetObject and s3:PutObject.
    Terraform: the same in the policy JSON (actions in data.aws_iam_policy_document).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.iam._policies import describe, policies_where
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User


@check(severity=Severity.LOW, objectives=["least-privilege-permissions"])
def policy_grants_no_service_wildcard(
    resource: ManagedPolicy | InlinePolicy | Role | User | Group,
) -> Verdict:
    wild = policies_where(resource, lambda d: bool(d.service_wildcard_actions()))
    if wild:
        actions = sorted({a for _, document in wild for a in document.service_wildcard_actions()})
        return failed(f"{describe(resource, wild)} allows {', '.join(actions)}")
    return passed("no Allow statement grants a whole service with a wildcard")
