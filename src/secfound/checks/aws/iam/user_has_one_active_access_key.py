"""IAM user has at most one active access key

Two active keys are meant for the moment of a rotation; left in place, they double the
credentials to protect and hide which one a workload really uses.

Remediation:
    CloudFormation: keep one AWS::IAM::AccessKey per user with Status: Active.
    Terraform: keep one aws_iam_access_key per user with status = "Active".
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.iam import UserCredentials


@check(severity=Severity.LOW, objectives=["long-term-credentials-limited"])
def user_has_one_active_access_key(user: UserCredentials) -> Verdict:
    active = len(user.active_keys())
    if active == 0:
        return not_applicable("the user has no active access key")
    if active == 1:
        return passed("the user has one active access key")
    return failed(f"the user has {active} active access keys")
