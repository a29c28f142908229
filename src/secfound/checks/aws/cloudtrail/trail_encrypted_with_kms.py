"""CloudTrail trail encrypts its log files with a KMS key

Without a KMS key, log files are encrypted with keys S3 owns, and anyone allowed to read
the bucket reads the account's whole API history. SSE-KMS adds the key policy as a second
gate and records every decryption.

Remediation:
    CloudFormation: KMSKeyId: <key> on the AWS::CloudTrail::Trail (the key policy must let
    cloudtrail.amazonaws.com encrypt).
    Terraform: kms_key_id = <key ARN> on aws_cloudtrail.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudtrail import Trail


@check(
    severity=Severity.MEDIUM,
    objectives=["audit-trail-complete-and-protected", "data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_35"],
)
def trail_encrypted_with_kms(trail: Trail) -> Verdict:
    # `is None`: a key given by an unresolved reference is still a key.
    if trail.kms_key_id is None:
        return failed("log files are encrypted with S3-owned keys only")
    return passed(f"log files are encrypted with KMS key {trail.kms_key_id}")
