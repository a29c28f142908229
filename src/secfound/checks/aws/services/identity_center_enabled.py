"""IAM Identity Center is on where the blueprint expects it

Identity Center gives people short-lived credentials through permission sets, instead of
IAM users with long-lived passwords and keys in every account.

Remediation:
    CloudFormation: AWS::SSO::Instance (an account instance), AWS::SSO::PermissionSet.
    Terraform: no resource creates the organization instance; aws_ssoadmin_permission_set
    and aws_ssoadmin_account_assignment once it exists.
    CLI: Enable IAM Identity Center in the organization's management account (console), then
    assign permission sets to groups.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.MEDIUM, objectives=["permissions-managed-centrally"])
def identity_center_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "identity-center")
