"""EBS volumes as the model holds them, shared by the volume and instance collectors.

``DescribeVolumes`` names a volume's key by ARN, also when it is the AWS managed key
``aws/ebs``; the model holds ``None`` for that key (as the IaC sources do when no key is
named), so a check asking for a customer managed key is not satisfied by AWS's own. The
managed key's id comes from ``ListAliases``, asked once per region and only when some
volume names a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext
from secfound.model.aws.ec2 import BlockDevice
from secfound.model.values import Unresolved

MANAGED_ALIAS = "alias/aws/ebs"
LIST_ALIASES = "kms:ListAliases"
# Values one EC2 filter takes at most (AWS allows up to 200; half leaves room).
_FILTER_VALUES = 100

Volume = Mapping[str, Any]
KeyOrUnresolved = str | Unresolved | None


class KeyNamer:
    """Maps a volume's ``KmsKeyId`` to the model's: ``None`` for ``aws/ebs``.

    The managed key is looked up on first need; when ``ListAliases`` fails, every key is
    unresolved (customer managed or not is then unknown) and the failure is one gap.
    """

    def __init__(self, ctx: LiveContext) -> None:
        self._ctx = ctx
        self._managed: str | Unresolved | None = None
        self._looked_up = False

    def __call__(self, key: str | None) -> KeyOrUnresolved:
        if not key:
            return None
        managed = self._managed_key_id()
        if isinstance(managed, Unresolved):
            return Unresolved(f"{key} (whether it is aws/ebs is unknown: {managed.expression})")
        if managed is not None and _key_id(key) == managed:
            return None
        return key

    def _managed_key_id(self) -> str | Unresolved | None:
        if not self._looked_up:
            self._looked_up = True
            self._managed = self._ctx.optional(self._find_managed, action=LIST_ALIASES)
        return self._managed

    def _find_managed(self) -> str | None:
        client = self._ctx.client("kms")
        for page in client.get_paginator("list_aliases").paginate():
            for alias in page.get("Aliases", []):
                if alias.get("AliasName") == MANAGED_ALIAS and alias.get("TargetKeyId"):
                    return str(alias["TargetKeyId"])
        return None


def _key_id(key: str) -> str:
    """``arn:aws:kms:…:key/<id>`` or ``<id>`` -> ``<id>``."""
    return key.rsplit("key/", 1)[-1] if "key/" in key else key


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
