"""``aws_instance`` and ``aws_launch_template``: metadata options, public IPs and EBS
block devices.

An instance's ``root_block_device`` is its root volume and each ``ebs_block_device`` a
data volume; ``ephemeral_block_device`` (instance store) is not EBS and is left out, as
are launch template mappings without an ``ebs`` block. The provider types a launch
template's ``encrypted`` and ``associate_public_ip_address`` as strings (``"true"``), which
convert like booleans.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_int,
    as_str,
    blocks,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.ec2 import (
    BlockDevice,
    Instance,
    LaunchTemplate,
    MetadataOptions,
    NetworkInterfaceSpec,
)
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def metadata_options(value: Any, where: str) -> MetadataOptions | Unresolved | None:
    """The ``metadata_options`` block; ``None`` when absent (EC2's defaults apply)."""
    block = first_block(value)
    if block is None or isinstance(block, Unresolved):
        return block
    fields: dict[str, Any] = {}
    set_if(fields, "http_tokens", as_str(block.get("http_tokens"), f"{where}.http_tokens"))
    set_if(fields, "http_endpoint", as_str(block.get("http_endpoint"), f"{where}.http_endpoint"))
    hops = as_int(block.get("http_put_response_hop_limit"), f"{where}.http_put_response_hop_limit")
    set_if(fields, "http_put_response_hop_limit", hops)
    return MetadataOptions(**fields)


def _device(block: Mapping[str, Any], where: str, *, name: Any = None) -> BlockDevice:
    return BlockDevice(
        device_name=as_str(name, f"{where}.device_name"),
        encrypted=as_bool(block.get("encrypted"), f"{where}.encrypted"),
        kms_key_id=as_str(block.get("kms_key_id"), f"{where}.kms_key_id"),
        volume_size_gib=as_int(block.get("volume_size"), f"{where}.volume_size"),
        volume_type=as_str(block.get("volume_type"), f"{where}.volume_type"),
    )


def _instance_volumes(fields: dict[str, Any], args: Mapping[str, Any], where: str) -> None:
    root = first_block(args.get("root_block_device"))
    if root is not None:
        fields["root_volume"] = (
            root if isinstance(root, Unresolved) else _device(root, f"{where}.root_block_device")
        )
    found = blocks(args.get("ebs_block_device"))
    if isinstance(found, Unresolved):
        fields["data_volumes"] = found
        return
    fields["data_volumes"] = tuple(
        _device(b, f"{where}.ebs_block_device[{i}]", name=b.get("device_name"))
        for i, b in enumerate(found)
    )


def instance_from_terraform(resource: TerraformResource) -> Instance:
    """An ``Instance``; settings left to a launch template are unresolved, naming it."""
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["instance_type"] = as_str(args.get("instance_type"), f"{where}.instance_type")
    fields["image_id"] = as_str(args.get("ami"), f"{where}.ami")
    fields["subnet_id"] = as_str(args.get("subnet_id"), f"{where}.subnet_id")
    fields["iam_instance_profile"] = as_str(
        args.get("iam_instance_profile"), f"{where}.iam_instance_profile"
    )
    template = first_block(args.get("launch_template"))
    if isinstance(template, Unresolved):
        fields["launch_template"] = template
    elif template is not None:
        named = template.get("id")
        fields["launch_template"] = as_str(
            named if named is not None else template.get("name"), f"{where}.launch_template"
        )
    options = metadata_options(args.get("metadata_options"), f"{where}.metadata_options")
    if options is not None:
        fields["metadata_options"] = options
    elif template is not None:
        fields["metadata_options"] = Unresolved(
            f"{where}: metadata options from its launch template"
        )
    fields["associates_public_ip"] = as_bool(
        args.get("associate_public_ip_address"), f"{where}.associate_public_ip_address"
    )
    _instance_volumes(fields, args, where)
    return Instance(**fields)


def _template_devices(value: Any, where: str) -> tuple[BlockDevice, ...] | Unresolved:
    found = blocks(value)
    if isinstance(found, Unresolved):
        return found
    devices: list[BlockDevice] = []
    for i, mapping in enumerate(found):
        ebs = first_block(mapping.get("ebs"))
        if ebs is None:
            continue
        if isinstance(ebs, Unresolved):
            return ebs
        devices.append(_device(ebs, f"{where}[{i}].ebs", name=mapping.get("device_name")))
    return tuple(devices)


def _interfaces(value: Any, where: str) -> tuple[NetworkInterfaceSpec, ...] | Unresolved:
    found = blocks(value)
    if isinstance(found, Unresolved):
        return found
    return tuple(
        NetworkInterfaceSpec(
            device_index=as_int(b.get("device_index"), f"{where}[{i}].device_index"),
            associates_public_ip=as_bool(
                b.get("associate_public_ip_address"), f"{where}[{i}].associate_public_ip_address"
            ),
            subnet_id=as_str(b.get("subnet_id"), f"{where}[{i}].subnet_id"),
        )
        for i, b in enumerate(found)
    )


def launch_template_from_terraform(resource: TerraformResource) -> LaunchTemplate:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    fields["image_id"] = as_str(args.get("image_id"), f"{where}.image_id")
    set_if(
        fields,
        "metadata_options",
        metadata_options(args.get("metadata_options"), f"{where}.metadata_options"),
    )
    fields["network_interfaces"] = _interfaces(
        args.get("network_interfaces"), f"{where}.network_interfaces"
    )
    fields["block_devices"] = _template_devices(
        args.get("block_device_mappings"), f"{where}.block_device_mappings"
    )
    return LaunchTemplate(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_instance": instance_from_terraform,
        "aws_launch_template": launch_template_from_terraform,
    }
