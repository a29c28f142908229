"""Every account sits in the OU the account blueprint expects

OUs are where guardrails attach: an account at the root or in an OU the blueprint does not
know gets whatever policies happen to apply there, and a security account outside the
Security OU escapes the controls written for it. Grouping accounts by function and
environment, as the blueprint declares, keeps each account under the policies meant for
it. The mismatches are listed: expected OUs and named accounts that are missing, accounts
outside every expected OU, named accounts in the wrong OU, and closed accounts outside the
suspended OU.

Remediation:
    Create the missing OUs and move each listed account (aws organizations move-account),
    or adapt the blueprint (docs/blueprint.md) where the organization is right.
    CloudFormation: AWS::Organizations::OrganizationalUnit, and ParentIds on
    AWS::Organizations::Account.
    Terraform: aws_organizations_organizational_unit, and parent_id on
    aws_organizations_account.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.organizations._common import listing
from secfound.model.aws.organizations import Organization, OrganizationAccount

# Accounts on their way out of the organization (a closed account stays SUSPENDED for 90
# days); PENDING_ACTIVATION is on its way in, and is placed like an active one.
CLOSING = frozenset({"SUSPENDED", "PENDING_CLOSURE", "CLOSED"})


@check(severity=Severity.MEDIUM, objectives=["workloads-separated-by-account"])
def accounts_in_expected_ous(org: Organization) -> Verdict:
    blueprint = org.blueprint
    existing = {unit.path.casefold() for unit in org.ous}
    mismatches = [
        f"OU {expected.path} is missing"
        for expected in blueprint.ous
        if expected.path.casefold() not in existing
    ]
    for expected in blueprint.ous:
        for name in expected.accounts:
            account = org.account_named(name)
            if account is None:
                mismatches.append(f"no account named {name} (expected in {expected.path})")
                continue
            placed = org.placement(account)
            if placed != expected:
                mismatches.append(
                    f"{org.label(account)} is {_where(org, account)}, not in {expected.path}"
                )
    suspended = blueprint.ou(blueprint.suspended_ou) if blueprint.suspended_ou else None
    for account in org.member_accounts():
        placed = org.placement(account)
        where = _where(org, account)
        if placed is None:
            mismatches.append(f"{org.label(account)} is {where}, not in an OU of the blueprint")
        elif account.status in CLOSING and suspended is not None and placed != suspended:
            mismatches.append(
                f"{org.label(account)} is {account.status} but {where}, not in {suspended.path}"
            )
    if mismatches:
        return failed(
            f"{len(mismatches)} mismatch(es) with the blueprint's OUs: {listing(mismatches)}"
        )
    return passed(
        f"all {len(org.member_accounts())} member accounts sit in the OUs the blueprint "
        f"expects ({len(blueprint.ous)} OUs)"
    )


def _where(org: Organization, account: OrganizationAccount) -> str:
    path = org.ou_path(account.parent_id)
    return f"in {path}" if path else "directly under the root"
