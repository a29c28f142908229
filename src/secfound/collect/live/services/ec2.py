"""Security groups (rules inline) and EBS volumes, one paginated call each per region.

A group's rules come back grouped by protocol and ports, each with a list of peers; the
model holds one rule per peer, as the IaC sources split a rule listing several CIDR
blocks. The default security group of each VPC is collected too (``is_default``): AWS
names it ``default``, a name nobody else may give a group.

AWS adds an allow-all egress rule (protocol ``-1`` to ``0.0.0.0/0``, and to ``::/0`` in a
VPC with IPv6) to every new group, without a description. The API does not say who wrote
a rule, so such a rule without a description is marked ``added_by_aws``, as the IaC
sources mark the rule AWS keeps when a template declares no egress: the description
check then does not ask AWS's own rule for a text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES
from secfound.collect.live.services._ebs import KeyNamer
from secfound.collect.live.tags import tags_of
from secfound.model.aws.ec2 import ANY_IPV4, ANY_IPV6, SecurityGroup, SecurityGroupRule, Volume

# IP protocol numbers AWS may answer with -> the names the model uses.
_PROTOCOL_NAMES = {"1": "icmp", "6": "tcp", "17": "udp", "58": "icmpv6"}
# (list in an IpPermission, key in each entry, model field): one rule per entry.
_PEERS = (
    ("IpRanges", "CidrIp", "cidr_ipv4"),
    ("Ipv6Ranges", "CidrIpv6", "cidr_ipv6"),
    ("UserIdGroupPairs", "GroupId", "source_security_group"),
    ("PrefixListIds", "PrefixListId", "prefix_list_id"),
)
DEFAULT_GROUP_NAME = "default"


def protocol(value: Any) -> str:
    """AWS's ``IpProtocol``/``Protocol``: ``-1`` stays, known numbers become names."""
    text = str(value).strip().lower()
    return _PROTOCOL_NAMES.get(text, text)


@collector(service="ec2", actions=["ec2:DescribeSecurityGroups"])
def security_groups(ctx: LiveContext) -> Iterator[SecurityGroup]:
    client = ctx.client()
    for page in client.get_paginator("describe_security_groups").paginate():
        for group in page.get("SecurityGroups", []):
            group_id = str(group["GroupId"])
            arn = str(
                group.get("SecurityGroupArn") or ctx.target.arn("ec2", f"security-group/{group_id}")
            )
            yield SecurityGroup(
                address=arn,
                location=ctx.location(arn),
                tags=tags_of(group),
                name=group.get("GroupName"),
                description=group.get("Description"),
                vpc_id=group.get("VpcId"),
                ingress=rules(group.get("IpPermissions", []), egress=False),
                egress=rules(group.get("IpPermissionsEgress", []), egress=True),
                is_default=group.get("GroupName") == DEFAULT_GROUP_NAME,
            )


def rules(permissions: list[Mapping[str, Any]], *, egress: bool) -> tuple[SecurityGroupRule, ...]:
    """One rule per peer of each permission, in AWS's order."""
    found: list[SecurityGroupRule] = []
    for permission in permissions:
        proto = protocol(permission.get("IpProtocol", "-1"))
        ports: dict[str, Any] = {}
        if proto != "-1":
            for key, field in (("FromPort", "from_port"), ("ToPort", "to_port")):
                if permission.get(key) is not None:
                    ports[field] = int(permission[key])
        for list_key, peer_key, field in _PEERS:
            for peer in permission.get(list_key, []):
                value = peer.get(peer_key)
                if value is None and field == "source_security_group":
                    value = peer.get("GroupName")  # a peer group of another account
                description = peer.get("Description") or None
                found.append(
                    SecurityGroupRule(
                        protocol=proto,
                        **ports,
                        **{field: value},
                        description=description,
                        added_by_aws=egress and _is_aws_default_egress(proto, value, description),
                    )
                )
    return tuple(found)


def _is_aws_default_egress(proto: str, peer: Any, description: str | None) -> bool:
    return proto == "-1" and peer in (ANY_IPV4, ANY_IPV6) and description is None


@collector(service="ec2", actions=["ec2:DescribeVolumes", LIST_ALIASES])
def volumes(ctx: LiveContext) -> Iterator[Volume]:
    keys = KeyNamer(ctx)
    client = ctx.client()
    for page in client.get_paginator("describe_volumes").paginate():
        for volume in page.get("Volumes", []):
            volume_id = str(volume["VolumeId"])
            arn = ctx.target.arn("ec2", f"volume/{volume_id}")
            size = volume.get("Size")
            yield Volume(
                address=arn,
                location=ctx.location(arn),
                tags=tags_of(volume),
                encrypted=bool(volume.get("Encrypted", False)),
                kms_key_id=keys(volume.get("KmsKeyId")),
                size_gib=int(size) if size is not None else None,
                volume_type=str(volume.get("VolumeType", "gp2")),
                availability_zone=volume.get("AvailabilityZone"),
            )
