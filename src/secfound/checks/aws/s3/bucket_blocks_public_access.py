"""S3 bucket blocks public access with all four settings

Block Public Access overrides ACLs and bucket policies that would make data public, so one
mistaken grant cannot expose the bucket. AWS turns all four settings on for new buckets
(since April 2023), so a template that says nothing passes, where Checkov's CKV_AWS_53 to 56
want the settings written out; turning any off is a decision that deserves a second look.

Remediation:
    CloudFormation: PublicAccessBlockConfiguration with BlockPublicAcls, IgnorePublicAcls,
    BlockPublicPolicy and RestrictPublicBuckets all true (or omit it: AWS's default).
    Terraform: aws_s3_bucket_public_access_block with the four arguments true.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(
    severity=Severity.HIGH,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
)
def bucket_blocks_public_access(bucket: Bucket) -> Verdict:
    off = bucket.public_access_block.disabled_settings()
    if off:
        return failed(f"Block Public Access is off for: {', '.join(off)}")
    return passed("all four Block Public Access settings are on")
