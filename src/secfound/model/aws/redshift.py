"""Amazon Redshift provisioned clusters, with their audit logging merged in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class Cluster(Resource):
    """A Redshift provisioned cluster.

    Audit logging comes from ``LoggingProperties`` in CloudFormation and from an
    ``aws_redshift_logging`` resource (or the AWS provider v5 ``logging`` block) in
    Terraform. Defaults are what AWS applies to a new cluster today:
    - ``encrypted``: on. AWS changed the default for new provisioned clusters in early
      2025 (before then a cluster was unencrypted unless asked); the Terraform AWS provider
      follows since v6.0 (v5 sent ``encrypted = false`` when the argument was absent).
      ``kms_key_id`` ``None`` means a key AWS manages.
    - ``publicly_accessible``: off, changed at the same time (provider v5 sent ``true``).
    - ``logging_enabled``: off; ``logging_destination`` ``s3`` or ``cloudwatch`` when on.
    """

    resource_type = "AWS::Redshift::Cluster"

    name: StrOrUnresolved | None = None
    encrypted: BoolOrUnresolved = True
    kms_key_id: StrOrUnresolved | None = None
    publicly_accessible: BoolOrUnresolved = False
    logging_enabled: BoolOrUnresolved = False
    logging_destination: StrOrUnresolved | None = None
