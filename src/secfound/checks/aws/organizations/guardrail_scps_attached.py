"""Guardrail SCPs cover every member account

Service control policies are the only controls an account's own administrators cannot
change. Without them, anyone with administrator rights in a member account, or stolen
credentials, can take the account out of the organization, stop the trail and the
detectors that would record it, act as the root user, or work in regions nobody watches.
The blueprint names the guardrails; each must come from an SCP attached at the root or at
an OU above every active member account. One finding lists every missing guardrail and the
accounts it is missing for (adapt the blueprint's guardrails to accept an exception).

Remediation:
    Attach an SCP with the missing Deny statements to the root (or to each OU), after
    trying it in the PolicyStaging OU; docs/blueprint.md shows the statements.
    CloudFormation: AWS::Organizations::Policy (Type SERVICE_CONTROL_POLICY) with
    TargetIds naming the root or the OUs.
    Terraform: aws_organizations_policy and aws_organizations_policy_attachment (target_id
    = the root or an OU).
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.checks.aws.organizations._common import listing
from secfound.checks.aws.organizations._guardrails import (
    StatementTest,
    document_has,
    required,
    statement_test,
)
from secfound.model.aws.organizations import (
    Organization,
    OrganizationAccount,
    ServiceControlPolicy,
)
from secfound.model.values import definitely_matching, known

ACTIVE = "ACTIVE"


@check(severity=Severity.HIGH, objectives=["organization-guardrails-enforced"])
def guardrail_scps_attached(org: Organization) -> Verdict:
    blueprint = org.blueprint
    guardrails = required(blueprint.guardrails, blueprint.regions)
    if not guardrails:
        return not_applicable("the blueprint requires no guardrails")
    members = [a for a in org.member_accounts() if a.status == ACTIVE]
    if not members:
        return not_applicable("the organization has no active member account")
    names = ", ".join(g for g, _ in guardrails)
    if not org.scp_enabled:
        return failed(f"SCPs are not enabled for the organization's root: none of {names} holds")
    scps = known(org.scps, "service control policies")
    missing: list[str] = []
    for guardrail_id, denies in guardrails:
        test = statement_test(guardrail_id, blueprint.regions)
        uncovered = [a for a in members if not _covered(org, a, scps, test)]
        if len(uncovered) == len(members):
            missing.append(f"{guardrail_id} (deny {denies}) for every member account")
        elif uncovered:
            accounts = ", ".join(org.label(a) for a in uncovered[:5])
            more = f" and {len(uncovered) - 5} more" if len(uncovered) > 5 else ""
            missing.append(f"{guardrail_id} (deny {denies}) for {accounts}{more}")
    if missing:
        return failed(f"{len(missing)} guardrail(s) missing: {listing(missing)}")
    return passed(f"every active member account ({len(members)}) is under {names}")


def _covered(
    org: Organization,
    account: OrganizationAccount,
    scps: tuple[ServiceControlPolicy, ...],
    test: StatementTest,
) -> bool:
    """Whether an SCP attached at the root or an OU above ``account`` passes ``test``."""
    above = set(org.ancestors(account.parent_id))
    attached = [p for p in scps if above.intersection(p.targets)]
    return bool(definitely_matching(attached, lambda p: document_has(p.document, test)))
