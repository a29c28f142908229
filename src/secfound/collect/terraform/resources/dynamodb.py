"""DynamoDB tables from Terraform (``aws_dynamodb_table``)."""

from __future__ import annotations

from collections.abc import Callable

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.dynamodb import Table
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def table_from_terraform(resource: TerraformResource) -> Table:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    sse = first_block(args.get("server_side_encryption"))
    if isinstance(sse, Unresolved):
        fields["sse_kms_enabled"] = sse
    elif sse is not None:
        set_if(fields, "sse_kms_enabled", as_bool(sse.get("enabled"), where))
        set_if(fields, "kms_key_id", as_str(sse.get("kms_key_arn"), where))
    pitr = first_block(args.get("point_in_time_recovery"))
    if isinstance(pitr, Unresolved):
        fields["point_in_time_recovery_enabled"] = pitr
    elif pitr is not None:
        set_if(fields, "point_in_time_recovery_enabled", as_bool(pitr.get("enabled"), where))
    set_if(fields, "deletion_protection", as_bool(args.get("deletion_protection_enabled"), where))
    return Table(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_dynamodb_table": table_from_terraform}
