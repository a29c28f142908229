"""IAM Access Analyzer has an active external-access analyzer where the blueprint expects it

An external-access analyzer (type ACCOUNT, or ORGANIZATION from the delegated
administrator) reports every bucket, key, role and queue shared outside the account or
organization. Analyzers are regional: a region without one is not watched. Unused-access
analyzers answer another question (access granted and not used) and do not count here.

This check replaces aws.iam.access_analyzer_enabled (kept as its alias): one finding per
account and region, judged on the security services inventory.

Remediation:
    CloudFormation: AWS::AccessAnalyzer::Analyzer with Type: ACCOUNT (or ORGANIZATION) in
    every region, for example through a StackSet.
    Terraform: aws_accessanalyzer_analyzer with analyzer_type = "ACCOUNT" (or
    "ORGANIZATION") in every region.
    CLI: aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT in each region,
    or an ORGANIZATION analyzer from the delegated administrator.
"""

from secfound.checks import Severity, Status, Verdict, check, failed
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService

SERVICE = "access-analyzer"
# Analyzer types that report external access (the inventory lists active types in detail).
EXTERNAL_ACCESS = frozenset({"ACCOUNT", "ORGANIZATION"})


@check(
    severity=Severity.MEDIUM,
    objectives=[
        "external-access-analyzed",
        "data-not-publicly-accessible",
        "least-privilege-permissions",
    ],
    aliases=["aws.iam.access_analyzer_enabled"],
)
def access_analyzer_enabled(service: SecurityService) -> Verdict:
    verdict = expected_on(service, SERVICE)
    if verdict.status is not Status.PASSED:
        return verdict
    if not {kind.upper() for kind in service.detail} & EXTERNAL_ACCESS:
        active = ", ".join(service.detail) or "none named"
        return failed(
            f"no external-access analyzer is active in {service.region} (active analyzer "
            f"types: {active}), where the blueprint expects one. Turn it on: {service.enable}"
        )
    return verdict
