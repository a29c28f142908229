"""EC2 launch template encrypts the EBS volumes it declares, root included

Every instance launched from the template gets its block device mappings; an unencrypted
or silent mapping leaves each such volume, and its snapshots, readable by anyone who
obtains them. A mapping that does not set encryption, and a template that declares no
mapping at all (its volumes come from the AMI's snapshots), are encrypted only if the
snapshot is or the account encrypts new EBS volumes by default, which a template does not
show: they fail here.

Remediation:
    CloudFormation: LaunchTemplateData.BlockDeviceMappings with Ebs: {Encrypted: true}
    for the root device and every data volume.
    Terraform: block_device_mappings { ebs { encrypted = true } } for each device of
    aws_launch_template.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._instances import label, unencrypted
from secfound.model.aws.ec2 import BlockDevice, LaunchTemplate
from secfound.model.values import Unresolved, is_unresolved


@check(severity=Severity.MEDIUM, objectives=["data-at-rest-encrypted"])
def launch_template_volumes_encrypted(template: LaunchTemplate) -> Verdict:
    volumes: list[tuple[str, BlockDevice | Unresolved]]
    if is_unresolved(template.block_devices):
        volumes = [("the block device mappings", template.block_devices)]
    else:
        if not template.block_devices:
            return failed(
                "the template declares no EBS mapping: volumes come from the AMI's "
                "snapshots, encrypted only if those are or the account encrypts EBS by default"
            )
        volumes = [(label(d, "a volume"), d) for d in template.block_devices]
    problems = unencrypted(volumes)
    if problems:
        return failed("; ".join(problems))
    return passed(f"all {len(volumes)} declared EBS volume(s) are encrypted")
