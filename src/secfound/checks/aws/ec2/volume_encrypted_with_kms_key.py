"""EBS volume is encrypted with a customer managed KMS key

The AWS managed key aws/ebs encrypts the volume, but its key policy cannot be changed: it
cannot be shared with another account for backup or recovery, nor restricted beyond what
IAM allows. A customer managed key gives control over who may use the key and lets access
be revoked by disabling it.

Remediation:
    CloudFormation: Encrypted: true and KmsKeyId: <customer managed key> on the
    AWS::EC2::Volume.
    Terraform: encrypted = true and kms_key_id = <customer managed key> on aws_ebs_volume.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ec2 import Volume
from secfound.model.values import Unresolved, is_unresolved, matches_literal

AWS_MANAGED_ALIAS = "alias/aws/ebs"


@check(
    severity=Severity.LOW,
    objectives=["data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_189"],
)
def volume_encrypted_with_kms_key(volume: Volume) -> Verdict:
    key = volume.kms_key_id
    if key is None:
        return failed("no customer managed key is named: aws/ebs or the account default applies")
    if _is_aws_managed(key):
        return failed(f"encrypted with the AWS managed key {key}")
    if not volume.encrypted:  # None, False; unresolved is unknown
        return failed(f"KMS key {key} is named but Encrypted is not true")
    return passed(f"encrypted with KMS key {key}")


def _is_aws_managed(key: str | Unresolved) -> bool:
    if is_unresolved(key):
        # A key this source declares is customer managed.
        return not key.identifier and matches_literal(key, AWS_MANAGED_ALIAS)
    return key.lower().endswith(AWS_MANAGED_ALIAS)
