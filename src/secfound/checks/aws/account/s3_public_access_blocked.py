"""S3 Block Public Access is on for the whole account

The account-level Block Public Access settings override every bucket's ACLs and policies:
with all four on, no bucket in the account can be made public by mistake, including
buckets created later.

Remediation:
    CloudFormation: not expressible as a resource; run aws s3control
    put-public-access-block with all four settings true.
    Terraform: aws_s3_account_public_access_block with block_public_acls,
    block_public_policy, ignore_public_acls and restrict_public_buckets = true.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.account import Account


@check(severity=Severity.HIGH, objectives=["data-not-publicly-accessible"])
def s3_public_access_blocked(account: Account) -> Verdict:
    blocked = account.s3_block_public_access
    if blocked is None:
        return not_applicable("the source does not say whether S3 Block Public Access is on")
    if blocked:
        return passed("all four account-level S3 Block Public Access settings are on")
    return failed("account-level S3 Block Public Access is not fully on")
