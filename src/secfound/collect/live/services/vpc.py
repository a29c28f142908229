"""VPCs (their flow logs joined in), subnets and network ACLs, per region.

Flow logs come from one paginated ``DescribeFlowLogs`` per region, joined to the VPCs
they name; flow logs of subnets and interfaces are not modelled. The DNS settings have no
batch call: ``DescribeVpcAttribute`` is asked twice per VPC (an account has a handful of
VPCs per region), each answer optional so a denied call costs those fields only.

Resources shared into the account by another (RAM-shared subnets, their VPCs and ACLs)
are left to their owner's assessment, so an organization run reports each once.
A network ACL's entries are its numbered rules; AWS's catch-all ``*`` rule (number 32767
in the API) is implied by the model, as in the IaC sources.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.services.ec2 import protocol
from secfound.collect.live.tags import tags_of
from secfound.model.aws.vpc import FlowLog, NetworkAcl, NetworkAclEntry, Subnet, Vpc, entry_order
from secfound.model.values import Unresolved

CATCH_ALL_RULE = 32767
_DNS_ATTRIBUTES = (
    ("enableDnsSupport", "EnableDnsSupport", "enable_dns_support"),
    ("enableDnsHostnames", "EnableDnsHostnames", "enable_dns_hostnames"),
)

FlowLogs = dict[str, tuple[FlowLog, ...]] | Unresolved


def _owned(ctx: LiveContext, item: Mapping[str, Any]) -> bool:
    owner = item.get("OwnerId")
    return owner is None or str(owner) == ctx.target.account_id


@collector(
    service="ec2",
    actions=["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeFlowLogs"],
)
def vpcs(ctx: LiveContext) -> Iterator[Vpc]:
    client = ctx.client()
    found = [
        vpc
        for page in client.get_paginator("describe_vpcs").paginate()
        for vpc in page.get("Vpcs", [])
        if _owned(ctx, vpc)
    ]
    if not found:
        return
    logs: FlowLogs = ctx.optional(lambda: _flow_logs(ctx), action="ec2:DescribeFlowLogs")
    dns = _DnsSettings(ctx)
    for vpc in found:
        vpc_id = str(vpc["VpcId"])
        arn = ctx.target.arn("ec2", f"vpc/{vpc_id}")
        yield Vpc(
            address=arn,
            location=ctx.location(arn),
            tags=tags_of(vpc),
            cidr_block=vpc.get("CidrBlock"),
            instance_tenancy=str(vpc.get("InstanceTenancy", "default")),
            flow_logs=logs if isinstance(logs, Unresolved) else logs.get(vpc_id, ()),
            **dns.of(vpc_id),
        )


class _DnsSettings:
    """``enable_dns_support`` and ``enable_dns_hostnames`` of each VPC, one optional call
    each. After a failure the region's other VPCs get the same unresolved reason without
    asking again: a denied action is denied for every VPC, and one gap says so."""

    def __init__(self, ctx: LiveContext) -> None:
        self._ctx = ctx
        self._client = ctx.client()
        self._failed: Unresolved | None = None

    def of(self, vpc_id: str) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for attribute, key, field in _DNS_ATTRIBUTES:
            if self._failed is None:
                value = self._ctx.optional(
                    partial(self._ask, vpc_id, attribute, key), action="ec2:DescribeVpcAttribute"
                )
                if isinstance(value, Unresolved):
                    self._failed = value
                fields[field] = value
            else:
                fields[field] = self._failed
        return fields

    def _ask(self, vpc_id: str, attribute: str, key: str) -> bool:
        answer = self._client.describe_vpc_attribute(VpcId=vpc_id, Attribute=attribute)
        return bool(answer[key]["Value"])


def _flow_logs(ctx: LiveContext) -> dict[str, tuple[FlowLog, ...]]:
    """Every VPC flow log of the region, by the VPC it records."""
    by_vpc: dict[str, list[FlowLog]] = {}
    for page in ctx.client().get_paginator("describe_flow_logs").paginate():
        for log in page.get("FlowLogs", []):
            resource = str(log.get("ResourceId", ""))
            if not resource.startswith("vpc-"):
                continue
            # LogDestination is the group's or bucket's ARN; older CloudWatch Logs flow
            # logs may carry only the group's name.
            destination = log.get("LogDestination") or log.get("LogGroupName")
            by_vpc.setdefault(resource, []).append(
                FlowLog(
                    traffic_type=str(log.get("TrafficType", "ALL")),
                    log_destination_type=str(log.get("LogDestinationType", "cloud-watch-logs")),
                    log_destination=destination,
                )
            )
    return {vpc_id: tuple(logs) for vpc_id, logs in by_vpc.items()}


@collector(service="ec2", actions=["ec2:DescribeSubnets"])
def subnets(ctx: LiveContext) -> Iterator[Subnet]:
    for page in ctx.client().get_paginator("describe_subnets").paginate():
        for subnet in page.get("Subnets", []):
            if not _owned(ctx, subnet):
                continue
            arn = str(
                subnet.get("SubnetArn") or ctx.target.arn("ec2", f"subnet/{subnet['SubnetId']}")
            )
            yield Subnet(
                address=arn,
                location=ctx.location(arn),
                tags=tags_of(subnet),
                vpc_id=subnet.get("VpcId"),
                cidr_block=subnet.get("CidrBlock"),
                availability_zone=subnet.get("AvailabilityZone"),
                map_public_ip_on_launch=bool(subnet.get("MapPublicIpOnLaunch", False)),
            )


@collector(service="ec2", actions=["ec2:DescribeNetworkAcls"])
def network_acls(ctx: LiveContext) -> Iterator[NetworkAcl]:
    for page in ctx.client().get_paginator("describe_network_acls").paginate():
        for acl in page.get("NetworkAcls", []):
            if not _owned(ctx, acl):
                continue
            arn = ctx.target.arn("ec2", f"network-acl/{acl['NetworkAclId']}")
            entries = [
                acl_entry(entry)
                for entry in acl.get("Entries", [])
                if int(entry.get("RuleNumber", CATCH_ALL_RULE)) != CATCH_ALL_RULE
            ]
            yield NetworkAcl(
                address=arn,
                location=ctx.location(arn),
                tags=tags_of(acl),
                vpc_id=acl.get("VpcId"),
                entries=tuple(sorted(entries, key=entry_order)),
            )


def acl_entry(entry: Mapping[str, Any]) -> NetworkAclEntry:
    """One numbered rule; ports only for TCP and UDP, as AWS reads them."""
    proto = protocol(entry.get("Protocol", "-1"))
    ports: dict[str, int] = {}
    port_range = entry.get("PortRange") or {}
    if proto in ("tcp", "udp"):
        for key, field in (("From", "from_port"), ("To", "to_port")):
            if port_range.get(key) is not None:
                ports[field] = int(port_range[key])
    return NetworkAclEntry(
        rule_number=int(entry["RuleNumber"]),
        protocol=proto,
        action=str(entry.get("RuleAction", "allow")),
        egress=bool(entry.get("Egress", False)),
        cidr_ipv4=entry.get("CidrBlock"),
        cidr_ipv6=entry.get("Ipv6CidrBlock"),
        **ports,
    )
