"""Audit Manager is on where the blueprint expects it

Audit Manager collects evidence continuously and maps it to framework controls, so an
audit does not start with screenshots.

Remediation:
    CloudFormation: no resource registers the account; use the CLI below.
    Terraform: aws_auditmanager_account_registration.
    CLI: aws auditmanager register-account.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.LOW, objectives=["configuration-evaluated-against-standards"])
def audit_manager_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "audit-manager")
