"""A logging CloudTrail trail covers the region where the blueprint expects one

Without a trail there is no record of who called which API: no investigation, no
detection, no accountability. An organization trail covers every account at once.

Remediation:
    CloudFormation: AWS::CloudTrail::Trail with IsLogging: true and IsMultiRegionTrail: true
    (IsOrganizationTrail: true from the management account).
    Terraform: aws_cloudtrail with is_multi_region_trail = true (is_organization_trail = true).
    CLI: An organization trail from the management account, or aws cloudtrail create-trail
    --is-multi-region-trail and aws cloudtrail start-logging.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.HIGH, objectives=["audit-trail-complete-and-protected"])
def cloudtrail_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "cloudtrail")
