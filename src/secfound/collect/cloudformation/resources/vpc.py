"""VPCs (flow logs joined in), subnets and network ACLs (entries joined in).

``AWS::EC2::FlowLog`` names what it records with ``ResourceId``; one that names a VPC of
this template is merged into it (flow logs of subnets and interfaces are not modelled, and
their targets are not VPCs). ``AWS::EC2::NetworkAclEntry`` adds one numbered rule to the
ACL its ``NetworkAclId`` names. CloudFormation cannot manage a VPC's default security
group or default network ACL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_int,
    to_str,
)
from secfound.collect.cloudformation.resources.ec2 import protocol
from secfound.model.aws.vpc import (
    FlowLog,
    NetworkAcl,
    NetworkAclEntry,
    Subnet,
    Vpc,
    entry_order,
)
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


def vpc_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Vpc:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "cidr_block", properties, "CidrBlock", to_str)
    set_if_present(fields, "instance_tenancy", properties, "InstanceTenancy", to_str)
    set_if_present(fields, "enable_dns_support", properties, "EnableDnsSupport", to_bool)
    set_if_present(fields, "enable_dns_hostnames", properties, "EnableDnsHostnames", to_bool)
    return Vpc(**fields)


def subnet_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Subnet:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "vpc_id", properties, "VpcId", to_str)
    set_if_present(fields, "cidr_block", properties, "CidrBlock", to_str)
    set_if_present(fields, "availability_zone", properties, "AvailabilityZone", to_str)
    set_if_present(fields, "map_public_ip_on_launch", properties, "MapPublicIpOnLaunch", to_bool)
    return Subnet(**fields)


def network_acl_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> NetworkAcl:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "vpc_id", properties, "VpcId", to_str)
    return NetworkAcl(**fields)


def with_flow_log(vpc: Vpc, properties: Mapping[str, Any]) -> Vpc:
    """The VPC with the flow log an ``AWS::EC2::FlowLog`` (``ResourceType: VPC``) adds."""
    kind = properties.get("ResourceType", "VPC")
    if isinstance(kind, str) and kind != "VPC":
        return vpc
    fields: dict[str, Any] = {}
    set_if_present(fields, "traffic_type", properties, "TrafficType", to_str)
    set_if_present(fields, "log_destination_type", properties, "LogDestinationType", to_str)
    set_if_present(fields, "log_destination", properties, "LogGroupName", to_str)
    set_if_present(fields, "log_destination", properties, "LogDestination", to_str)
    if isinstance(vpc.flow_logs, Unresolved):
        return vpc
    return dataclasses.replace(vpc, flow_logs=(*vpc.flow_logs, FlowLog(**fields)))


def acl_entry(properties: Mapping[str, Any]) -> NetworkAclEntry:
    """One ``AWS::EC2::NetworkAclEntry`` (ports only for TCP and UDP, as AWS reads them)."""
    fields: dict[str, Any] = {
        "rule_number": to_int(properties.get("RuleNumber"), "RuleNumber"),
        "protocol": protocol(properties.get("Protocol")),
    }
    set_if_present(fields, "action", properties, "RuleAction", to_str)
    set_if_present(fields, "egress", properties, "Egress", to_bool)
    set_if_present(fields, "cidr_ipv4", properties, "CidrBlock", to_str)
    set_if_present(fields, "cidr_ipv6", properties, "Ipv6CidrBlock", to_str)
    proto = fields["protocol"]
    if isinstance(proto, Unresolved) or proto in ("tcp", "udp"):
        for key, field in (("From", "from_port"), ("To", "to_port")):
            port = dig(properties, "PortRange", key)
            if port is not MISSING:
                fields[field] = to_int(port, f"PortRange.{key}")
    return NetworkAclEntry(**fields)


def with_acl_entry(acl: NetworkAcl, properties: Mapping[str, Any]) -> NetworkAcl:
    if isinstance(acl.entries, Unresolved):
        return acl
    entries = sorted((*acl.entries, acl_entry(properties)), key=entry_order)
    return dataclasses.replace(acl, entries=tuple(entries))


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::EC2::VPC": vpc_from_cfn,
        "AWS::EC2::Subnet": subnet_from_cfn,
        "AWS::EC2::NetworkAcl": network_acl_from_cfn,
    }


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join("AWS::EC2::FlowLog", "AWS::EC2::VPC", ("ResourceId",), with_flow_log),
        Join(
            "AWS::EC2::NetworkAclEntry", "AWS::EC2::NetworkAcl", ("NetworkAclId",), with_acl_entry
        ),
    )
