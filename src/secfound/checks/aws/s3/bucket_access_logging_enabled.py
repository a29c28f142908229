"""S3 bucket writes server access logs to another bucket

Server access logs record every request made to the bucket, including requests CloudTrail
data events are not configured to capture; they are the evidence needed to tell who read
or changed data during an incident.

Remediation:
    CloudFormation: LoggingConfiguration: {DestinationBucketName: <log bucket>}.
    Terraform: aws_s3_bucket_logging with target_bucket = <log bucket>.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket
from secfound.model.values import is_set


@check(
    severity=Severity.MEDIUM,
    objectives=["data-access-logged"],
    checkov=["CKV_AWS_18"],
)
def bucket_access_logging_enabled(bucket: Bucket) -> Verdict:
    # is_set: a target given by an unresolved reference still receives the logs.
    if not is_set(bucket.logging_target_bucket):
        return failed("server access logging is not enabled")
    return passed(f"server access logs go to {bucket.logging_target_bucket}")
