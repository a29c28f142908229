"""EBS volumes as the model holds them, shared by the volume and instance collectors.

``DescribeVolumes`` names a volume's key by ARN, also when it is the AWS managed key
``aws/ebs``; the model holds ``None`` for that key (as the IaC sources do when no key is
named), so a check asking for a customer managed key is not satisfied by AWS's own. The
managed key's id comes from ``ListAliases`` (``managed_keys``), asked once per account and
region for the whole run and only when some volume names a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext
from secfound.collect.live.managed_keys import KeyOrUnresolved, customer_key
from secfound.model.aws.ec2 import BlockDevice

# Values one EC2 filter takes at most (AWS allows up to 200; half leaves room).
_FILTER_VALUES = 100

Volume = Mapping[str, Any]


class KeyNamer:
    """Maps a volume's ``KmsKeyId`` to the model's: ``None`` for ``aws/ebs``
    (``managed_keys.customer_key``: the managed keys are looked up once per account and
    region for the whole run; when ``ListAliases`` fails, every key is unresolved and the
    failure is one gap)."""

    def __init__(self, ctx: LiveContext) -> None:
        self._ctx = ctx

    def __call__(self, key: str | None) -> KeyOrUnresolved:
        return customer_key(self._ctx, key)


def block_device(volume: Volume, keys: KeyNamer, device_name: str | None) -> BlockDevice:
    """One attached volume as an instance's block device (``device_name`` None: root)."""
    size = volume.get("Size")
    return BlockDevice(
        device_name=device_name,
        encrypted=bool(volume.get("Encrypted", False)),
        kms_key_id=keys(volume.get("KmsKeyId")),
        volume_size_gib=int(size) if size is not None else None,
        volume_type=str(volume["VolumeType"]) if volume.get("VolumeType") else None,
    )


def volumes_of_instances(ctx: LiveContext, instance_ids: Iterable[str]) -> dict[str, Volume]:
    """The volumes attached to the instances, by volume id: one paginated
    ``DescribeVolumes`` per hundred instances, never one call per instance."""
    client = ctx.client()
    ids = sorted(set(instance_ids))
    found: dict[str, Volume] = {}
    for start in range(0, len(ids), _FILTER_VALUES):
        chunk = ids[start : start + _FILTER_VALUES]
        paginator = client.get_paginator("describe_volumes")
        pages = paginator.paginate(Filters=[{"Name": "attachment.instance-id", "Values": chunk}])
        for page in pages:
            for volume in page.get("Volumes", []):
                found[str(volume["VolumeId"])] = volume
    return found
