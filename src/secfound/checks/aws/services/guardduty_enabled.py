"""GuardDuty is on where the blueprint expects it

Without GuardDuty nobody is told when credentials are used from an unusual place,
an instance mines crypto-currency or talks to a known command-and-control host.

Remediation:
    CloudFormation: AWS::GuardDuty::Detector with Enable: true, in every region (StackSets).
    Terraform: aws_guardduty_detector (enable = true), or aws_guardduty_organization_configuration.
    CLI: aws guardduty create-detector --enable (in every region), or from the GuardDuty
    delegated administrator: aws guardduty update-organization-configuration
    --auto-enable-organization-members ALL
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.HIGH, objectives=["threats-detected-continuously"])
def guardduty_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "guardduty")
