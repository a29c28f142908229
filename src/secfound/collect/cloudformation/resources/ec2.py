"""Security groups (with their standalone ingress and egress rules joined in) and volumes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_int,
    to_str,
)
from secfound.model.aws.ec2 import ANY_IPV4, SecurityGroup, SecurityGroupRule, Volume
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


# Property that names the peer -> model field, for each direction.
INGRESS_PEERS = (
    ("CidrIp", "cidr_ipv4"),
    ("CidrIpv6", "cidr_ipv6"),
    ("SourceSecurityGroupId", "source_security_group"),
    ("SourceSecurityGroupName", "source_security_group"),
    ("SourcePrefixListId", "prefix_list_id"),
)
EGRESS_PEERS = (
    ("CidrIp", "cidr_ipv4"),
    ("CidrIpv6", "cidr_ipv6"),
    ("DestinationSecurityGroupId", "source_security_group"),
    ("DestinationPrefixListId", "prefix_list_id"),
)
_PROTOCOL_NUMBERS = {-1: "-1", 1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6"}
Rules = tuple[SecurityGroupRule, ...] | Unresolved


def protocol(value: Any) -> str | Unresolved:
    """``-1``, ``all`` -> ``"-1"``; 6/17/1/58 -> tcp/udp/icmp/icmpv6; names lower-cased."""
    if isinstance(value, Unresolved):
        return value
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip().lower()
        if text == "all":
            return "-1"
        try:
            number = int(text)
        except ValueError:
            return text
    else:
        return Unresolved(f"IpProtocol: expected a protocol, got {value!r}")
    return _PROTOCOL_NUMBERS.get(number, str(number))


def rules_from_entry(entry: Mapping[str, Any], peers: tuple[tuple[str, str], ...]) -> Rules:
    """The rules one ingress or egress entry stands for: one per peer it names."""
    if "IpProtocol" not in entry:
        return Unresolved("security group rule without IpProtocol")
    proto = protocol(entry["IpProtocol"])
    common: dict[str, Any] = {"protocol": proto}
    all_traffic = isinstance(proto, str) and proto == "-1"
    if not all_traffic:
        for key, field in (("FromPort", "from_port"), ("ToPort", "to_port")):
            if key in entry:
                common[field] = to_int(entry[key], key)
    if "Description" in entry:
        common["description"] = to_str(entry["Description"], "Description")
    rules = []
    for key, field in peers:
        if key in entry:
            peer: dict[str, Any] = {**common, field: to_str(entry[key], key)}
            rules.append(SecurityGroupRule(**peer))
    return tuple(rules) if rules else (SecurityGroupRule(**common),)


def rule_list(value: Any, peers: tuple[tuple[str, str], ...], what: str) -> Rules:
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, list):
        return Unresolved(f"{what}: expected a list of rules")
    rules: list[SecurityGroupRule] = []
    for index, entry in enumerate(value):
        if isinstance(entry, Unresolved):
            return entry
        if not isinstance(entry, Mapping):
            return Unresolved(f"{what}[{index}]: expected a mapping")
        found = rules_from_entry(entry, peers)
        if isinstance(found, Unresolved):
            return found
        rules.extend(found)
    return tuple(rules)


# What AWS gives a new VPC security group when the template declares no egress: all out.
DEFAULT_EGRESS = (SecurityGroupRule(protocol="-1", cidr_ipv4=ANY_IPV4, added_by_aws=True),)


def security_group_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> SecurityGroup:
    """A ``SecurityGroup``; without ``SecurityGroupEgress`` it keeps AWS's allow-all egress.

    An empty ``SecurityGroupEgress`` list keeps it too: CloudFormation removes the default
    rule only when the group declares at least one egress rule.
    """
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "GroupName", to_str)
    set_if_present(fields, "description", properties, "GroupDescription", to_str)
    set_if_present(fields, "vpc_id", properties, "VpcId", to_str)
    if "SecurityGroupIngress" in properties:
        fields["ingress"] = rule_list(
            properties["SecurityGroupIngress"], INGRESS_PEERS, "SecurityGroupIngress"
        )
    egress = properties.get("SecurityGroupEgress", [])
    if isinstance(egress, list) and not egress:
        fields["egress"] = DEFAULT_EGRESS
    else:
        fields["egress"] = rule_list(egress, EGRESS_PEERS, "SecurityGroupEgress")
    return SecurityGroup(**fields)


def _add(rules: Rules, added: Rules) -> Rules:
    if isinstance(rules, Unresolved):
        return rules
    if isinstance(added, Unresolved):
        return added
    return (*rules, *added)


def with_ingress(group: SecurityGroup, properties: Mapping[str, Any]) -> SecurityGroup:
    """The group with the rule an ``AWS::EC2::SecurityGroupIngress`` adds."""
    added = rules_from_entry(properties, INGRESS_PEERS)
    return dataclasses.replace(group, ingress=_add(group.ingress, added))


def with_egress(group: SecurityGroup, properties: Mapping[str, Any]) -> SecurityGroup:
    """The group with the rule an ``AWS::EC2::SecurityGroupEgress`` adds (default kept)."""
    added = rules_from_entry(properties, EGRESS_PEERS)
    return dataclasses.replace(group, egress=_add(group.egress, added))


def volume_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Volume:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "encrypted", properties, "Encrypted", to_bool)
    set_if_present(fields, "kms_key_id", properties, "KmsKeyId", to_str)
    set_if_present(fields, "size_gib", properties, "Size", to_int)
    set_if_present(fields, "volume_type", properties, "VolumeType", to_str)
    set_if_present(fields, "availability_zone", properties, "AvailabilityZone", to_str)
    return Volume(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::EC2::SecurityGroup": security_group_from_cfn,
        "AWS::EC2::Volume": volume_from_cfn,
    }


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join(
            "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::SecurityGroup",
            ("GroupId", "GroupName"),
            with_ingress,
        ),
        Join("AWS::EC2::SecurityGroupEgress", "AWS::EC2::SecurityGroup", ("GroupId",), with_egress),
    )
