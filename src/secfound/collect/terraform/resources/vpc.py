"""VPCs (``aws_flow_log`` joined in), subnets and network ACLs from Terraform.

An ``aws_network_acl`` lists its rules in ``ingress`` and ``egress`` blocks, or leaves them
to ``aws_network_acl_rule`` resources merged through the join table; either way the ACL's
entries are kept ingress first, then by rule number, as the CloudFormation source keeps
them. A flow log is merged into the VPC its ``vpc_id`` names; flow logs of subnets and
interfaces are not modelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_int,
    as_str,
    blocks,
    identity,
    set_if,
)
from secfound.collect.terraform.resources.ec2 import protocol
from secfound.model.aws.vpc import (
    FlowLog,
    NetworkAcl,
    NetworkAclEntry,
    Subnet,
    Vpc,
    entry_order,
)
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def vpc_from_terraform(resource: TerraformResource) -> Vpc:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["cidr_block"] = as_str(args.get("cidr_block"), f"{where}.cidr_block")
    set_if(fields, "instance_tenancy", as_str(args.get("instance_tenancy"), where))
    set_if(fields, "enable_dns_support", as_bool(args.get("enable_dns_support"), where))
    set_if(fields, "enable_dns_hostnames", as_bool(args.get("enable_dns_hostnames"), where))
    return Vpc(**fields)


def subnet_from_terraform(resource: TerraformResource) -> Subnet:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["vpc_id"] = as_str(args.get("vpc_id"), f"{where}.vpc_id")
    fields["cidr_block"] = as_str(args.get("cidr_block"), f"{where}.cidr_block")
    fields["availability_zone"] = as_str(
        args.get("availability_zone"), f"{where}.availability_zone"
    )
    set_if(
        fields,
        "map_public_ip_on_launch",
        as_bool(args.get("map_public_ip_on_launch"), f"{where}.map_public_ip_on_launch"),
    )
    return Subnet(**fields)


def _cidr(value: Any, where: str) -> str | Unresolved | None:
    text = as_str(value, where)
    return None if text == "" else text  # the provider's empty default means "none"


def acl_entry(
    args: Mapping[str, Any], where: str, *, number_key: str, action_key: str, egress: Any
) -> NetworkAclEntry:
    """One rule, from an ``ingress``/``egress`` block or an ``aws_network_acl_rule``."""
    proto = protocol(args.get("protocol"), f"{where}.protocol")
    fields: dict[str, Any] = {
        "rule_number": as_int(args.get(number_key), f"{where}.{number_key}"),
        "protocol": proto,
        "egress": egress,
        "cidr_ipv4": _cidr(args.get("cidr_block"), f"{where}.cidr_block"),
        "cidr_ipv6": _cidr(args.get("ipv6_cidr_block"), f"{where}.ipv6_cidr_block"),
    }
    if fields["rule_number"] is None:
        fields["rule_number"] = Unresolved(f"{where}: no {number_key}")
    set_if(fields, "action", as_str(args.get(action_key), f"{where}.{action_key}"))
    if isinstance(proto, Unresolved) or proto in ("tcp", "udp"):
        fields["from_port"] = as_int(args.get("from_port"), f"{where}.from_port")
        fields["to_port"] = as_int(args.get("to_port"), f"{where}.to_port")
    return NetworkAclEntry(**fields)


def _block_entries(value: Any, where: str, egress: bool) -> list[NetworkAclEntry] | Unresolved:
    found = blocks(value)
    if isinstance(found, Unresolved):
        return found
    return [
        acl_entry(b, f"{where}[{i}]", number_key="rule_no", action_key="action", egress=egress)
        for i, b in enumerate(found)
    ]


def network_acl_from_terraform(resource: TerraformResource) -> NetworkAcl:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["vpc_id"] = as_str(args.get("vpc_id"), f"{where}.vpc_id")
    ingress = _block_entries(args.get("ingress"), f"{where}.ingress", False)
    egress = _block_entries(args.get("egress"), f"{where}.egress", True)
    if isinstance(ingress, Unresolved):
        fields["entries"] = ingress
    elif isinstance(egress, Unresolved):
        fields["entries"] = egress
    else:
        fields["entries"] = tuple(sorted((*ingress, *egress), key=entry_order))
    return NetworkAcl(**fields)


def _acl_rule(acl: NetworkAcl, source: TerraformResource) -> Mapping[str, Any]:
    if isinstance(acl.entries, Unresolved):
        return {}
    args = source.arguments
    egress = as_bool(args.get("egress"), f"{source.address}.egress")
    entry = acl_entry(
        args,
        source.address,
        number_key="rule_number",
        action_key="rule_action",
        egress=False if egress is None else egress,
    )
    return {"entries": tuple(sorted((*acl.entries, entry), key=entry_order))}


def _flow_log(vpc: Vpc, source: TerraformResource) -> Mapping[str, Any]:
    if isinstance(vpc.flow_logs, Unresolved):
        return {}
    args = source.arguments
    where = source.address
    fields: dict[str, Any] = {}
    set_if(fields, "traffic_type", as_str(args.get("traffic_type"), f"{where}.traffic_type"))
    set_if(
        fields,
        "log_destination_type",
        as_str(args.get("log_destination_type"), f"{where}.log_destination_type"),
    )
    set_if(fields, "log_destination", as_str(args.get("log_group_name"), where))
    set_if(fields, "log_destination", as_str(args.get("log_destination"), where))
    return {"flow_logs": (*vpc.flow_logs, FlowLog(**fields))}


def joins() -> tuple[JoinSpec, ...]:
    # VPCs and ACLs are named by ids known only after apply: only references find them.
    return (
        JoinSpec("aws_flow_log", "aws_vpc", "vpc_id", (), _flow_log),
        JoinSpec("aws_network_acl_rule", "aws_network_acl", "network_acl_id", (), _acl_rule),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_vpc": vpc_from_terraform,
        "aws_subnet": subnet_from_terraform,
        "aws_network_acl": network_acl_from_terraform,
    }
