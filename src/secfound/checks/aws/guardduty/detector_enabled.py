"""GuardDuty detector is enabled

A detector that is suspended (Enable: false) analyses no CloudTrail, VPC Flow Log or DNS
events and raises no findings, while still looking like GuardDuty is in place.

Remediation:
    CloudFormation: Enable: true on the AWS::GuardDuty::Detector.
    Terraform: enable = true on aws_guardduty_detector (the default).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.guardduty import Detector


@check(
    severity=Severity.HIGH,
    objectives=["threats-detected-continuously"],
)
def detector_enabled(detector: Detector) -> Verdict:
    if detector.is_enabled:
        return passed(
            f"GuardDuty is enabled (findings every {detector.finding_publishing_frequency})"
        )
    return failed("the GuardDuty detector is suspended")
