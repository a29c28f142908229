"""Root user's MFA is a hardware device

A virtual MFA device lives on a phone or laptop that is carried, backed up and replaced
with everyday use; the root user's second factor should be a dedicated hardware device (a
FIDO security key or hardware TOTP token) kept in a safe.

Remediation:
    CloudFormation: not expressible (the root user is not a resource); sign in as root,
    remove the virtual MFA device and assign a FIDO security key or hardware TOTP token.
    Terraform: not expressible; assign the hardware device to the root user in the console.
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.model.aws.account import AccountSettings
from secfound.model.values import known


@check(severity=Severity.HIGH, objectives=["root-user-secured"])
def root_user_has_hardware_mfa(account: AccountSettings) -> Verdict:
    root = known(account.root, "root user")
    if root.mfa_enabled is None or root.virtual_mfa is None:
        return unknown("the root user's MFA devices were not read")
    if not root.mfa_enabled:
        return failed("the root user has no MFA device at all")
    if root.virtual_mfa:
        return failed("the root user's MFA is a virtual device")
    return passed("the root user has MFA and no virtual MFA device")
