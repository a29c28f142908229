"""Production and non-production workloads do not share an account

A development or test workload beside production data gives every developer credential,
every experiment and every test dependency a path to that data, and makes production's
change controls and monitoring cover code that was never meant for them. Each account
serves one environment, by its environment tag and by its OU.

Remediation:
    Move the non-production workload to an account in the NonProd OU (or the production
    one to Prod) and correct the account's environment tag, or move the account to the OU
    of its environment.
    CloudFormation: Tags and ParentIds on AWS::Organizations::Account.
    Terraform: tags and parent_id on aws_organizations_account.
"""

import re

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.checks.aws.organizations._common import listing
from secfound.model.aws.organizations import Organization, OrganizationAccount
from secfound.model.values import Unresolved

# Several environments in one tag value: "prod,dev", "prod / test", "prod+qa".
_SEPARATORS = re.compile(r"[,;/+|&\s]+")


@check(severity=Severity.HIGH, objectives=["workloads-separated-by-account"])
def production_and_nonproduction_separated(org: Organization) -> Verdict:
    conflicts: list[str] = []
    unread: list[str] = []
    for account in org.accounts:
        if isinstance(account.tags, Unresolved):
            unread.append(org.label(account))
            continue
        conflict = _conflict(org, account)
        if conflict:
            conflicts.append(conflict)
    if conflicts:
        return failed(
            f"{len(conflicts)} account(s) mix production and non-production: {listing(conflicts)}"
        )
    if unread:
        return unknown(f"the tags of {listing(unread)} could not be read")
    return passed(
        f"no account of the {len(org.accounts)} mixes production and non-production "
        f"(tag {org.blueprint.environment_tag} and OU)"
    )


def _conflict(org: Organization, account: OrganizationAccount) -> str | None:
    """Why ``account`` serves both environments, or None."""
    blueprint = org.blueprint
    tag_key = blueprint.environment_tag.casefold()
    values = [
        value
        for key, value in dict(account.tags).items()
        if key.casefold() == tag_key
        for value in _SEPARATORS.split(value)
        if value
    ]
    tagged = {env for env in map(blueprint.environment_of_value, values) if env is not None}
    label = org.label(account)
    tag_text = f"{blueprint.environment_tag}={','.join(values)}"
    if len(tagged) > 1:
        return f"{label} is tagged both prod and nonprod ({tag_text})"
    placed = org.placement(account)
    if placed is not None and placed.environment is not None and tagged:
        (env,) = tagged
        if env != placed.environment:
            return f"{label} sits in {placed.path} ({placed.environment}) but is tagged {tag_text}"
    return None
