"""Root user signs in with MFA

The root user can do everything in the account, and no IAM policy or permissions boundary
restricts it. Without MFA its password alone (phished, reused or reset through the
account's e-mail) opens the whole account.

Remediation:
    CloudFormation: not expressible (the root user is not a resource); sign in as root and
    assign an MFA device under Security credentials.
    Terraform: not expressible; assign an MFA device to the root user in the console, or
    manage root credentials centrally (IAM "Centralized root access" for member accounts).
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.model.aws.account import AccountSettings
from secfound.model.values import known


@check(severity=Severity.CRITICAL, objectives=["root-user-secured", "sign-in-requires-mfa"])
def root_user_has_mfa(account: AccountSettings) -> Verdict:
    root = known(account.root, "root user")
    if root.mfa_enabled is None:
        return unknown("the account summary was not read")
    if root.mfa_enabled:
        return passed("the root user has MFA")
    return failed("the root user has no MFA device")
