"""IAM Access Analyzer is on where the blueprint expects it

An analyzer reports every bucket, key, role and queue shared outside the account or
organization, and unused access that widens what a stolen credential can do.

Remediation:
    CloudFormation: AWS::AccessAnalyzer::Analyzer with Type: ACCOUNT or ORGANIZATION.
    Terraform: aws_accessanalyzer_analyzer.
    CLI: aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT in each region,
    or an ORGANIZATION analyzer from the delegated administrator.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(
    severity=Severity.MEDIUM,
    objectives=["data-not-publicly-accessible", "least-privilege-permissions"],
)
def access_analyzer_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "access-analyzer")
