"""The management account runs no workloads

The management account is the one account no SCP restricts, and whoever controls it
controls every account of the organization. A workload there gives its developers and its
attackers a foothold beside the organization's keys; it belongs in a member account under
the guardrails.

Remediation:
    Move the instances and functions to an account in the Workloads OU, then delete them
    from the management account.
    CloudFormation: deploy the stacks with StackSets to member accounts, never to the
    management account.
    Terraform: point the provider of workload modules at a member account (assume_role).
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.model.aws.organizations import Organization
from secfound.model.values import definitely_matching, known


@check(severity=Severity.HIGH, objectives=["workloads-separated-by-account"])
def management_account_hosts_no_workloads(org: Organization) -> Verdict:
    counts = known(org.management_workloads, "workloads of the management account")
    if not counts:
        return unknown("the management account's workload resources were not counted")
    # A definite count decides; one that could not be read leaves "none" unknown.
    running = definitely_matching(counts, lambda c: c.count > 0)
    where = f"management account {org.management_account_id}"
    if running:
        found = ", ".join(f"{c.count} {c.kind} in {c.region}" for c in running)
        return failed(f"{where} runs workloads: {found}")
    kinds = " or ".join(c.kind for c in counts)
    regions = ", ".join(sorted({c.region for c in counts}))
    return passed(f"{where} runs no {kinds} in {regions}")
