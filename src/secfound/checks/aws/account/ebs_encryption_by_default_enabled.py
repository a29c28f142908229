"""EBS encryption by default is on in the region

With encryption by default every new EBS volume and snapshot copy in the region is
encrypted, whatever the template or console user asks for, so no unencrypted volume can be
created by mistake. It is a regional setting: each region needs it.

Remediation:
    CloudFormation: not expressible as a resource; run aws ec2
    enable-ebs-encryption-by-default in every region (or a custom resource).
    Terraform: aws_ebs_encryption_by_default with enabled = true, per region.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.account import Account


@check(severity=Severity.MEDIUM, objectives=["data-at-rest-encrypted"])
def ebs_encryption_by_default_enabled(account: Account) -> Verdict:
    enabled = account.ebs_encryption_by_default
    if enabled is None:
        return not_applicable("the source does not say whether EBS encryption by default is on")
    if enabled:
        return passed("new EBS volumes are encrypted by default")
    return failed("EBS encryption by default is off")
