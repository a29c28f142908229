"""RDS DB instances and DB clusters: one paginated ``DescribeDBInstances`` and one
``DescribeDBClusters`` per region, which answer with every setting the model holds.

What the API says, in the model's terms:

- ``PubliclyAccessible`` is always reported: the decision AWS took at creation (from the
  VPC's internet gateway when nobody said), so live knows what a template may leave open;
- ``KmsKeyId`` is the key's ARN, also for the AWS managed key ``aws/rds``; the model holds
  ``None`` for that key, as the templates do when they name none (``managed_keys``: one
  ``ListAliases`` per region, shared; denied, the key is unresolved);
- an Aurora instance reports its cluster's encryption, backup retention and IAM
  authentication as its own: they are kept as AWS reports them, and the checks leave
  those questions to the cluster (``DBInstance.in_cluster``);
- Neptune and DocumentDB share this API (``Engine`` ``neptune`` / ``docdb``) but are
  other resource types (``AWS::Neptune::*``, ``AWS::DocDB::*``) the RDS checks were not
  written for: they are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.rds import DBCluster, DBInstance

PAGE_SIZE = 100  # the largest page both calls allow
OTHER_SERVICES = frozenset({"neptune", "docdb"})


def _pages(ctx: LiveContext, operation: str, key: str) -> Iterator[Mapping[str, Any]]:
    paginator = ctx.client().get_paginator(operation)
    for page in paginator.paginate(PaginationConfig={"PageSize": PAGE_SIZE}):
        for item in page.get(key, []):
            if str(item.get("Engine", "")).lower() not in OTHER_SERVICES:
                yield item


@collector(service="rds", actions=["rds:DescribeDBInstances", LIST_ALIASES])
def db_instances(ctx: LiveContext) -> Iterator[DBInstance]:
    for item in _pages(ctx, "describe_db_instances", "DBInstances"):
        name = str(item["DBInstanceIdentifier"])
        arn = str(item.get("DBInstanceArn") or ctx.target.arn("rds", f"db:{name}"))
        yield DBInstance(
            address=arn,
            location=ctx.location(arn),
            name=name,
            db_cluster_identifier=_text(item.get("DBClusterIdentifier")),
            publicly_accessible=bool(item.get("PubliclyAccessible", False)),
            auto_minor_version_upgrade=bool(item.get("AutoMinorVersionUpgrade", True)),
            multi_az=bool(item.get("MultiAZ", False)),
            **_shared(ctx, item),
        )


@collector(service="rds", actions=["rds:DescribeDBClusters", LIST_ALIASES])
def db_clusters(ctx: LiveContext) -> Iterator[DBCluster]:
    for item in _pages(ctx, "describe_db_clusters", "DBClusters"):
        name = str(item["DBClusterIdentifier"])
        arn = str(item.get("DBClusterArn") or ctx.target.arn("rds", f"cluster:{name}"))
        yield DBCluster(address=arn, location=ctx.location(arn), name=name, **_shared(ctx, item))


def _shared(ctx: LiveContext, item: Mapping[str, Any]) -> dict[str, Any]:
    """The settings instances and clusters report alike."""
    return {
        "engine": _text(item.get("Engine")),
        "storage_encrypted": bool(item.get("StorageEncrypted", False)),
        "kms_key_id": customer_key(ctx, item.get("KmsKeyId")),
        "backup_retention_days": int(item.get("BackupRetentionPeriod", 1)),
        "deletion_protection": bool(item.get("DeletionProtection", False)),
        "iam_database_authentication_enabled": bool(
            item.get("IAMDatabaseAuthenticationEnabled", False)
        ),
        "enabled_cloudwatch_logs_exports": tuple(
            str(log) for log in item.get("EnabledCloudwatchLogsExports", [])
        ),
    }


def _text(value: Any) -> str | None:
    return str(value) if value else None
