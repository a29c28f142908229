"""CloudTrail trail is logging

A trail that exists but is stopped records nothing; stopping logging is a known first step
of an intruder covering their tracks, and a template that declares a stopped trail gives a
false sense of coverage.

Remediation:
    CloudFormation: IsLogging: true on the AWS::CloudTrail::Trail.
    Terraform: enable_logging = true on aws_cloudtrail (the default).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudtrail import Trail


@check(
    severity=Severity.HIGH,
    objectives=["audit-trail-complete-and-protected"],
    checkov=["CKV_AWS_251"],
)
def trail_logging_enabled(trail: Trail) -> Verdict:
    if trail.is_logging:
        return passed("the trail is logging")
    return failed("the trail is stopped and records nothing")
