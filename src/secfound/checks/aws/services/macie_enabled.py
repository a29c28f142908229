"""Macie is on where the blueprint expects it

Macie finds sensitive data in S3 and the buckets that expose it.

Remediation:
    CloudFormation: AWS::Macie::Session with Status: ENABLED.
    Terraform: aws_macie2_account.
    CLI: aws macie2 enable-macie, or auto-enable from the Macie delegated administrator.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.LOW, objectives=["data-not-publicly-accessible"])
def macie_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "macie")
