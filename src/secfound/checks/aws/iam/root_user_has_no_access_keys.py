"""Root user has no access keys

Access keys of the root user carry every permission in the account, cannot be limited by
any policy, and never expire; a key leaked in code or logs hands over the account. AWS
recommends that the root user have none.

Remediation:
    CloudFormation: not expressible (root keys are not a resource); sign in as root and
    delete its access keys under Security credentials.
    Terraform: not expressible; delete the root user's access keys in the console.
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.model.aws.account import AccountSettings
from secfound.model.values import is_unresolved, known


@check(
    severity=Severity.CRITICAL,
    objectives=["root-user-secured", "long-term-credentials-limited"],
)
def root_user_has_no_access_keys(account: AccountSettings) -> Verdict:
    root = known(account.root, "root user")
    keys = root.access_keys
    # Active keys in the credential report decide even when the summary was not read.
    if not is_unresolved(keys) and any(key.active for key in keys):
        count = sum(1 for key in keys if key.active)
        return failed(f"the root user has {count} active access key(s)")
    if root.access_keys_present is None:
        return unknown("the account summary was not read")
    if root.access_keys_present:
        return failed("the root user has access keys")
    return passed("the root user has no access keys")
