"""``AWS::ECR::Repository`` to ``Repository`` (its policy is the inline RepositoryPolicyText)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_policy,
    to_str,
)
from secfound.model.aws.ecr import Repository
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def repository_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Repository:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "RepositoryName", to_str)
    set_if_present(fields, "image_tag_mutability", properties, "ImageTagMutability", to_str)
    scan = dig(properties, "ImageScanningConfiguration", "ScanOnPush")
    if scan is not MISSING:
        fields["scan_on_push"] = to_bool(scan, "ScanOnPush")
    encryption_type = dig(properties, "EncryptionConfiguration", "EncryptionType")
    if encryption_type is not MISSING:
        fields["encryption_type"] = to_str(encryption_type, "EncryptionType")
    key = dig(properties, "EncryptionConfiguration", "KmsKey")
    if key is not MISSING:
        fields["kms_key_id"] = to_str(key, "KmsKey")
    if "RepositoryPolicyText" in properties:
        fields["policy"] = to_policy(properties["RepositoryPolicyText"])
    return Repository(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::ECR::Repository": repository_from_cfn}
