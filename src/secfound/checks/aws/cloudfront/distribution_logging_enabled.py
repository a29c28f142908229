"""CloudFront distribution writes standard access logs

Access logs record each viewer request with the client address, path, status and edge
location; they are the evidence of who fetched what from the distribution.

Remediation:
    CloudFormation: Logging: {Bucket: <bucket>.s3.amazonaws.com} in DistributionConfig.
    Terraform: logging_config { bucket = "<bucket>.s3.amazonaws.com" }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudfront import Distribution


@check(severity=Severity.MEDIUM, objectives=["data-access-logged"], checkov=["CKV_AWS_86"])
def distribution_logging_enabled(distribution: Distribution) -> Verdict:
    # `is None`: a bucket given by an unresolved reference still receives the logs.
    if distribution.logging_bucket is None:
        return failed("standard logging is off")
    return passed(f"access logs go to {distribution.logging_bucket}")
