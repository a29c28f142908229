"""The security services inventory (SEC01 BP08): each service of the catalog, in every
account and region, enabled, delegated or off.

Two collectors: the regional services once per account and region, the global ones
(Shield Advanced, Firewall Manager) once per account. Each service is asked by its own
probe with its own client, and a probe that fails (denied, absent in the region, or a bug)
costs only that service: its state is ``Unresolved`` and a gap names the service. The
catalog's words and the blueprint's expectation are stamped on every ``SecurityService``,
so the checks judge the resource alone. The actions declared here are the union of the
catalog's ``calls`` for the collector's scope (a test holds the two together).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.faults import error_code, fault_reason
from secfound.collect.live.services import inventory_detection as detection
from secfound.collect.live.services import inventory_protection as protection
from secfound.collect.live.services.inventory_base import Observation, Probe
from secfound.findings import Gap
from secfound.model.aws.services import GLOBAL_REGION, SecurityService
from secfound.model.values import Unresolved

COLLECTOR_SERVICE = "security-services"

# catalog id -> (boto3 client name, probe), in the catalog's order
REGIONAL_PROBES: dict[str, tuple[str, Probe]] = {
    "guardduty": ("guardduty", detection.guardduty),
    "securityhub": ("securityhub", detection.securityhub),
    "inspector": ("inspector2", detection.inspector),
    "macie": ("macie2", detection.macie),
    "detective": ("detective", detection.detective),
    "access-analyzer": ("accessanalyzer", detection.access_analyzer),
    "config": ("config", protection.config),
    "cloudtrail": ("cloudtrail", protection.cloudtrail),
    "security-lake": ("securitylake", detection.security_lake),
    "waf": ("wafv2", protection.waf),
    "audit-manager": ("auditmanager", detection.audit_manager),
    "identity-center": ("sso-admin", protection.identity_center),
    "network-firewall": ("network-firewall", protection.network_firewall),
}
GLOBAL_PROBES: dict[str, tuple[str, Probe]] = {
    "shield-advanced": ("shield", protection.shield_advanced),
    "firewall-manager": ("fms", protection.firewall_manager),
}


@collector(
    service=COLLECTOR_SERVICE,
    actions=[
        "guardduty:ListDetectors",
        "guardduty:GetDetector",
        "guardduty:GetAdministratorAccount",
        "securityhub:DescribeHub",
        "securityhub:GetEnabledStandards",
        "securityhub:GetAdministratorAccount",
        "inspector2:BatchGetAccountStatus",
        "macie2:GetMacieSession",
        "macie2:GetAdministratorAccount",
        "detective:ListGraphs",
        "detective:ListInvitations",
        "access-analyzer:ListAnalyzers",
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
        "config:DescribeDeliveryChannels",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "securitylake:ListDataLakes",
        "wafv2:ListWebACLs",
        "auditmanager:GetAccountStatus",
        "sso:ListInstances",
        "network-firewall:ListFirewalls",
    ],
)
def regional(ctx: LiveContext) -> Iterator[SecurityService]:
    yield from inventory(ctx, REGIONAL_PROBES, ctx.target.region)


@collector(
    service=COLLECTOR_SERVICE,
    actions=["shield:DescribeSubscription", "fms:GetAdminAccount"],
    scope="global",
)
def account_wide(ctx: LiveContext) -> Iterator[SecurityService]:
    yield from inventory(ctx, GLOBAL_PROBES, GLOBAL_REGION)


def inventory(
    ctx: LiveContext, probes: dict[str, tuple[str, Probe]], region: str
) -> Iterator[SecurityService]:
    """One ``SecurityService`` per probe, with the catalog's words and the expectation of
    the run's blueprint (``ctx.blueprint_in_force()``)."""
    from secfound.controls.blueprint import service_catalog

    catalog = service_catalog()
    blueprint = ctx.blueprint_in_force()
    account_id = ctx.target.account_id
    for service_id, (client_name, probe) in probes.items():
        seen = observe(ctx, client_name, probe)
        spec = catalog[service_id]
        yield SecurityService(
            address=f"{account_id}/{region}/{service_id}",
            location=ctx.location(),
            service=service_id,
            name=spec.name,
            account_id=account_id,
            region=region,
            state=seen.state,
            detail=seen.detail,
            administrator=seen.administrator,
            expected=blueprint.expects(service_id),
            purpose=spec.purpose,
            enable=spec.enable,
        )


def observe(ctx: LiveContext, client_name: str, probe: Probe) -> Observation:
    """Run one probe with a context of its own service (gaps name that service, and are
    shared with ``ctx``); any failure the probe lets through is a gap too."""
    own = replace(ctx, service=client_name)  # the same gaps list, shared
    try:
        return probe(own)
    except Exception as exc:
        if error_code(exc) is not None:
            reason = fault_reason(exc, client_name)
        else:
            reason = f"probe {client_name} failed: {type(exc).__name__}: {exc}"
        ctx.gaps.append(
            Gap(
                account=ctx.target.account_id,
                region=ctx.target.region,
                service=client_name,
                reason=reason,
            )
        )
        return Observation(Unresolved(reason))
