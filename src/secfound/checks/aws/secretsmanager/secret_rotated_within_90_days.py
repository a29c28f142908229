"""Secrets Manager secret rotation schedule rotates it at least every 90 days

The rotation schedule bounds how long a leaked secret stays valid. 90 days is the default
of the AWS Config rule behind Security Hub control SecretsManager.4 and a common policy
limit. A secret without rotation is judged by secret_rotation_enabled, not here; a cron()
schedule, whose gaps depend on the calendar, is reported as unknown.

Remediation:
    CloudFormation: RotationRules: {AutomaticallyAfterDays: 90} (or less, or
    ScheduleExpression: rate(30 days)) on the AWS::SecretsManager::RotationSchedule.
    Terraform: rotation_rules { automatically_after_days = 90 } (or less) on
    aws_secretsmanager_secret_rotation.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed, unknown
from secfound.model.aws.secretsmanager import Secret
from secfound.model.values import is_unresolved

MAX_DAYS = 90


@check(
    severity=Severity.MEDIUM,
    objectives=["secrets-rotated"],
    checkov=["CKV_AWS_304"],
)
def secret_rotated_within_90_days(secret: Secret) -> Verdict:
    if not is_unresolved(secret.rotation_enabled) and not secret.rotation_enabled:
        return not_applicable("automatic rotation is not enabled")
    days = secret.rotation_interval_days
    if days is None:
        return unknown("the rotation schedule names no interval")
    if days <= MAX_DAYS:
        return passed(f"rotated at least every {days} day(s)")
    return failed(f"rotated only every {days} days (more than {MAX_DAYS})")
