"""IAM user with a console password has MFA

A console password without MFA is one phishing e-mail or one reused password away from a
session with all of the user's permissions. Every user who can sign in must also have an
active MFA device.

Remediation:
    CloudFormation: not expressible (MFA devices are assigned at sign-in); require MFA with
    a policy that denies actions unless aws:MultiFactorAuthPresent, and have the user
    assign a device. Better: remove the LoginProfile and use IAM Identity Center.
    Terraform: the same; aws_iam_virtual_mfa_device creates a device, the user enables it.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.iam import UserCredentials


@check(severity=Severity.MEDIUM, objectives=["sign-in-requires-mfa"])
def user_with_console_password_has_mfa(user: UserCredentials) -> Verdict:
    if not user.password_enabled:
        return not_applicable("the user has no console password")
    if user.mfa_active:
        return passed("the user signs in with a password and MFA")
    return failed("the user has a console password and no MFA device")
