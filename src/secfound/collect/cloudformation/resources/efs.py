"""``AWS::EFS::FileSystem`` to ``FileSystem``, its ``FileSystemPolicy`` included."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_policy,
    to_str,
)
from secfound.model.aws.efs import FileSystem
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def file_system_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> FileSystem:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "encrypted", properties, "Encrypted", to_bool)
    set_if_present(fields, "kms_key_id", properties, "KmsKeyId", to_str)
    if "FileSystemPolicy" in properties:
        fields["policy"] = to_policy(properties["FileSystemPolicy"])
    return FileSystem(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::EFS::FileSystem": file_system_from_cfn}
