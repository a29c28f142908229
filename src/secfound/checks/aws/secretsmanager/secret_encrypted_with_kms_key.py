"""Secrets Manager secret is encrypted with a customer managed KMS key

Every secret is encrypted; without a key of its own it uses the AWS managed key
aws/secretsmanager, whose policy admits every principal of the account that may read the
secret and cannot be edited, shared with another account or disabled. A customer managed
key adds a second, separately governed gate to reading the secret, and can be revoked.

Remediation:
    CloudFormation: KmsKeyId: <customer managed key ARN> on the AWS::SecretsManager::Secret.
    Terraform: kms_key_id = <customer managed key ARN> on aws_secretsmanager_secret.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.secretsmanager import Secret
from secfound.model.values import is_unresolved, matches_literal

AWS_MANAGED_KEY = "alias/aws/secretsmanager"


@check(
    severity=Severity.LOW,
    objectives=["data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_149"],
)
def secret_encrypted_with_kms_key(secret: Secret) -> Verdict:
    key = secret.kms_key_id
    if key is None:
        return failed("encrypted with the AWS managed key aws/secretsmanager (the default)")
    # A reference to a key the configuration declares is a customer managed key: AWS
    # managed keys cannot be declared.
    if is_unresolved(key) and key.identifier:
        return passed(f"encrypted with the declared KMS key {key.expression}")
    if matches_literal(key, AWS_MANAGED_KEY):
        return failed("encrypted with the AWS managed key aws/secretsmanager")
    return passed(f"encrypted with KMS key {key}")
