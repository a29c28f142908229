"""IAM user's active access keys are at most 90 days old

An access key is valid until someone deletes it; the longer it lives the more copies of it
exist in scripts, CI variables and laptops. Active keys are rotated within 90 days, counted
to the time the credential report was generated.

Remediation:
    CloudFormation: replace the AWS::IAM::AccessKey (change its Serial) and retire the old
    key; better, replace the user's keys with a role.
    Terraform: replace aws_iam_access_key (taint or create_before_destroy with a new
    resource) and retire the old key; better, use a role.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.checks.aws.iam._credentials import ROTATION_DAYS, days_before
from secfound.model.aws.iam import UserCredentials


@check(severity=Severity.MEDIUM, objectives=["long-term-credentials-limited"])
def user_access_keys_rotated(user: UserCredentials) -> Verdict:
    active = user.active_keys()
    if not active:
        return not_applicable("the user has no active access key")
    ages = [
        days_before(key.last_rotated, user.generated)
        for key in active
        if key.last_rotated is not None
    ]
    old = [age for age in ages if age > ROTATION_DAYS]
    if old:
        return failed(f"an active access key is {max(old)} days old (limit {ROTATION_DAYS})")
    if len(ages) < len(active):
        return failed("an active access key has no creation date in the credential report")
    return passed(f"active access keys are at most {max(ages)} days old")
