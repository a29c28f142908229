"""Security Lake is on where the blueprint expects it

Security Lake keeps the security logs of every account in one queryable lake, beyond
the retention of each source.

Remediation:
    CloudFormation: AWS::SecurityLake::DataLake from the delegated administrator.
    Terraform: aws_securitylake_data_lake.
    CLI: aws securitylake create-data-lake from the Security Lake delegated administrator.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(
    severity=Severity.LOW,
    objectives=["audit-trail-complete-and-protected", "audit-events-monitored"],
)
def security_lake_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "security-lake")
