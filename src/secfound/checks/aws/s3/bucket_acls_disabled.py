"""S3 bucket disables ACLs and leaves access to policies alone

With object ownership BucketOwnerEnforced, ACLs no longer grant anything and the bucket
owner owns every object, so access is decided by policies only: one place to review
instead of a policy plus an ACL on the bucket and on every object. AWS applies this
setting to new buckets since April 2023.

Remediation:
    CloudFormation: OwnershipControls: {Rules: [{ObjectOwnership: BucketOwnerEnforced}]}
    (or omit OwnershipControls: AWS's default).
    Terraform: aws_s3_bucket_ownership_controls with
    rule { object_ownership = "BucketOwnerEnforced" }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket
from secfound.model.values import matches_literal


@check(
    severity=Severity.MEDIUM,
    objectives=["permissions-managed-centrally"],
    checkov=["CKV2_AWS_65"],
)
def bucket_acls_disabled(bucket: Bucket) -> Verdict:
    if matches_literal(bucket.object_ownership, "BucketOwnerEnforced"):
        return passed("ACLs are disabled (object ownership BucketOwnerEnforced)")
    return failed(f"ACLs are in use (object ownership {bucket.object_ownership})")
