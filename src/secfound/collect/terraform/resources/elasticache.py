"""ElastiCache replication groups from Terraform (``aws_elasticache_replication_group``)."""

from __future__ import annotations

from collections.abc import Callable

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    as_str_tuple,
    identity,
    set_if,
)
from secfound.model.aws.elasticache import ReplicationGroup, default_at_rest_encryption
from secfound.model.resource import Resource


def replication_group_from_terraform(resource: TerraformResource) -> ReplicationGroup:
    """A ``ReplicationGroup``; without ``at_rest_encryption_enabled`` the engine decides."""
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("replication_group_id"), where)
    set_if(fields, "engine", as_str(args.get("engine"), f"{where}.engine"))
    at_rest = as_bool(args.get("at_rest_encryption_enabled"), where)
    fields["at_rest_encryption_enabled"] = (
        default_at_rest_encryption(fields.get("engine", "redis")) if at_rest is None else at_rest
    )
    set_if(fields, "kms_key_id", as_str(args.get("kms_key_id"), f"{where}.kms_key_id"))
    set_if(
        fields, "transit_encryption_enabled", as_bool(args.get("transit_encryption_enabled"), where)
    )
    fields["auth_token_set"] = args.get("auth_token") is not None
    set_if(fields, "user_group_ids", as_str_tuple(args.get("user_group_ids"), where))
    set_if(
        fields, "automatic_failover_enabled", as_bool(args.get("automatic_failover_enabled"), where)
    )
    return ReplicationGroup(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_elasticache_replication_group": replication_group_from_terraform}
