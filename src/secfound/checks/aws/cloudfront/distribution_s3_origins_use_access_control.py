"""CloudFront distribution reaches its S3 origins through origin access control

With origin access control (or the legacy origin access identity) the bucket can admit
CloudFront alone and stay private; without it the bucket must be readable by everyone
for the distribution to work, and viewers can bypass the distribution's TLS, WAF and
logging by fetching from S3 directly. An origin access identity passes, though AWS
recommends moving to origin access control. Distributions without S3 origins are not
judged.

Remediation:
    CloudFormation: an AWS::CloudFront::OriginAccessControl and OriginAccessControlId:
    !GetAtt <control>.Id on each S3 origin, plus a bucket policy for
    cloudfront.amazonaws.com.
    Terraform: aws_cloudfront_origin_access_control and origin_access_control_id on each
    S3 origin.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.cloudfront import Distribution, Origin


def _uncontrolled(origin: Origin) -> bool:
    # `is None`: a control or identity given by an unresolved reference is still one.
    return origin.origin_access_control_id is None and origin.origin_access_identity is None


@check(severity=Severity.MEDIUM, objectives=["data-not-publicly-accessible"])
def distribution_s3_origins_use_access_control(distribution: Distribution) -> Verdict:
    s3 = [origin for origin in distribution.origins if origin.kind == "s3"]
    if not s3:
        return not_applicable("no S3 origin")
    open_origins = [origin for origin in s3 if _uncontrolled(origin)]
    if open_origins:
        names = ", ".join(str(origin.origin_id) for origin in open_origins)
        return failed(f"S3 origin(s) without origin access control: {names}")
    legacy = [origin for origin in s3 if origin.origin_access_control_id is None]
    if legacy:
        names = ", ".join(str(origin.origin_id) for origin in legacy)
        return passed(f"S3 origins are access-controlled; legacy identity on {names}")
    return passed("every S3 origin uses origin access control")
