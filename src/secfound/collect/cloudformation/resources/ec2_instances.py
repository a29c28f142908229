"""``AWS::EC2::Instance`` and ``AWS::EC2::LaunchTemplate``: metadata options, public IPs
and EBS block device mappings.

CloudFormation names an instance's root volume by the AMI's root device name, which the
template does not carry. AWS documents ``/dev/xvda`` and ``/dev/sda1`` as the root device
names of its Linux and Windows AMIs; a mapping for one of them is taken as the root volume
(as Terraform's ``root_block_device``), every other EBS mapping as a data volume. A root
volume under another name therefore counts as undeclared, which checks treat as the AMI's
(not known to be encrypted), never as encrypted.
"""

from __future__ import annotations

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
from secfound.model.aws.ec2 import (
    BlockDevice,
    Instance,
    LaunchTemplate,
    MetadataOptions,
    NetworkInterfaceSpec,
)
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer

# Root device names of AWS's Linux (xvda) and Windows/Ubuntu (sda1) AMIs.
ROOT_DEVICE_NAMES = frozenset({"/dev/xvda", "/dev/sda1"})

_METADATA_KEYS = (
    ("HttpTokens", "http_tokens", to_str),
    ("HttpEndpoint", "http_endpoint", to_str),
    ("HttpPutResponseHopLimit", "http_put_response_hop_limit", to_int),
)
_EBS_KEYS = (
    ("Encrypted", "encrypted", to_bool),
    ("KmsKeyId", "kms_key_id", to_str),
    ("VolumeSize", "volume_size_gib", to_int),
    ("VolumeType", "volume_type", to_str),
)


def metadata_options(value: Any, what: str = "MetadataOptions") -> MetadataOptions | Unresolved:
    """Given settings; those left out keep EC2's defaults (see ``MetadataOptions``)."""
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, Mapping):
        return Unresolved(f"{what}: expected a mapping")
    fields: dict[str, Any] = {}
    for key, field, convert in _METADATA_KEYS:
        set_if_present(fields, field, value, key, convert)
    return MetadataOptions(**fields)


def _mappings(value: Any, what: str) -> list[Mapping[str, Any]] | Unresolved:
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, list):
        return Unresolved(f"{what}: expected a list")
    found: list[Mapping[str, Any]] = []
    for index, item in enumerate(value):
        if isinstance(item, Unresolved):
            return item
        if not isinstance(item, Mapping):
            return Unresolved(f"{what}[{index}]: expected a mapping")
        found.append(item)
    return found


def block_devices(
    value: Any, what: str = "BlockDeviceMappings"
) -> tuple[BlockDevice, ...] | Unresolved:
    """The EBS mappings (instance store and ``NoDevice`` entries are not EBS volumes)."""
    mappings = _mappings(value, what)
    if isinstance(mappings, Unresolved):
        return mappings
    devices: list[BlockDevice] = []
    for mapping in mappings:
        ebs = mapping.get("Ebs", MISSING)
        if ebs is MISSING:
            continue
        if isinstance(ebs, Unresolved):
            return ebs
        if not isinstance(ebs, Mapping):
            return Unresolved(f"{what}.Ebs: expected a mapping")
        fields: dict[str, Any] = {}
        set_if_present(fields, "device_name", mapping, "DeviceName", to_str)
        for key, field, convert in _EBS_KEYS:
            set_if_present(fields, field, ebs, key, convert)
        devices.append(BlockDevice(**fields))
    return tuple(devices)


def _is_root(device: BlockDevice) -> bool:
    name = device.device_name
    return isinstance(name, str) and name in ROOT_DEVICE_NAMES


def network_interfaces(
    value: Any, what: str = "NetworkInterfaces"
) -> tuple[NetworkInterfaceSpec, ...] | Unresolved:
    mappings = _mappings(value, what)
    if isinstance(mappings, Unresolved):
        return mappings
    specs: list[NetworkInterfaceSpec] = []
    for mapping in mappings:
        fields: dict[str, Any] = {}
        set_if_present(fields, "device_index", mapping, "DeviceIndex", to_int)
        set_if_present(fields, "associates_public_ip", mapping, "AssociatePublicIpAddress", to_bool)
        set_if_present(fields, "subnet_id", mapping, "SubnetId", to_str)
        specs.append(NetworkInterfaceSpec(**fields))
    return tuple(specs)


def _primary(specs: tuple[NetworkInterfaceSpec, ...]) -> NetworkInterfaceSpec | None:
    """The interface at device index 0: the only one AWS gives a public IPv4 address."""
    for spec in specs:
        index = spec.device_index
        if isinstance(index, int) and index == 0:
            return spec
    return None


def instance_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Instance:
    """An ``Instance``; settings left to a launch template are unresolved, naming it."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "instance_type", properties, "InstanceType", to_str)
    set_if_present(fields, "image_id", properties, "ImageId", to_str)
    set_if_present(fields, "subnet_id", properties, "SubnetId", to_str)
    set_if_present(fields, "iam_instance_profile", properties, "IamInstanceProfile", to_str)
    template = properties.get("LaunchTemplate", MISSING)
    if template is not MISSING:
        named = dig(template, "LaunchTemplateId")
        if named is MISSING:
            named = dig(template, "LaunchTemplateName")
        if named is not MISSING:
            fields["launch_template"] = to_str(named, "LaunchTemplate")
    if "MetadataOptions" in properties:
        fields["metadata_options"] = metadata_options(properties["MetadataOptions"])
    elif template is not MISSING:
        fields["metadata_options"] = Unresolved(
            f"{address}: metadata options from its launch template"
        )
    if "NetworkInterfaces" in properties:
        specs = network_interfaces(properties["NetworkInterfaces"])
        if isinstance(specs, Unresolved):
            fields["associates_public_ip"] = specs
        else:
            primary = _primary(specs)
            if primary is not None:
                fields["associates_public_ip"] = primary.associates_public_ip
                if primary.subnet_id is not None:
                    fields["subnet_id"] = primary.subnet_id
    if "BlockDeviceMappings" in properties:
        devices = block_devices(properties["BlockDeviceMappings"])
        if isinstance(devices, Unresolved):
            fields["root_volume"] = devices
            fields["data_volumes"] = devices
        else:
            root = next((d for d in devices if _is_root(d)), None)
            if root is not None:
                fields["root_volume"] = BlockDevice(
                    encrypted=root.encrypted,
                    kms_key_id=root.kms_key_id,
                    volume_size_gib=root.volume_size_gib,
                    volume_type=root.volume_type,
                )
            fields["data_volumes"] = tuple(d for d in devices if d is not root)
    return Instance(**fields)


def launch_template_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> LaunchTemplate:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "LaunchTemplateName", to_str)
    data = properties.get("LaunchTemplateData", MISSING)
    if isinstance(data, Unresolved):
        for field in ("image_id", "metadata_options", "network_interfaces", "block_devices"):
            fields[field] = data
    elif isinstance(data, Mapping):
        set_if_present(fields, "image_id", data, "ImageId", to_str)
        set_if_present(fields, "metadata_options", data, "MetadataOptions", metadata_options)
        set_if_present(fields, "network_interfaces", data, "NetworkInterfaces", network_interfaces)
        set_if_present(fields, "block_devices", data, "BlockDeviceMappings", block_devices)
    return LaunchTemplate(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::EC2::Instance": instance_from_cfn,
        "AWS::EC2::LaunchTemplate": launch_template_from_cfn,
    }
