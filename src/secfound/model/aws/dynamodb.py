"""Amazon DynamoDB tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved

# The AWS managed key DynamoDB uses when KMS encryption is on without a named key.
AWS_MANAGED_KEY_ALIAS = "alias/aws/dynamodb"


@dataclass(frozen=True, kw_only=True)
class Table(Resource):
    """A DynamoDB table.

    Every table is encrypted at rest. Defaults are what AWS applies to a new table:
    - ``sse_kms_enabled``: off, meaning a key AWS owns (not visible in the account). On
      without ``kms_key_id`` means the AWS managed key ``aws/dynamodb``.
    - ``point_in_time_recovery_enabled``: off.
    - ``deletion_protection``: off.
    """

    resource_type = "AWS::DynamoDB::Table"

    name: StrOrUnresolved | None = None
    sse_kms_enabled: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    point_in_time_recovery_enabled: BoolOrUnresolved = False
    deletion_protection: BoolOrUnresolved = False
