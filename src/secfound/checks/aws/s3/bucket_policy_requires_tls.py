"""S3 bucket policy refuses requests made without TLS

S3 answers plain HTTP as readily as HTTPS; only a bucket policy that denies every S3
action when aws:SecureTransport is false keeps data and credentials off the wire in clear
text. A bucket without a policy has no such denial.

Remediation:
    CloudFormation: an AWS::S3::BucketPolicy with a statement Effect Deny, Principal "*",
    Action "s3:*", Resource the bucket and its objects, Condition
    {Bool: {aws:SecureTransport: false}}.
    Terraform: the same statement in aws_s3_bucket_policy (for example built with
    data.aws_iam_policy_document).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"])
def bucket_policy_requires_tls(bucket: Bucket) -> Verdict:
    if bucket.policy is None:
        return failed("the bucket has no policy, so plain-HTTP requests are not denied")
    if bucket.policy.denies_insecure_transport(action="s3:*"):
        return passed("the bucket policy denies every S3 action without TLS")
    return failed(
        "the bucket policy does not deny all S3 actions when aws:SecureTransport is false"
    )
