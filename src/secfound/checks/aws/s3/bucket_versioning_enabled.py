"""S3 bucket keeps every version of its objects

With versioning on, an overwrite or delete leaves the previous version in place, so data
destroyed by mistake, by a faulty deployment or by ransomware can be restored. Buckets
start unversioned.

Remediation:
    CloudFormation: VersioningConfiguration: {Status: Enabled}.
    Terraform: aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(
    severity=Severity.LOW,
    objectives=["data-recoverable-after-deletion"],
    checkov=["CKV_AWS_21"],
)
def bucket_versioning_enabled(bucket: Bucket) -> Verdict:
    if bucket.versioning_enabled:
        return passed("versioning is enabled")
    return failed("versioning is not enabled: overwritten or deleted objects are lost")
