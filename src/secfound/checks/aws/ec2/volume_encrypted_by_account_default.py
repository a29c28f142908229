"""EBS volume is encrypted, by its own setting or by the account's default

Where the account is known (a live assessment, or a configuration that declares
aws_ebs_encryption_by_default), a volume that is silent about encryption, or even asks for
none, is encrypted anyway when EBS encryption by default is on: AWS then encrypts every new
volume. This check judges the volume in that light, and does not apply where no account is
part of the scan.

Remediation:
    CloudFormation: Encrypted: true on the AWS::EC2::Volume, or turn on EBS encryption by
    default for the account and region (aws ec2 enable-ebs-encryption-by-default).
    Terraform: encrypted = true on aws_ebs_volume, or aws_ebs_encryption_by_default with
    enabled = true.
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.model.aws.account import Account
from secfound.model.aws.ec2 import Volume
from secfound.model.values import is_unresolved, known


@check(severity=Severity.MEDIUM, objectives=["data-at-rest-encrypted"])
def volume_encrypted_by_account_default(volume: Volume, account: Account) -> Verdict:
    encrypted = volume.encrypted
    # `is True` on a resolved value: an explicit true decides without the account.
    if not is_unresolved(encrypted) and encrypted is True:
        return passed("the volume is encrypted")
    default = account.ebs_encryption_by_default
    # The account default overrides whatever the volume says; unresolved is unknown.
    if default is not None and default:
        return passed("the account encrypts every new EBS volume by default")
    state = "not known" if default is None else "off"
    if encrypted is None:
        if default is None:
            return unknown("the volume does not say, and the account's EBS default is not known")
        return failed("the volume does not say, and the account's EBS encryption by default is off")
    known(encrypted, "encryption setting")  # unresolved: unknown
    return failed(
        f"the volume is not encrypted; the account's EBS encryption by default is {state}"
    )
