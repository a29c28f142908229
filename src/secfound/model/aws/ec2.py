"""Amazon EC2: security groups, EBS volumes, instances and launch templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved, matches_literal

IntOrUnresolved: TypeAlias = int | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved
BoolOrUnresolved: TypeAlias = bool | Unresolved

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
    # The allow-all egress rule AWS adds to a new group whose source declares no egress:
    # nobody wrote it, so nobody can be asked to describe it.
    added_by_aws: bool = False

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

    ``is_default`` marks a VPC's default security group, which AWS creates with the VPC and
    gives to every instance launched without a group. CloudFormation cannot manage it;
    Terraform adopts it through ``aws_default_security_group`` and removes every rule the
    configuration does not declare.
    """

    resource_type = "AWS::EC2::SecurityGroup"

    name: StrOrUnresolved | None = None
    description: StrOrUnresolved | None = None
    vpc_id: StrOrUnresolved | None = None
    ingress: tuple[SecurityGroupRule, ...] | Unresolved = ()
    egress: tuple[SecurityGroupRule, ...] | Unresolved = ()
    is_default: bool = False


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


@dataclass(frozen=True, kw_only=True)
class MetadataOptions:
    """Instance metadata service (IMDS) settings of an instance or a launch template.

    Defaults are what EC2 applies when the source says nothing and neither the AMI nor the
    account says otherwise:

    - ``http_tokens``: ``optional`` (IMDSv1 answers too). An AMI registered with
      ``ImdsSupport: v2.0`` (possible since late 2022; Amazon Linux 2023 AMIs are) makes
      ``required`` the default, and since March 2024 an account can set its own default per
      region. A template shows neither, so an absent setting is ``optional``: a check that
      wants IMDSv2 must see it asked for.
    - ``http_endpoint``: ``enabled``.
    - ``http_put_response_hop_limit``: 1 (2 for an AMI with ``ImdsSupport: v2.0``).
    """

    http_tokens: StrOrUnresolved = "optional"
    http_endpoint: StrOrUnresolved = "enabled"
    http_put_response_hop_limit: IntOrUnresolved = 1

    def endpoint_disabled(self) -> bool:
        """True when the metadata service is switched off (raises when unresolved)."""
        return matches_literal(self.http_endpoint, "disabled")

    def tokens_required(self) -> bool:
        """True when IMDSv2 session tokens are required (raises when unresolved)."""
        return matches_literal(self.http_tokens, "required")


@dataclass(frozen=True, kw_only=True)
class BlockDevice:
    """One EBS volume an instance or launch template declares.

    ``encrypted`` is ``None`` when the source does not say: the volume is then encrypted
    only if it is made from an encrypted snapshot or the account turned on EBS encryption
    by default in that region, which a template cannot know. ``device_name`` is ``None``
    for an instance's root volume (Terraform's ``root_block_device`` carries no name).
    Instance store volumes and suppressed mappings (``NoDevice``) are not EBS volumes and
    are left out.
    """

    device_name: StrOrUnresolved | None = None
    encrypted: BoolOrUnresolved | None = None
    kms_key_id: StrOrUnresolved | None = None
    volume_size_gib: IntOrUnresolved | None = None
    volume_type: StrOrUnresolved | None = None


@dataclass(frozen=True, kw_only=True)
class NetworkInterfaceSpec:
    """A network interface a launch template asks for.

    ``associates_public_ip`` is ``None`` when the template does not say: the subnet's
    "auto-assign public IPv4 address" setting then decides.
    """

    device_index: IntOrUnresolved | None = None
    associates_public_ip: BoolOrUnresolved | None = None
    subnet_id: StrOrUnresolved | None = None


@dataclass(frozen=True, kw_only=True)
class Instance(Resource):
    """An EC2 instance.

    - ``metadata_options``: see ``MetadataOptions`` (absent settings are IMDSv1-capable).
      When the instance is launched from a launch template and sets no metadata options
      of its own, the template's settings apply: sources make the options unresolved,
      naming the template, rather than pretend the defaults.
    - ``associates_public_ip``: ``None`` when the source does not say; the subnet's
      ``MapPublicIpOnLaunch`` then decides (true in a default VPC's subnets).
    - ``root_volume``: ``None`` when the source does not declare the root device: it is
      then made from the AMI's snapshot, encrypted only if that snapshot is or the account
      encrypts new EBS volumes by default. ``data_volumes`` are the other EBS mappings.
    """

    resource_type = "AWS::EC2::Instance"

    instance_type: StrOrUnresolved | None = None
    image_id: StrOrUnresolved | None = None
    subnet_id: StrOrUnresolved | None = None
    launch_template: StrOrUnresolved | None = None
    iam_instance_profile: StrOrUnresolved | None = None
    metadata_options: MetadataOptions | Unresolved = field(default_factory=MetadataOptions)
    associates_public_ip: BoolOrUnresolved | None = None
    root_volume: BlockDevice | Unresolved | None = None
    data_volumes: tuple[BlockDevice, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class LaunchTemplate(Resource):
    """An EC2 launch template (its default version, as the source declares it).

    Settings the template leaves out are decided at launch (by the request, the AMI, the
    subnet or the account), so ``metadata_options`` holds EC2's own defaults (IMDSv1
    allowed), ``network_interfaces`` only what the template asks for, and
    ``block_devices`` only the EBS mappings it declares.
    """

    resource_type = "AWS::EC2::LaunchTemplate"

    name: StrOrUnresolved | None = None
    image_id: StrOrUnresolved | None = None
    metadata_options: MetadataOptions | Unresolved = field(default_factory=MetadataOptions)
    network_interfaces: tuple[NetworkInterfaceSpec, ...] | Unresolved = ()
    block_devices: tuple[BlockDevice, ...] | Unresolved = ()
