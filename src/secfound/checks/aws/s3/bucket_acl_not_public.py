"""S3 bucket's canned ACL grants no access beyond the owner's account

The canned ACLs public-read and public-read-write open the bucket to everyone on the
internet; authenticated-read opens it to every AWS account in the world. Block Public
Access may neutralize such an ACL today, but the grant remains, waiting for the block to be
lifted.

Remediation:
    CloudFormation: remove AccessControl, or set it to Private.
    Terraform: remove aws_s3_bucket_acl, or set acl = "private".
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import PUBLIC_CANNED_ACLS, Bucket
from secfound.model.values import definitely_matching, matches_literal


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_20"],
)
def bucket_acl_not_public(bucket: Bucket) -> Verdict:
    acl = bucket.acl
    public = definitely_matching(sorted(PUBLIC_CANNED_ACLS), lambda a: matches_literal(acl, a))
    if public:
        return failed(f"canned ACL {public[0]} grants access beyond the owner's account")
    return passed(f"canned ACL {acl} grants no public access")
