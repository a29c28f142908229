"""``AWS::DynamoDB::Table`` to ``Table``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_str,
)
from secfound.model.aws.dynamodb import Table
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def table_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Table:
    """A ``Table``; ``SSEEnabled: true`` means KMS (the only ``SSEType``)."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "TableName", to_str)
    enabled = dig(properties, "SSESpecification", "SSEEnabled")
    if enabled is not MISSING:
        fields["sse_kms_enabled"] = to_bool(enabled, "SSEEnabled")
    key = dig(properties, "SSESpecification", "KMSMasterKeyId")
    if key is not MISSING:
        fields["kms_key_id"] = to_str(key, "KMSMasterKeyId")
    pitr = dig(properties, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
    if pitr is not MISSING:
        fields["point_in_time_recovery_enabled"] = to_bool(pitr, "PointInTimeRecoveryEnabled")
    set_if_present(fields, "deletion_protection", properties, "DeletionProtectionEnabled", to_bool)
    return Table(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::DynamoDB::Table": table_from_cfn}
