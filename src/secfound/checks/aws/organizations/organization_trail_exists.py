"""An organization trail records every account in every region

An organization trail, created in the management account (or by CloudTrail's delegated
administrator), records API activity of every member account, present and future, to one
place the members cannot change or stop. Trails each account keeps for itself can be
stopped by that account's administrators, and a new account starts with none.

Remediation:
    Create a multi-region organization trail delivering to the log-archive account.
    CloudFormation: AWS::CloudTrail::Trail with IsOrganizationTrail: true,
    IsMultiRegionTrail: true, IsLogging: true (in the management account).
    Terraform: aws_cloudtrail with is_organization_trail = true and
    is_multi_region_trail = true.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.organizations import Organization, OrganizationTrail
from secfound.model.values import definitely_matching, known


@check(severity=Severity.HIGH, objectives=["audit-trail-complete-and-protected"])
def organization_trail_exists(org: Organization) -> Verdict:
    trails = known(org.trails, "organization trails")
    if not trails:
        return failed(f"organization {org.id or org.address} has no organization trail")
    good = definitely_matching(trails, _records_everything)
    if good:
        names = ", ".join(t.name for t in good)
        return passed(f"organization trail {names} is logging in every region")
    found = "; ".join(_why_not(t) for t in trails)
    return failed(f"no organization trail logs every region: {found}")


def _records_everything(trail: OrganizationTrail) -> bool:
    # multi_region first: a single-region trail fails whatever its logging status says.
    return trail.multi_region and bool(trail.logging)


def _why_not(trail: OrganizationTrail) -> str:
    reasons = []
    if not trail.multi_region:
        reasons.append(f"records {trail.home_region or 'one region'} only")
    if trail.logging is False:
        reasons.append("is not logging")
    return f"{trail.name} {' and '.join(reasons)}"
