"""KMS key rotates its key material automatically

Automatic rotation gives a symmetric encryption key new cryptographic material every year
(or on the period chosen) while old material stays available for decryption, which limits
how much data any one piece of key material protects. Asymmetric and HMAC keys cannot be
rotated automatically, so the question does not arise for them.

Remediation:
    CloudFormation: EnableKeyRotation: true on the AWS::KMS::Key.
    Terraform: enable_key_rotation = true on aws_kms_key.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.kms import Key
from secfound.model.values import is_unresolved


@check(
    severity=Severity.MEDIUM,
    objectives=["encryption-keys-rotated"],
    checkov=["CKV_AWS_7"],
)
def key_rotation_enabled(key: Key) -> Verdict:
    # Rotation that is certainly on passes whatever the key spec: AWS allows it only on
    # keys that can rotate.
    if not is_unresolved(key.rotation_enabled) and key.rotation_enabled:
        return passed("automatic key rotation is enabled")
    if not key.is_symmetric_encryption_key():
        return not_applicable(f"a {key.key_spec} {key.key_usage} key cannot rotate automatically")
    if key.rotation_enabled:  # unresolved: unknown
        return passed("automatic key rotation is enabled")
    return failed("automatic key rotation is not enabled")
