"""Secrets Manager secret rotates automatically

A secret that never changes stays valid for as long as anyone who ever saw it (a former
employee, a leaked log, a copied environment) keeps a copy. Automatic rotation replaces it
on a schedule without a deployment, which limits how long a leaked value is useful.
Rotation is turned on by a rotation schedule attached to the secret.

Remediation:
    CloudFormation: an AWS::SecretsManager::RotationSchedule with SecretId: !Ref <secret>,
    a RotationLambdaARN or HostedRotationLambda, and RotationRules.
    Terraform: an aws_secretsmanager_secret_rotation with secret_id, rotation_lambda_arn
    and rotation_rules { automatically_after_days = 30 }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.secretsmanager import Secret


@check(
    severity=Severity.MEDIUM,
    objectives=["secrets-rotated"],
    checkov=["CKV2_AWS_57"],
)
def secret_rotation_enabled(secret: Secret) -> Verdict:
    if secret.rotation_enabled:
        return passed("automatic rotation is enabled")
    return failed("automatic rotation is not enabled")
