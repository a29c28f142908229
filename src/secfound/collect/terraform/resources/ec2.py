"""Security groups and EBS volumes from Terraform.

A rule listing several peers becomes one ``SecurityGroupRule`` per peer, whether it is an
``ingress``/``egress`` block of ``aws_security_group``, an ``aws_security_group_rule`` or
an ``aws_vpc_security_group_ingress_rule``/``_egress_rule`` (merged through the join
table). A group without ``egress`` blocks has no egress rules: Terraform deletes the
allow-all rule AWS adds to a new group. ``aws_default_security_group`` adopts a VPC's
default group the same way: only the rules it declares remain.
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
    as_str_tuple,
    blocks,
    identity,
    set_if,
)
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule, Volume
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

_PROTOCOL_NUMBERS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}

# Terraform's default description of a security group.
DEFAULT_DESCRIPTION = "Managed by Terraform"


def protocol(value: Any, where: str) -> str | Unresolved:
    """``-1``/``all`` -> ``"-1"``; 6/17/1/58 -> tcp/udp/icmp/icmpv6; names lower-cased."""
    text = as_str(value, where)
    if text is None:
        return "-1"
    if isinstance(text, Unresolved):
        return text
    text = text.strip().lower()
    if text in ("-1", "all"):
        return "-1"
    return _PROTOCOL_NUMBERS.get(text, text)


def _rules(
    args: Mapping[str, Any],
    where: str,
    *,
    proto_key: str,
    peers: tuple[tuple[str, str], ...],
    self_group: bool,
) -> list[SecurityGroupRule]:
    proto = protocol(args.get(proto_key), f"{where}.{proto_key}")
    from_port: Any = None
    to_port: Any = None
    if isinstance(proto, Unresolved) or proto != "-1":
        from_port = as_int(args.get("from_port"), f"{where}.from_port")
        to_port = as_int(args.get("to_port"), f"{where}.to_port")
    common: dict[str, Any] = {
        "protocol": proto,
        "from_port": from_port,
        "to_port": to_port,
        "description": as_str(args.get("description"), f"{where}.description"),
    }
    rules: list[SecurityGroupRule] = []
    for argument, field in peers:
        values = as_str_tuple(args.get(argument), f"{where}.{argument}")
        if values is None:
            continue
        if isinstance(values, Unresolved):
            unknown: dict[str, Any] = {field: values}
            rules.append(SecurityGroupRule(**common, **unknown))
            continue
        peer: dict[str, Any]
        for value in values:
            peer = {field: value}
            rules.append(SecurityGroupRule(**common, **peer))
    if self_group:
        is_self = as_bool(args.get("self"), f"{where}.self")
        if is_self is not None and (isinstance(is_self, Unresolved) or is_self):
            source = "self" if is_self is True else is_self
            rules.append(SecurityGroupRule(**common, source_security_group=source))
    return rules


_BLOCK_PEERS = (
    ("cidr_blocks", "cidr_ipv4"),
    ("ipv6_cidr_blocks", "cidr_ipv6"),
    ("prefix_list_ids", "prefix_list_id"),
    ("security_groups", "source_security_group"),
)
_RULE_PEERS = (
    ("cidr_blocks", "cidr_ipv4"),
    ("ipv6_cidr_blocks", "cidr_ipv6"),
    ("prefix_list_ids", "prefix_list_id"),
    ("source_security_group_id", "source_security_group"),
)
_VPC_RULE_PEERS = (
    ("cidr_ipv4", "cidr_ipv4"),
    ("cidr_ipv6", "cidr_ipv6"),
    ("prefix_list_id", "prefix_list_id"),
    ("referenced_security_group_id", "source_security_group"),
)


def _block_rules(value: Any, where: str) -> tuple[SecurityGroupRule, ...] | Unresolved:
    found = blocks(value)
    if isinstance(found, Unresolved):
        return found
    rules: list[SecurityGroupRule] = []
    for i, block in enumerate(found):
        rules.extend(
            _rules(
                block, f"{where}[{i}]", proto_key="protocol", peers=_BLOCK_PEERS, self_group=True
            )
        )
    return tuple(rules)


def security_group_from_terraform(resource: TerraformResource) -> SecurityGroup:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    description = as_str(args.get("description"), f"{where}.description")
    fields["description"] = DEFAULT_DESCRIPTION if description is None else description
    fields["vpc_id"] = as_str(args.get("vpc_id"), f"{where}.vpc_id")
    fields["ingress"] = _block_rules(args.get("ingress"), f"{where}.ingress")
    fields["egress"] = _block_rules(args.get("egress"), f"{where}.egress")
    return SecurityGroup(**fields)


# The name and description AWS gives every VPC's default security group.
DEFAULT_GROUP_NAME = "default"
DEFAULT_GROUP_DESCRIPTION = "default VPC security group"


def default_security_group_from_terraform(resource: TerraformResource) -> SecurityGroup:
    """A VPC's default group, adopted: Terraform removes every rule it does not declare."""
    args = resource.arguments
    where = resource.address
    return SecurityGroup(
        **identity(resource),
        name=DEFAULT_GROUP_NAME,
        description=DEFAULT_GROUP_DESCRIPTION,
        vpc_id=as_str(args.get("vpc_id"), f"{where}.vpc_id"),
        ingress=_block_rules(args.get("ingress"), f"{where}.ingress"),
        egress=_block_rules(args.get("egress"), f"{where}.egress"),
        is_default=True,
    )


def _add(group: SecurityGroup, direction: Any, rules: list[SecurityGroupRule]) -> dict[str, Any]:
    if isinstance(direction, Unresolved):
        # Unknown direction: neither list can be stated any more.
        return {"ingress": direction, "egress": direction}
    if direction not in ("ingress", "egress"):
        return {}
    existing = getattr(group, direction)
    if isinstance(existing, Unresolved):
        return {}
    return {direction: (*existing, *rules)}


def _security_group_rule(group: SecurityGroup, source: TerraformResource) -> Mapping[str, Any]:
    args = source.arguments
    rules = _rules(args, source.address, proto_key="protocol", peers=_RULE_PEERS, self_group=True)
    direction = args.get("type")
    return _add(group, direction if isinstance(direction, str | Unresolved) else None, rules)


def _vpc_rule(direction: str) -> Any:
    def merge(group: SecurityGroup, source: TerraformResource) -> Mapping[str, Any]:
        rules = _rules(
            source.arguments,
            source.address,
            proto_key="ip_protocol",
            peers=_VPC_RULE_PEERS,
            self_group=False,
        )
        return _add(group, direction, rules)

    return merge


def volume_from_terraform(resource: TerraformResource) -> Volume:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["encrypted"] = as_bool(args.get("encrypted"), f"{where}.encrypted")
    fields["kms_key_id"] = as_str(args.get("kms_key_id"), f"{where}.kms_key_id")
    fields["size_gib"] = as_int(args.get("size"), f"{where}.size")
    set_if(fields, "volume_type", as_str(args.get("type"), f"{where}.type"))
    fields["availability_zone"] = as_str(
        args.get("availability_zone"), f"{where}.availability_zone"
    )
    return Volume(**fields)


def joins() -> tuple[JoinSpec, ...]:
    # A group is named by its id, known only after apply: only references can find it.
    # Rules may be added to a VPC's default group too.
    keys: tuple[str, ...] = ()
    groups = ("aws_security_group", "aws_default_security_group")
    return (
        JoinSpec(
            "aws_security_group_rule",
            groups,
            "security_group_id",
            keys,
            _security_group_rule,
        ),
        JoinSpec(
            "aws_vpc_security_group_ingress_rule",
            groups,
            "security_group_id",
            keys,
            _vpc_rule("ingress"),
        ),
        JoinSpec(
            "aws_vpc_security_group_egress_rule",
            groups,
            "security_group_id",
            keys,
            _vpc_rule("egress"),
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_security_group": security_group_from_terraform,
        "aws_default_security_group": default_security_group_from_terraform,
        "aws_ebs_volume": volume_from_terraform,
    }
