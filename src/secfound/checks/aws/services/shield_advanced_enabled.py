"""Shield Advanced is subscribed where the blueprint expects it

Shield Advanced adds layer 7 DDoS mitigation, the Shield Response Team and cost
protection to the endpoints the internet reaches.

Remediation:
    CloudFormation: no resource subscribes; AWS::Shield::Protection protects resources once
    subscribed.
    Terraform: aws_shield_subscription, then aws_shield_protection per resource.
    CLI: aws shield create-subscription (a one-year commitment), then protect the resources.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.LOW, objectives=["denial-of-service-mitigated"])
def shield_advanced_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "shield-advanced")
