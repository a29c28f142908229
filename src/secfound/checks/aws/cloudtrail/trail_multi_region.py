"""CloudTrail trail records events in every region

A single-region trail misses everything done elsewhere, and attackers favour the regions
nobody watches to run resources or hide persistence. A multi-region trail also picks up
regions AWS opens later.

Remediation:
    CloudFormation: IsMultiRegionTrail: true on the AWS::CloudTrail::Trail.
    Terraform: is_multi_region_trail = true on aws_cloudtrail.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudtrail import Trail


@check(
    severity=Severity.HIGH,
    objectives=["audit-trail-complete-and-protected"],
    checkov=["CKV_AWS_67"],
)
def trail_multi_region(trail: Trail) -> Verdict:
    if trail.is_multi_region:
        return passed("the trail records every region")
    return failed("the trail records only its home region")
