"""RDS and Aurora from Terraform: ``aws_db_instance``, ``aws_rds_cluster_instance`` and
``aws_rds_cluster``.

``aws_rds_cluster_instance`` is Terraform's own type for an Aurora cluster member; it
normalizes to a ``DBInstance`` with ``db_cluster_identifier`` set, as CloudFormation's
``AWS::RDS::DBInstance`` with ``DBClusterIdentifier`` does. ``publicly_accessible`` has a
provider default of ``false`` that Terraform always sends, so absent means false here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_int,
    as_str,
    as_str_tuple,
    identity,
    set_if,
)
from secfound.model.aws.rds import DBCluster, DBInstance
from secfound.model.resource import Resource


def _shared(resource: TerraformResource, fields: dict[str, Any]) -> None:
    args = resource.arguments
    where = resource.address
    set_if(fields, "engine", as_str(args.get("engine"), f"{where}.engine"))
    set_if(fields, "publicly_accessible", as_bool(args.get("publicly_accessible"), where))
    fields.setdefault("publicly_accessible", False)
    set_if(
        fields,
        "auto_minor_version_upgrade",
        as_bool(args.get("auto_minor_version_upgrade"), where),
    )


def _storage_and_recovery(resource: TerraformResource, fields: dict[str, Any]) -> None:
    args = resource.arguments
    where = resource.address
    set_if(fields, "storage_encrypted", as_bool(args.get("storage_encrypted"), where))
    set_if(fields, "kms_key_id", as_str(args.get("kms_key_id"), f"{where}.kms_key_id"))
    set_if(fields, "backup_retention_days", as_int(args.get("backup_retention_period"), where))
    set_if(fields, "deletion_protection", as_bool(args.get("deletion_protection"), where))
    set_if(
        fields,
        "iam_database_authentication_enabled",
        as_bool(args.get("iam_database_authentication_enabled"), where),
    )
    set_if(
        fields,
        "enabled_cloudwatch_logs_exports",
        as_str_tuple(args.get("enabled_cloudwatch_logs_exports"), where),
    )


def db_instance_from_terraform(resource: TerraformResource) -> DBInstance:
    fields = identity(resource)
    fields["name"] = as_str(resource.arguments.get("identifier"), resource.address)
    _shared(resource, fields)
    _storage_and_recovery(resource, fields)
    set_if(fields, "multi_az", as_bool(resource.arguments.get("multi_az"), resource.address))
    return DBInstance(**fields)


def cluster_instance_from_terraform(resource: TerraformResource) -> DBInstance:
    """An Aurora member: storage, backups and the rest belong to its cluster."""
    fields = identity(resource)
    args = resource.arguments
    fields["name"] = as_str(args.get("identifier"), resource.address)
    fields["db_cluster_identifier"] = as_str(args.get("cluster_identifier"), resource.address)
    _shared(resource, fields)
    return DBInstance(**fields)


def db_cluster_from_terraform(resource: TerraformResource) -> DBCluster:
    fields = identity(resource)
    args = resource.arguments
    fields["name"] = as_str(args.get("cluster_identifier"), resource.address)
    set_if(fields, "engine", as_str(args.get("engine"), f"{resource.address}.engine"))
    _storage_and_recovery(resource, fields)
    return DBCluster(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_db_instance": db_instance_from_terraform,
        "aws_rds_cluster_instance": cluster_instance_from_terraform,
        "aws_rds_cluster": db_cluster_from_terraform,
    }
