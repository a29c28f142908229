"""Amazon EC2: security groups and EBS volumes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved, matches_literal

IntOrUnresolved: TypeAlias = int | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved

ANY_IPV4 = "0.0.0.0/0"
ANY_IPV6 = "::/0"


@dataclass(frozen=True, kw_only=True)
class SecurityGroupRule:
    """One rule for one peer. A rule listing several CIDR blocks becomes several rules.

    ``protocol`` is ``"-1"`` for all traffic (AWS's own value; ``all`` and ``-1`` normalize
    to it) or a name (``tcp``, ``udp``, ``icmp``, ``icmpv6``) or number. ``from_port`` and
    ``to_port`` are ``None`` when the rule covers every port.
    """

    protocol: StrOrUnresolved = "-1"
    from_port: IntOrUnresolved | None = None
    to_port: IntOrUnresolved | None = None
    cidr_ipv4: StrOrUnresolved | None = None
    cidr_ipv6: StrOrUnresolved | None = None
    source_security_group: StrOrUnresolved | None = None
    prefix_list_id: StrOrUnresolved | None = None
    description: StrOrUnresolved | None = None

    def is_from_anywhere(self) -> bool:
        """True when the peer is the whole internet (0.0.0.0/0 or ::/0)."""
        ipv4 = self.cidr_ipv4 is not None and matches_literal(self.cidr_ipv4, ANY_IPV4)
        return ipv4 or (self.cidr_ipv6 is not None and matches_literal(self.cidr_ipv6, ANY_IPV6))

    def covers_port(self, port: int) -> bool:
        """True when the rule admits ``port`` (all traffic, or a range containing it)."""
        if self.protocol == "-1":
            return True
        if self.protocol not in ("tcp", "udp", "6", "17"):
            return False
        if self.from_port is None or self.to_port is None:
            return True
        if self.from_port == -1:
            return True
        return self.from_port <= port <= self.to_port

    def is_all_traffic(self) -> bool:
        """True for protocol ``-1`` or a TCP/UDP rule over ports 0 to 65535.

        ICMP rules carry ICMP types in their port fields, so ``-1`` there is every ICMP
        type, not every port.
        """
        if self.protocol == "-1":
            return True
        if self.protocol not in ("tcp", "udp", "6", "17"):
            return False
        return self.from_port in (0, -1, None) and self.to_port in (65535, -1, None)


@dataclass(frozen=True, kw_only=True)
class SecurityGroup(Resource):
    """A VPC security group with its ingress and egress rules.

    Rules configured by separate resources (``AWS::EC2::SecurityGroupIngress``,
    ``aws_security_group_rule``, ``aws_vpc_security_group_ingress_rule``) are merged in.
    Egress default differs by source and is filled by each: AWS adds allow-all egress to a
    new group (CloudFormation keeps it when ``SecurityGroupEgress`` is absent); Terraform
    removes it unless the configuration declares egress.
    """

    resource_type = "AWS::EC2::SecurityGroup"

    name: StrOrUnresolved | None = None
    description: StrOrUnresolved | None = None
    vpc_id: StrOrUnresolved | None = None
    ingress: tuple[SecurityGroupRule, ...] | Unresolved = ()
    egress: tuple[SecurityGroupRule, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class Volume(Resource):
    """An EBS volume.

    ``encrypted`` is ``None`` when the source does not say: AWS then encrypts only if the
    account turned on EBS encryption by default in that region, which a template cannot
    know. ``kms_key_id`` is ``None`` for the AWS managed key ``aws/ebs``.
    """

    resource_type = "AWS::EC2::Volume"

    encrypted: bool | Unresolved | None = None
    kms_key_id: StrOrUnresolved | None = None
    size_gib: IntOrUnresolved | None = None
    volume_type: StrOrUnresolved = "gp2"
    availability_zone: StrOrUnresolved | None = None
