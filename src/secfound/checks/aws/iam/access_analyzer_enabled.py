"""IAM Access Analyzer has an active external-access analyzer in the region

An external-access analyzer (type ACCOUNT or ORGANIZATION) reports buckets, keys, roles
and other resources whose policies grant access from outside the account or organization.
Analyzers are regional: a region without one is not watched. Unused-access analyzers
answer another question and do not count.

Remediation:
    CloudFormation: an AWS::AccessAnalyzer::Analyzer with Type: ACCOUNT (or ORGANIZATION)
    in every region, for example through a StackSet.
    Terraform: aws_accessanalyzer_analyzer with analyzer_type = "ACCOUNT" (or
    "ORGANIZATION") in every region.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import AccessAnalyzers

EXTERNAL_ACCESS = ("ACCOUNT", "ORGANIZATION")


@check(severity=Severity.MEDIUM, objectives=["external-access-analyzed"])
def access_analyzer_enabled(region: AccessAnalyzers) -> Verdict:
    external = [a for a in region.analyzers if a.type.upper() in EXTERNAL_ACCESS]
    active = [a.name for a in external if a.status.upper() == "ACTIVE"]
    if active:
        return passed(f"external-access analyzer {', '.join(active)} is active")
    if external:
        return failed("the external-access analyzer here is not active")
    return failed("no external-access analyzer in the region")
