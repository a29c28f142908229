"""``AWS::ElastiCache::ReplicationGroup`` to ``ReplicationGroup``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.elasticache import ReplicationGroup, default_at_rest_encryption
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def replication_group_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> ReplicationGroup:
    """A ``ReplicationGroup``; without ``AtRestEncryptionEnabled`` the engine decides."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "ReplicationGroupId", to_str)
    set_if_present(fields, "engine", properties, "Engine", to_str)
    if "AtRestEncryptionEnabled" in properties:
        fields["at_rest_encryption_enabled"] = to_bool(
            properties["AtRestEncryptionEnabled"], "AtRestEncryptionEnabled"
        )
    else:
        fields["at_rest_encryption_enabled"] = default_at_rest_encryption(
            fields.get("engine", "redis")
        )
    set_if_present(fields, "kms_key_id", properties, "KmsKeyId", to_str)
    set_if_present(
        fields, "transit_encryption_enabled", properties, "TransitEncryptionEnabled", to_bool
    )
    # A token given by an unresolved reference (a secret) is still a token.
    fields["auth_token_set"] = properties.get("AuthToken") is not None
    set_if_present(fields, "user_group_ids", properties, "UserGroupIds", to_str_tuple)
    set_if_present(
        fields, "automatic_failover_enabled", properties, "AutomaticFailoverEnabled", to_bool
    )
    return ReplicationGroup(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::ElastiCache::ReplicationGroup": replication_group_from_cfn}
