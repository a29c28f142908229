"""Root user has not been used in the last 90 days

Daily work belongs to roles and federated identities; the root user is for the few tasks
only it can do. A root sign-in or key use within the last 90 days (measured against the
credential report's generation time) means root is part of someone's routine, or that
someone else has it.

Remediation:
    CloudFormation: not expressible; move the work done as root to roles, and keep the root
    credentials for break-glass use only.
    Terraform: not expressible; the same, and alarm on root activity from CloudTrail.
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.checks.aws.iam._credentials import days_before
from secfound.model.aws.account import AccountSettings
from secfound.model.values import known

WINDOW_DAYS = 90


@check(severity=Severity.MEDIUM, objectives=["root-user-secured"])
def root_user_not_used_recently(account: AccountSettings) -> Verdict:
    now = known(account.credentials_generated, "credential report time")
    if now is None:
        return unknown("the credential report was not read")
    root = known(account.root, "root user")
    uses = [known(root.password_last_used, "root password last use")]
    uses.extend(key.last_used for key in known(root.access_keys, "root access keys"))
    seen = [moment for moment in uses if moment is not None]
    if not seen:
        return passed("the root user has no recorded use")
    last = max(seen)
    days = days_before(last, now)
    if days < WINDOW_DAYS:
        return failed(f"the root user was used {days} day(s) before the report")
    return passed(f"the root user was last used {days} days before the report")
