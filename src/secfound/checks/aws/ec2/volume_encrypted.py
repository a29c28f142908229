"""EBS volume is encrypted at rest

An unencrypted volume exposes its data to anyone who obtains a snapshot of it, and its
snapshots cannot be shared safely. A volume that does not say ``Encrypted`` is encrypted
only if the account turned on EBS encryption by default in that region, which a template
does not show; it fails here, and aws.ec2.volume_encrypted_by_account_default judges it
where the account is known.

Remediation:
    CloudFormation: Encrypted: true on the AWS::EC2::Volume (and KmsKeyId for a customer
    managed key).
    Terraform: encrypted = true on aws_ebs_volume (and kms_key_id).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ec2 import Volume


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_3"],
)
def volume_encrypted(volume: Volume) -> Verdict:
    if volume.encrypted is None:
        return failed(
            "Encrypted is not set: the volume is encrypted only if the account's EBS "
            "encryption by default is on, which the template does not show"
        )
    if volume.encrypted:
        return passed("the volume is encrypted")
    return failed("the volume is not encrypted")
