"""CloudFront distribution writes standard access logs

Access logs record each viewer request with the client address, path, status and edge
location; they are the evidence of who fetched what from the distribution.

Remediation:
    CloudFormation: Logging: {Bucket: <bucket>.s3.amazonaws.com} in DistributionConfig.
    Terraform: logging_config { bucket = "<bucket>.s3.amazonaws.com" }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudfront import Distribution
from secfound.model.values import is_set


@check(severity=Severity.MEDIUM, objectives=["data-access-logged"], checkov=["CKV_AWS_86"])
def distribution_logging_enabled(distribution: Distribution) -> Verdict:
    # A bucket given by an unresolved reference still receives the logs; a denied live
    # read (which may stand for no logging) is unknown.
    if not is_set(distribution.logging_bucket):
        return failed("standard logging is off")
    return passed(f"access logs go to {distribution.logging_bucket}")
