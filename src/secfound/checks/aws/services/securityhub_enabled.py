"""Security Hub is on where the blueprint expects it

Security Hub evaluates the account against the AWS Foundational Security Best Practices
and CIS standards continuously, and is where the other services' findings meet.

Remediation:
    CloudFormation: AWS::SecurityHub::Hub, and AWS::SecurityHub::Standard per standard.
    Terraform: aws_securityhub_account and aws_securityhub_standards_subscription.
    CLI: aws securityhub enable-security-hub --enable-default-standards, or central configuration
    from the Security Hub delegated administrator.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(
    severity=Severity.MEDIUM,
    objectives=["configuration-evaluated-against-standards", "audit-events-monitored"],
)
def securityhub_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "securityhub")
