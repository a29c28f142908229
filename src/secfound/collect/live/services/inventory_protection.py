"""Probes of the recording and protection services: Config, CloudTrail, WAF, Network
Firewall, IAM Identity Center (regional), Shield Advanced and Firewall Manager (global).
"""

from __future__ import annotations

from functools import partial

from secfound.collect.live.collector import LiveContext
from secfound.collect.live.services.inventory_base import (
    OFF,
    Observation,
    arn_account,
    items,
    on,
)
from secfound.model.values import Unresolved


def config(ctx: LiveContext) -> Observation:
    """On when a recorder is recording and a delivery channel takes its records; a recorder
    that is stopped, or has nowhere to deliver, is off (nothing is kept)."""
    client = ctx.client()
    recorders = ctx.optional(
        lambda: client.describe_configuration_recorders().get("ConfigurationRecorders", []),
        action="config:DescribeConfigurationRecorders",
    )
    if isinstance(recorders, Unresolved):
        return Observation(recorders)
    if not recorders:
        return Observation("off", ("no configuration recorder",))
    statuses = ctx.optional(
        lambda: client.describe_configuration_recorder_status().get(
            "ConfigurationRecordersStatus", []
        ),
        action="config:DescribeConfigurationRecorderStatus",
    )
    channels = ctx.optional(
        lambda: client.describe_delivery_channels().get("DeliveryChannels", []),
        action="config:DescribeDeliveryChannels",
    )
    if isinstance(statuses, Unresolved):
        return Observation(statuses)
    if isinstance(channels, Unresolved):
        return Observation(channels)
    if not any(s.get("recording") for s in statuses):
        return Observation("off", ("recorder stopped",))
    if not channels:
        return Observation("off", ("no delivery channel",))
    group = recorders[0].get("recordingGroup", {})
    scope = "all resources" if group.get("allSupported", True) else "selected resource types"
    detail = [f"recording {scope}"]
    detail += [f"delivery to s3://{c['s3BucketName']}" for c in channels if c.get("s3BucketName")]
    return on(ctx, detail)


def cloudtrail(ctx: LiveContext) -> Observation:
    """A trail that covers this region (multi-region, or homed here) and is logging.
    An organization trail of another account (the management account) is ``delegated``."""
    region = ctx.target.region
    trails = ctx.optional(
        lambda: ctx.client().describe_trails(includeShadowTrails=True).get("trailList", []),
        action="cloudtrail:DescribeTrails",
    )
    if isinstance(trails, Unresolved):
        return Observation(trails)
    covering = [t for t in trails if t.get("IsMultiRegionTrail") or t.get("HomeRegion") == region]
    unknown: Unresolved | None = None
    for trail in sorted(covering, key=lambda t: not t.get("IsOrganizationTrail")):
        arn = str(trail.get("TrailARN", ""))
        home = str(trail.get("HomeRegion") or region)
        logging = ctx.optional(
            partial(_is_logging, ctx, arn, home),
            action="cloudtrail:GetTrailStatus",
        )
        if isinstance(logging, Unresolved):
            unknown = logging if unknown is None else unknown
            continue
        if logging:
            kind = "organization trail" if trail.get("IsOrganizationTrail") else "trail"
            return on(ctx, [f"{kind} {trail.get('Name', arn)}"], arn_account(arn))
    if unknown is not None:
        return Observation(unknown)
    return Observation("off", ("trails not logging",)) if covering else OFF


def _is_logging(ctx: LiveContext, arn: str, home: str) -> bool:
    """``GetTrailStatus`` in the trail's home region, where AWS answers for it."""
    return bool(ctx.client(region=home).get_trail_status(Name=arn).get("IsLogging"))


def waf(ctx: LiveContext) -> Observation:
    """Regional web ACLs (``Scope=REGIONAL``); the detail is their names. CloudFront's
    global ACLs are not read: they protect distributions, not this region's endpoints."""
    client = ctx.client()

    def names() -> list[str]:
        found: list[str] = []
        params = {"Scope": "REGIONAL", "Limit": 100}
        while True:
            page = client.list_web_acls(**params)
            found.extend(str(acl.get("Name", "")) for acl in page.get("WebACLs", []))
            marker = page.get("NextMarker")
            if not marker or not page.get("WebACLs"):
                return found
            params["NextMarker"] = marker

    acls = ctx.optional(names, action="wafv2:ListWebACLs")
    if isinstance(acls, Unresolved):
        return Observation(acls)
    return on(ctx, [f"web ACL {name}" for name in acls]) if acls else OFF


def network_firewall(ctx: LiveContext) -> Observation:
    """Firewalls in the region; the detail is their names."""
    firewalls = ctx.optional(
        lambda: items(ctx.client(), "list_firewalls", "Firewalls"),
        action="network-firewall:ListFirewalls",
    )
    if isinstance(firewalls, Unresolved):
        return Observation(firewalls)
    names = [f"firewall {f.get('FirewallName', '')}" for f in firewalls]
    return on(ctx, names) if names else OFF


def identity_center(ctx: LiveContext) -> Observation:
    """An ACTIVE Identity Center instance visible here; owned by another account (the
    management account's organization instance) it is ``delegated``."""
    instances = ctx.optional(
        lambda: items(ctx.client(), "list_instances", "Instances"),
        action="sso:ListInstances",
    )
    if isinstance(instances, Unresolved):
        return Observation(instances)
    active = [i for i in instances if i.get("Status", "ACTIVE") == "ACTIVE"]
    if not active:
        return OFF
    owner = active[0].get("OwnerAccountId")
    return on(ctx, [f"instance {str(active[0].get('InstanceArn', '')).rsplit('/', 1)[-1]}"], owner)


def shield_advanced(ctx: LiveContext) -> Observation:
    """``DescribeSubscription``: a subscription, or ResourceNotFoundException when none.
    (``GetSubscriptionState`` says the same in one word; moto does not implement it.)"""
    subscription = ctx.optional(
        lambda: ctx.client().describe_subscription().get("Subscription"),
        action="shield:DescribeSubscription",
        absent=("ResourceNotFoundException",),
    )
    if isinstance(subscription, Unresolved):
        return Observation(subscription)
    if not subscription:
        return OFF
    renew = str(subscription.get("AutoRenew", "")).lower()
    return on(ctx, [f"auto-renew {renew}"] if renew else [])


def firewall_manager(ctx: LiveContext) -> Observation:
    """``GetAdminAccount``: the organization's Firewall Manager administrator; this
    account (``enabled``) or another (``delegated``). ResourceNotFoundException: none."""
    answer = ctx.optional(
        lambda: ctx.client().get_admin_account(),
        action="fms:GetAdminAccount",
        absent=("ResourceNotFoundException",),
    )
    if isinstance(answer, Unresolved):
        return Observation(answer)
    if not answer or not answer.get("AdminAccount"):
        return OFF
    status = str(answer.get("RoleStatus", "")).lower()
    return on(ctx, [f"role {status}"] if status else [], answer["AdminAccount"])
