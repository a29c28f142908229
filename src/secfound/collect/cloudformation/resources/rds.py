"""``AWS::RDS::DBInstance`` and ``AWS::RDS::DBCluster`` to ``DBInstance`` and ``DBCluster``.

An absent property keeps the model's default, which is what the RDS API applies; the one
CloudFormation leaves open is ``PubliclyAccessible`` (``None``: AWS decides from the VPC).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_int,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.rds import DBCluster, DBInstance
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def _shared(fields: dict[str, Any], properties: Mapping[str, Any]) -> None:
    """The settings instances and clusters spell alike."""
    set_if_present(fields, "engine", properties, "Engine", to_str)
    set_if_present(fields, "storage_encrypted", properties, "StorageEncrypted", to_bool)
    set_if_present(fields, "kms_key_id", properties, "KmsKeyId", to_str)
    set_if_present(fields, "backup_retention_days", properties, "BackupRetentionPeriod", to_int)
    set_if_present(fields, "deletion_protection", properties, "DeletionProtection", to_bool)
    set_if_present(
        fields,
        "iam_database_authentication_enabled",
        properties,
        "EnableIAMDatabaseAuthentication",
        to_bool,
    )
    set_if_present(
        fields,
        "enabled_cloudwatch_logs_exports",
        properties,
        "EnableCloudwatchLogsExports",
        to_str_tuple,
    )


def db_instance_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> DBInstance:
    """A ``DBInstance``; with ``DBClusterIdentifier`` it is an Aurora cluster member."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "DBInstanceIdentifier", to_str)
    set_if_present(fields, "db_cluster_identifier", properties, "DBClusterIdentifier", to_str)
    _shared(fields, properties)
    set_if_present(fields, "publicly_accessible", properties, "PubliclyAccessible", to_bool)
    set_if_present(
        fields, "auto_minor_version_upgrade", properties, "AutoMinorVersionUpgrade", to_bool
    )
    set_if_present(fields, "multi_az", properties, "MultiAZ", to_bool)
    return DBInstance(**fields)


def db_cluster_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> DBCluster:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "DBClusterIdentifier", to_str)
    _shared(fields, properties)
    return DBCluster(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::RDS::DBInstance": db_instance_from_cfn,
        "AWS::RDS::DBCluster": db_cluster_from_cfn,
    }
