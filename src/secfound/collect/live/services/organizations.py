"""The AWS Organization (SEC01 BP01): read once, from the management account.

Every account of an organization may call ``DescribeOrganization``, but only the management
account (and a delegated administrator for AWS Organizations) may read the tree, the SCPs
and the delegations. With ``assess --org`` this collector runs in every entered account; it
reads the organization only where the target is the management account, or an account the
organization's resource policy delegates to (``DescribeResourcePolicy`` names it), and
yields nothing, and no gap, elsewhere: a member account is not a place the organization
can be read from, which is no coverage gap. An account in no organization yields nothing
too (``Account.2``-style "is it in an organization" is another question). A denied call is
a gap as usual.

Two facts about the management account itself come with the organization, because they
are judged only there: the organization trails (``cloudtrail:DescribeTrails`` shows an
organization trail in every account, but the management account owns it) and a count of
workload resources (EC2 instances that are not terminated, Lambda functions) in the
account's home region. That count is a signal, not an inventory: a workload in another
region is not seen (the finding names the region it looked in).

The ``organization`` section of the run's blueprint (the user's ``--blueprint`` file, else
the packaged default) is stamped on the result, so the checks judge one object.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.faults import error_code
from secfound.model.aws.organizations import (
    Organization,
    OrganizationAccount,
    OrganizationalUnit,
    OrganizationTrail,
    ServiceControlPolicy,
    WorkloadCount,
)
from secfound.model.policy import parse_policy
from secfound.model.values import Unresolved

NOT_IN_USE = "AWSOrganizationsNotInUseException"
SCP = "SERVICE_CONTROL_POLICY"
LIVE_STATES = ["pending", "running", "shutting-down", "stopping", "stopped"]
_NOT_SEEN = Unresolved("read from a delegated administrator, not the management account")


@collector(
    service="organizations",
    scope="global",
    actions=[
        "organizations:DescribeOrganization",
        "organizations:DescribeResourcePolicy",
        "organizations:ListRoots",
        "organizations:ListOrganizationalUnitsForParent",
        "organizations:ListAccountsForParent",
        "organizations:ListTagsForResource",
        "organizations:ListPolicies",
        "organizations:DescribePolicy",
        "organizations:ListTargetsForPolicy",
        "organizations:ListDelegatedAdministrators",
        "organizations:ListDelegatedServicesForAccount",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "ec2:DescribeInstances",
        "lambda:ListFunctions",
    ],
)
def organization(ctx: LiveContext) -> Iterator[Organization]:
    client = ctx.client()
    try:
        described = client.describe_organization()["Organization"]
    except Exception as exc:
        if error_code(exc) == NOT_IN_USE:
            return
        raise
    account_id = ctx.target.account_id
    management = str(described.get("MasterAccountId", ""))
    if account_id != management and not _delegated_to(client, account_id):
        return
    (root,) = client.list_roots()["Roots"]
    root_id = str(root["Id"])
    scp_enabled = any(
        t.get("Type") == SCP and t.get("Status") == "ENABLED" for t in root.get("PolicyTypes", [])
    )
    ous, accounts = _tree(ctx, client, root_id)
    arn = str(described.get("Arn", ""))
    yield Organization(
        address=arn,
        location=ctx.location(arn),
        id=str(described.get("Id", "")),
        management_account_id=management,
        root_id=root_id,
        scp_enabled=scp_enabled,
        ous=tuple(ous),
        accounts=tuple(accounts),
        scps=ctx.optional(lambda: _scps(client), action="organizations:ListPolicies", default=()),
        delegated_administrators=ctx.optional(
            lambda: _delegations(client),
            action="organizations:ListDelegatedAdministrators",
            default={},
        ),
        trails=_trails(ctx) if account_id == management else _NOT_SEEN,
        management_workloads=_workloads(ctx) if account_id == management else _NOT_SEEN,
        blueprint=ctx.blueprint_in_force().organization,
    )


def _delegated_to(client: Any, account_id: str) -> bool:
    """True when the organization's resource policy grants ``account_id`` anything.

    Any failure means it is not delegated, whatever its kind (AccessDenied in an ordinary
    member, ResourcePolicyNotFoundException when nothing is delegated, an emulator that
    does not implement the call): this is the question "should this account read the
    organization?", asked of every member under ``--org``, not a read whose loss would be
    a coverage gap.
    """
    try:
        content = client.describe_resource_policy()["ResourcePolicy"]["Content"]
    except Exception:
        return False
    document = parse_policy(content)
    if isinstance(document, Unresolved):
        return False
    for statement in document.allow_statements():
        for principal in statement.principal_values("AWS"):
            text = str(principal)
            if text == account_id or text.endswith(f":{account_id}:root"):
                return True
    return False


def _tree(
    ctx: LiveContext, client: Any, root_id: str
) -> tuple[list[OrganizationalUnit], list[OrganizationAccount]]:
    """Every OU (depth first, paths from the root) and every account with its tags."""
    ous: list[OrganizationalUnit] = []
    accounts: list[OrganizationAccount] = []
    pending: list[tuple[str, str]] = [(root_id, "")]
    while pending:
        parent_id, parent_path = pending.pop(0)
        for page in client.get_paginator("list_accounts_for_parent").paginate(ParentId=parent_id):
            for account in page.get("Accounts", []):
                accounts.append(_account(ctx, client, account, parent_id))
        paginator = client.get_paginator("list_organizational_units_for_parent")
        for page in paginator.paginate(ParentId=parent_id):
            for unit in page.get("OrganizationalUnits", []):
                path = f"{parent_path}/{unit['Name']}" if parent_path else str(unit["Name"])
                ous.append(OrganizationalUnit(id=str(unit["Id"]), path=path, parent_id=parent_id))
                pending.append((str(unit["Id"]), path))
    accounts.sort(key=lambda a: a.id)
    return ous, accounts


def _account(
    ctx: LiveContext, client: Any, account: dict[str, Any], parent_id: str
) -> OrganizationAccount:
    account_id = str(account["Id"])

    def tags() -> dict[str, str]:
        found: dict[str, str] = {}
        paginator = client.get_paginator("list_tags_for_resource")
        for page in paginator.paginate(ResourceId=account_id):
            found.update({str(t["Key"]): str(t["Value"]) for t in page.get("Tags", [])})
        return found

    return OrganizationAccount(
        id=account_id,
        name=str(account.get("Name", "")),
        # "State" is the newer field (2025); "Status" is kept by AWS until it is retired.
        status=str(account.get("State") or account.get("Status") or ""),
        parent_id=parent_id,
        tags=ctx.optional(tags, action="organizations:ListTagsForResource", default={}),
    )


def _scps(client: Any) -> tuple[ServiceControlPolicy, ...]:
    policies: list[ServiceControlPolicy] = []
    for page in client.get_paginator("list_policies").paginate(Filter=SCP):
        for summary in page.get("Policies", []):
            policy_id = str(summary["Id"])
            content = client.describe_policy(PolicyId=policy_id)["Policy"]["Content"]
            targets: list[str] = []
            paginator = client.get_paginator("list_targets_for_policy")
            for target_page in paginator.paginate(PolicyId=policy_id):
                targets.extend(str(t["TargetId"]) for t in target_page.get("Targets", []))
            policies.append(
                ServiceControlPolicy(
                    id=policy_id,
                    name=str(summary.get("Name", "")),
                    aws_managed=bool(summary.get("AwsManaged", False)),
                    document=parse_policy(content),
                    targets=tuple(sorted(targets)),
                )
            )
    return tuple(policies)


def _delegations(client: Any) -> dict[str, tuple[str, ...]]:
    """Service principal -> the accounts it is delegated to."""
    by_service: dict[str, list[str]] = {}
    for page in client.get_paginator("list_delegated_administrators").paginate():
        for admin in page.get("DelegatedAdministrators", []):
            admin_id = str(admin["Id"])
            paginator = client.get_paginator("list_delegated_services_for_account")
            for service_page in paginator.paginate(AccountId=admin_id):
                for service in service_page.get("DelegatedServices", []):
                    by_service.setdefault(str(service["ServicePrincipal"]), []).append(admin_id)
    return {service: tuple(sorted(ids)) for service, ids in sorted(by_service.items())}


def _trails(ctx: LiveContext) -> tuple[OrganizationTrail, ...] | Unresolved:
    def read() -> tuple[OrganizationTrail, ...]:
        client = ctx.client("cloudtrail")
        trails: list[OrganizationTrail] = []
        for trail in client.describe_trails(includeShadowTrails=True).get("trailList", []):
            if not trail.get("IsOrganizationTrail"):
                continue
            home = str(trail.get("HomeRegion") or ctx.target.region)
            arn = str(trail.get("TrailARN") or trail.get("Name"))
            logging = _trail_logging(ctx, arn, home)
            trails.append(
                OrganizationTrail(
                    name=str(trail.get("Name", arn)),
                    home_region=home,
                    multi_region=bool(trail.get("IsMultiRegionTrail")),
                    logging=logging,
                )
            )
        return tuple(trails)

    found: tuple[OrganizationTrail, ...] | Unresolved = ctx.optional(
        read, action="cloudtrail:DescribeTrails"
    )
    return found


def _trail_logging(ctx: LiveContext, arn: str, home: str) -> bool | Unresolved:
    """``IsLogging``, asked in the trail's home region (its only authoritative status)."""
    status = ctx.optional(
        lambda: ctx.client("cloudtrail", home).get_trail_status(Name=arn),
        action="cloudtrail:GetTrailStatus",
    )
    return status if isinstance(status, Unresolved) else bool(status.get("IsLogging"))


def _workloads(ctx: LiveContext) -> tuple[WorkloadCount, ...]:
    region = ctx.target.region

    def instances() -> int:
        paginator = ctx.client("ec2").get_paginator("describe_instances")
        pages = paginator.paginate(Filters=[{"Name": "instance-state-name", "Values": LIVE_STATES}])
        return sum(len(r.get("Instances", [])) for p in pages for r in p.get("Reservations", []))

    def functions() -> int:
        pages = ctx.client("lambda").get_paginator("list_functions").paginate()
        return sum(len(p.get("Functions", [])) for p in pages)

    return (
        WorkloadCount(
            kind="EC2 instances",
            region=region,
            count=ctx.optional(instances, action="ec2:DescribeInstances"),
        ),
        WorkloadCount(
            kind="Lambda functions",
            region=region,
            count=ctx.optional(functions, action="lambda:ListFunctions"),
        ),
    )
