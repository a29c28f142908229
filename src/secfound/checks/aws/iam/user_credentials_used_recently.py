"""IAM user has no password or active access key unused for 45 days

A credential nobody uses is a credential nobody would miss, and nobody watches. A console
password or active access key whose last use (or, never used, its creation) is 45 days or
more before the credential report should be disabled or removed.

Remediation:
    CloudFormation: remove the user's LoginProfile or its AWS::IAM::AccessKey (or set the
    key's Status: Inactive).
    Terraform: remove aws_iam_user_login_profile or aws_iam_access_key (or status =
    "Inactive").
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.checks.aws.iam._credentials import UNUSED_DAYS, days_before, key_last_activity
from secfound.model.aws.iam import UserCredentials


@check(severity=Severity.MEDIUM, objectives=["long-term-credentials-limited"])
def user_credentials_used_recently(user: UserCredentials) -> Verdict:
    idle: list[str] = []
    if user.password_enabled:
        since = user.password_last_used or user.password_last_changed or user.created
        if since is None or days_before(since, user.generated) >= UNUSED_DAYS:
            idle.append("console password")
    for index, key in enumerate(user.access_keys, start=1):
        since = key_last_activity(key)
        if key.active and (since is None or days_before(since, user.generated) >= UNUSED_DAYS):
            idle.append(f"access key {index}")
    if idle:
        return failed(f"unused for {UNUSED_DAYS} days or more: {', '.join(idle)}")
    if not user.password_enabled and not user.active_keys():
        return not_applicable("the user has no password and no active access key")
    return passed(f"every password and active key was used in the last {UNUSED_DAYS} days")
