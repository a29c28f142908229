"""Firewall Manager has an administrator where the blueprint expects one

Firewall Manager applies WAF, Shield, security group and Network Firewall policies to
every account, including accounts created later.

Remediation:
    CloudFormation: no resource names the administrator; AWS::FMS::Policy once it is set.
    Terraform: aws_fms_admin_account, then aws_fms_policy.
    CLI: aws fms associate-admin-account --admin-account <security account>, from the
    management account.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.LOW, objectives=["web-requests-filtered", "network-ingress-restricted"])
def firewall_manager_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "firewall-manager")
