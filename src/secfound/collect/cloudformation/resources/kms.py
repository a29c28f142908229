"""``AWS::KMS::Key`` to ``Key``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_int,
    to_policy,
    to_str,
)
from secfound.model.aws.kms import Key
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def key_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Key:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "description", properties, "Description", to_str)
    set_if_present(fields, "key_spec", properties, "KeySpec", to_str)
    set_if_present(fields, "key_usage", properties, "KeyUsage", to_str)
    set_if_present(fields, "enabled", properties, "Enabled", to_bool)
    set_if_present(fields, "rotation_enabled", properties, "EnableKeyRotation", to_bool)
    set_if_present(fields, "deletion_window_days", properties, "PendingWindowInDays", to_int)
    set_if_present(fields, "multi_region", properties, "MultiRegion", to_bool)
    if "KeyPolicy" in properties:
        fields["policy"] = to_policy(properties["KeyPolicy"])
    return Key(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::KMS::Key": key_from_cfn,
    }
