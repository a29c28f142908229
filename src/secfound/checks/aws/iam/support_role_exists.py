"""A role with AWSSupportAccess exists for incidents with AWS Support

During an incident the responders need to open and follow AWS Support cases. A role with
the AWS managed AWSSupportAccess policy gives them that without broader permissions or the
root user.

Remediation:
    CloudFormation: an AWS::IAM::Role trusted by the responders, with ManagedPolicyArns:
    [arn:aws:iam::aws:policy/AWSSupportAccess].
    Terraform: aws_iam_role with aws_iam_role_policy_attachment of
    arn:aws:iam::aws:policy/AWSSupportAccess.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import AccountSettings


@check(severity=Severity.LOW, objectives=["aws-support-access-delegated"])
def support_role_exists(account: AccountSettings) -> Verdict:
    roles = account.support_roles
    if roles:
        return passed(f"AWSSupportAccess is attached to {', '.join(roles)}")
    return failed("no role has the AWSSupportAccess policy")
