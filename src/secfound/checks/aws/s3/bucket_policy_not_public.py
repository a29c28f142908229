"""S3 bucket policy grants nothing to any principal without a narrowing condition

A statement that allows Principal "*" (or uses NotPrincipal) gives its actions to every
caller on the internet unless a condition ties it to a known account, organization,
source or network (aws:PrincipalOrgID, aws:SourceArn, aws:SourceVpce, aws:SourceIp…).
aws:SecureTransport is not such a condition: it says how a request travels, not who sends
it. A bucket without a policy grants nothing through one.

Remediation:
    CloudFormation: in the AWS::S3::BucketPolicy, name the principals, or add a condition
    such as {StringEquals: {aws:PrincipalOrgID: <org id>}}.
    Terraform: the same in aws_s3_bucket_policy.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_70"],
)
def bucket_policy_not_public(bucket: Bucket) -> Verdict:
    if bucket.policy is None:
        return passed("the bucket has no policy")
    public = bucket.policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the bucket policy allows any principal without a condition: {names}")
    return passed("no statement of the bucket policy is open to any principal")
