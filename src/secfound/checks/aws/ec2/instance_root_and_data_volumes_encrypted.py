"""EC2 instance encrypts its root and data EBS volumes

An unencrypted volume exposes its data to anyone who obtains it or a snapshot of it, and
its snapshots cannot be shared safely. A volume that does not set encryption, and a root
volume the template does not declare (made from the AMI's snapshot), are encrypted only if
the snapshot is or the account encrypts new EBS volumes by default in that region, which a
template does not show: they fail here, as in aws.ec2.volume_encrypted.

Remediation:
    CloudFormation: BlockDeviceMappings with Ebs: {Encrypted: true} for the root device
    (/dev/xvda or /dev/sda1) and every data volume of the AWS::EC2::Instance.
    Terraform: root_block_device { encrypted = true } and encrypted = true in every
    ebs_block_device of aws_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._instances import label, unencrypted
from secfound.errors import UnresolvedValueError
from secfound.model.aws.ec2 import BlockDevice, Instance
from secfound.model.values import Unresolved, is_unresolved


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_8"],
)
def instance_root_and_data_volumes_encrypted(instance: Instance) -> Verdict:
    volumes: list[tuple[str, BlockDevice | Unresolved]] = []
    missing_root = instance.root_volume is None
    if instance.root_volume is not None:
        volumes.append(("the root volume", instance.root_volume))
    if is_unresolved(instance.data_volumes):
        volumes.append(("the data volumes", instance.data_volumes))
    else:
        volumes.extend((label(d, "a data volume"), d) for d in instance.data_volumes)
    problems = []
    if missing_root:
        problems.append(
            "the root volume is not declared (it is made from the AMI's snapshot, encrypted "
            "only if that is or the account encrypts EBS by default)"
        )
    try:
        problems.extend(unencrypted(volumes))
    except UnresolvedValueError:
        # A missing root volume fails whatever the unresolved volumes turn out to be.
        if not problems:
            raise
    if problems:
        return failed("; ".join(problems))
    return passed(f"all {len(volumes)} EBS volume(s) are encrypted")
