"""Amazon RDS and Aurora: DB instances and DB clusters.

An Aurora DB instance belongs to a DB cluster: storage encryption, backups, deletion
protection, IAM database authentication and log exports are the cluster's settings, and
AWS ignores (or refuses) them on the instance. ``DBInstance.db_cluster_identifier`` says
which cluster an instance belongs to, so checks can leave those questions to the cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
IntOrUnresolved: TypeAlias = int | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved
LogExports: TypeAlias = tuple[StrOrUnresolved, ...] | Unresolved


@dataclass(frozen=True, kw_only=True)
class DBInstance(Resource):
    """An RDS DB instance, or an Aurora DB instance inside a cluster.

    Defaults are what the RDS API applies to a new instance:
    - ``storage_encrypted``: off (``kms_key_id`` ``None`` means the AWS managed key
      ``aws/rds`` when encryption is on).
    - ``publicly_accessible``: ``None`` when the source does not say. The API then makes the
      instance public if its VPC (the default VPC without a subnet group) has an internet
      gateway, which a template does not show. Terraform always sends ``false``.
    - ``backup_retention_days``: 1 (the CreateDBInstance default; CloudFormation documents
      the same, and Terraform leaves the argument to AWS when it is absent). 0 turns
      automated backups off.
    - ``deletion_protection``, ``iam_database_authentication_enabled``, ``multi_az``: off.
    - ``auto_minor_version_upgrade``: on.
    - ``enabled_cloudwatch_logs_exports``: none.
    """

    resource_type = "AWS::RDS::DBInstance"

    name: StrOrUnresolved | None = None
    engine: StrOrUnresolved | None = None
    db_cluster_identifier: StrOrUnresolved | None = None
    storage_encrypted: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    publicly_accessible: BoolOrUnresolved | None = None
    backup_retention_days: IntOrUnresolved = 1
    deletion_protection: BoolOrUnresolved = False
    iam_database_authentication_enabled: BoolOrUnresolved = False
    auto_minor_version_upgrade: BoolOrUnresolved = True
    enabled_cloudwatch_logs_exports: LogExports = ()
    multi_az: BoolOrUnresolved = False

    def in_cluster(self) -> bool:
        """True for an Aurora instance, whose storage and backups its cluster manages.

        An unresolved cluster identifier is still an identifier: the instance is in one.
        """
        return self.db_cluster_identifier is not None


@dataclass(frozen=True, kw_only=True)
class DBCluster(Resource):
    """An Aurora DB cluster or a Multi-AZ DB cluster.

    Defaults are what the RDS API applies to a new cluster:
    - ``storage_encrypted``: off (``kms_key_id`` ``None`` means ``aws/rds`` when on).
    - ``backup_retention_days``: 1 (the CreateDBCluster default; clusters cannot turn
      automated backups off).
    - ``deletion_protection``, ``iam_database_authentication_enabled``: off.
    - ``enabled_cloudwatch_logs_exports``: none.
    """

    resource_type = "AWS::RDS::DBCluster"

    name: StrOrUnresolved | None = None
    engine: StrOrUnresolved | None = None
    storage_encrypted: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    backup_retention_days: IntOrUnresolved = 1
    deletion_protection: BoolOrUnresolved = False
    iam_database_authentication_enabled: BoolOrUnresolved = False
    enabled_cloudwatch_logs_exports: LogExports = ()
