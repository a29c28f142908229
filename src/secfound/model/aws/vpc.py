"""Amazon VPC: VPCs with their flow logs, subnets and network ACLs.

The CloudFormation types are ``AWS::EC2::*``; the checks live with EC2's, as the AWS
Foundational Security Best Practices number them (EC2.6, EC2.15, EC2.21).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
IntOrUnresolved: TypeAlias = int | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class FlowLog:
    """A flow log that records the traffic of a VPC (``AWS::EC2::FlowLog``, ``aws_flow_log``).

    ``traffic_type`` is ``ACCEPT``, ``REJECT`` or ``ALL`` (``ALL`` when absent, Terraform's
    and CloudFormation's behaviour). ``log_destination_type`` defaults to
    ``cloud-watch-logs``; ``log_destination`` is the ARN of the group or bucket (or the log
    group's name, when a source gives only that).
    """

    traffic_type: StrOrUnresolved = "ALL"
    log_destination_type: StrOrUnresolved = "cloud-watch-logs"
    log_destination: StrOrUnresolved | None = None


@dataclass(frozen=True, kw_only=True)
class Vpc(Resource):
    """A VPC, with the flow logs that name it merged in.

    Defaults are what AWS gives a new VPC: ``instance_tenancy`` ``default``, DNS support on,
    DNS hostnames off, and no flow logs.
    """

    resource_type = "AWS::EC2::VPC"

    cidr_block: StrOrUnresolved | None = None
    instance_tenancy: StrOrUnresolved = "default"
    enable_dns_support: BoolOrUnresolved = True
    enable_dns_hostnames: BoolOrUnresolved = False
    flow_logs: tuple[FlowLog, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class Subnet(Resource):
    """A VPC subnet.

    ``map_public_ip_on_launch`` defaults to false: only the default subnets AWS creates in
    a default VPC turn it on, and neither source declares those.
    """

    resource_type = "AWS::EC2::Subnet"

    vpc_id: StrOrUnresolved | None = None
    cidr_block: StrOrUnresolved | None = None
    availability_zone: StrOrUnresolved | None = None
    map_public_ip_on_launch: BoolOrUnresolved = False


@dataclass(frozen=True, kw_only=True)
class NetworkAclEntry:
    """One numbered rule of a network ACL.

    ``protocol`` is ``"-1"`` for all protocols, else a name (``tcp``, ``udp``, ``icmp``,
    ``icmpv6``) or a protocol number as text. ``action`` is ``allow`` or ``deny``.
    ``from_port`` and ``to_port`` are ``None`` when the entry covers every port.
    """

    rule_number: IntOrUnresolved
    protocol: StrOrUnresolved = "-1"
    action: StrOrUnresolved = "allow"
    egress: BoolOrUnresolved = False
    cidr_ipv4: StrOrUnresolved | None = None
    cidr_ipv6: StrOrUnresolved | None = None
    from_port: IntOrUnresolved | None = None
    to_port: IntOrUnresolved | None = None


def entry_order(entry: NetworkAclEntry) -> tuple[int, int]:
    """Sort key sources use for ``NetworkAcl.entries``: ingress first, then by rule number.

    Entries whose direction or number is unresolved go last; checks never rely on this
    order for them.
    """
    egress = entry.egress if isinstance(entry.egress, bool) else True
    number = entry.rule_number if isinstance(entry.rule_number, int) else 1 << 31
    return (int(egress), number)


@dataclass(frozen=True, kw_only=True)
class NetworkAcl(Resource):
    """A network ACL with its entries (separate entry resources merged in).

    ``entries`` holds only the numbered rules the source declares. Every network ACL ends
    with AWS's own catch-all rule (``*``) that denies whatever no numbered rule matched,
    so a new ACL without entries denies all traffic.
    """

    resource_type = "AWS::EC2::NetworkAcl"

    vpc_id: StrOrUnresolved | None = None
    entries: tuple[NetworkAclEntry, ...] | Unresolved = ()
