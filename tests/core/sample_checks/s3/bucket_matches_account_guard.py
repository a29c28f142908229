"""S3 bucket is covered by the account's public access guard.

A check on a resource in the light of an aggregate: it asks for the ``Account`` as context.

Remediation:
    CloudFormation: n/a. Terraform: aws_s3_account_public_access_block.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import Account
from secfound.model.aws.s3 import Bucket


@check(severity=Severity.MEDIUM, objectives=["test-objective"])
def bucket_matches_account_guard(bucket: Bucket, account: Account) -> Verdict:
    if account.s3_block_public_access:
        return passed("the account blocks public access for every bucket")
    return failed("the account-level public access block is off")
