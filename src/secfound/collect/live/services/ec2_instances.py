"""EC2 instances (their EBS volumes joined in) and launch templates (default versions).

An instance's mappings name its volumes but not their settings, so the volumes of all
instances come from ``DescribeVolumes`` filtered by the instances' ids, a few calls per
region, never one per instance. The root volume is the mapping at the instance's
``RootDeviceName``; it carries no device name in the model, as in the IaC sources.

``associates_public_ip`` is the fact, not the request: true when the instance has a
public IPv4 address now (auto-assigned or an Elastic IP). Terminated instances are left
out: they linger in the API for an hour and run nothing.

Launch templates come from one paginated ``DescribeLaunchTemplateVersions`` asking for
every template's default version.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES
from secfound.collect.live.services._ebs import (
    KeyNamer,
    Volume,
    block_device,
    volumes_of_instances,
)
from secfound.collect.live.tags import tags_of
from secfound.model.aws.ec2 import (
    BlockDevice,
    Instance,
    LaunchTemplate,
    MetadataOptions,
    NetworkInterfaceSpec,
)
from secfound.model.values import Unresolved

# The tag AWS puts on an instance launched from a launch template.
LAUNCH_TEMPLATE_TAG = "aws:ec2launchtemplate:id"
_METADATA_KEYS = (
    ("HttpTokens", "http_tokens", str),
    ("HttpEndpoint", "http_endpoint", str),
    ("HttpPutResponseHopLimit", "http_put_response_hop_limit", int),
)
_GONE = frozenset({"terminated"})

Volumes = dict[str, Volume] | Unresolved


@collector(service="ec2", actions=["ec2:DescribeInstances", "ec2:DescribeVolumes", LIST_ALIASES])
def instances(ctx: LiveContext) -> Iterator[Instance]:
    client = ctx.client()
    found: list[Mapping[str, Any]] = []
    for page in client.get_paginator("describe_instances").paginate():
        for reservation in page.get("Reservations", []):
            found.extend(
                i
                for i in reservation.get("Instances", [])
                if i.get("State", {}).get("Name") not in _GONE
            )
    if not found:
        return
    volumes: Volumes = ctx.optional(
        lambda: volumes_of_instances(ctx, (str(i["InstanceId"]) for i in found)),
        action="ec2:DescribeVolumes",
    )
    keys = KeyNamer(ctx)
    for instance in found:
        yield _instance(ctx, instance, volumes, keys)


def _instance(
    ctx: LiveContext, instance: Mapping[str, Any], volumes: Volumes, keys: KeyNamer
) -> Instance:
    arn = ctx.target.arn("ec2", f"instance/{instance['InstanceId']}")
    tags = tags_of(instance)
    profile = instance.get("IamInstanceProfile", {}).get("Arn")
    root: BlockDevice | Unresolved | None
    data: tuple[BlockDevice, ...] | Unresolved
    if isinstance(volumes, Unresolved):
        root, data = volumes, volumes
    else:
        root, data = _volumes(instance, volumes, keys)
    return Instance(
        address=arn,
        location=ctx.location(arn),
        tags=tags,
        instance_type=instance.get("InstanceType"),
        image_id=instance.get("ImageId"),
        subnet_id=instance.get("SubnetId"),
        launch_template=tags.get(LAUNCH_TEMPLATE_TAG),
        # arn:aws:iam::<account>:instance-profile/<path>/<name>: sources give the name
        iam_instance_profile=str(profile).rsplit("/", 1)[-1] if profile else None,
        metadata_options=metadata_options(instance.get("MetadataOptions")),
        associates_public_ip=bool(instance.get("PublicIpAddress")),
        root_volume=root,
        data_volumes=data,
    )


def _volumes(
    instance: Mapping[str, Any], volumes: dict[str, Volume], keys: KeyNamer
) -> tuple[BlockDevice | None, tuple[BlockDevice, ...]]:
    root_name = instance.get("RootDeviceName")
    root: BlockDevice | None = None
    data: list[BlockDevice] = []
    for mapping in instance.get("BlockDeviceMappings", []):
        volume = volumes.get(str(mapping.get("Ebs", {}).get("VolumeId")))
        if volume is None:  # instance store, or detached since
            continue
        name = mapping.get("DeviceName")
        if name is not None and name == root_name and root is None:
            root = block_device(volume, keys, None)
        else:
            data.append(block_device(volume, keys, name))
    return root, tuple(data)


def metadata_options(options: Mapping[str, Any] | None) -> MetadataOptions:
    """The settings AWS reports; any it leaves out keep EC2's defaults."""
    fields: dict[str, Any] = {}
    for key, field, convert in _METADATA_KEYS:
        if options and options.get(key) is not None:
            fields[field] = convert(options[key])
    return MetadataOptions(**fields)


@collector(service="ec2", actions=["ec2:DescribeLaunchTemplateVersions"])
def launch_templates(ctx: LiveContext) -> Iterator[LaunchTemplate]:
    client = ctx.client()
    paginator = client.get_paginator("describe_launch_template_versions")
    for page in paginator.paginate(Versions=["$Default"]):
        for version in page.get("LaunchTemplateVersions", []):
            arn = ctx.target.arn("ec2", f"launch-template/{version['LaunchTemplateId']}")
            data = version.get("LaunchTemplateData", {})
            yield LaunchTemplate(
                address=arn,
                location=ctx.location(arn),
                name=version.get("LaunchTemplateName"),
                image_id=data.get("ImageId"),
                metadata_options=metadata_options(data.get("MetadataOptions")),
                network_interfaces=tuple(
                    _interface(spec) for spec in data.get("NetworkInterfaces", [])
                ),
                block_devices=tuple(
                    _template_device(mapping)
                    for mapping in data.get("BlockDeviceMappings", [])
                    if "Ebs" in mapping
                ),
            )


def _interface(spec: Mapping[str, Any]) -> NetworkInterfaceSpec:
    index = spec.get("DeviceIndex")
    public = spec.get("AssociatePublicIpAddress")
    return NetworkInterfaceSpec(
        device_index=int(index) if index is not None else None,
        associates_public_ip=bool(public) if public is not None else None,
        subnet_id=spec.get("SubnetId"),
    )


def _template_device(mapping: Mapping[str, Any]) -> BlockDevice:
    """A template's EBS mapping as written: what it leaves out is decided at launch."""
    ebs = mapping["Ebs"]
    size, encrypted, kind = ebs.get("VolumeSize"), ebs.get("Encrypted"), ebs.get("VolumeType")
    return BlockDevice(
        device_name=mapping.get("DeviceName"),
        encrypted=bool(encrypted) if encrypted is not None else None,
        kms_key_id=ebs.get("KmsKeyId"),
        volume_size_gib=int(size) if size is not None else None,
        volume_type=str(kind) if kind is not None else None,
    )
