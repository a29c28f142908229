"""DynamoDB tables: ``ListTables``, then ``DescribeTable`` and ``DescribeContinuousBackups``
per table (DynamoDB has no batch describe).

What the API says, in the model's terms:

- ``SSEDescription`` is absent for a table encrypted with the key AWS owns (the default
  since tables were first encrypted at rest, 2018); ``SSEType`` ``KMS`` with status
  ``ENABLED`` (or ``UPDATING``) is SSE with KMS;
- ``KMSMasterKeyArn`` names the key by ARN, also when it is the AWS managed key
  ``aws/dynamodb``; the model holds ``None`` for that key (what the IaC sources hold when
  no key is named), so the customer managed key check is not satisfied by AWS's own key.
  The managed key's id comes from one ``ListAliases`` per region (``managed_keys``, shared
  with every collector of the run), asked only when a table names a key; when it is
  denied, every named key is unresolved;
- point-in-time recovery is on when ``PointInTimeRecoveryStatus`` is ``ENABLED``.

A table deleted between the listing and its description is skipped; a denied read keeps
the table with unresolved fields, and a gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.dynamodb import Table
from secfound.model.values import Unresolved

_GONE = ("ResourceNotFoundException", "TableNotFoundException")
_KMS_ACTIVE = frozenset({"ENABLED", "UPDATING"})


@collector(
    service="dynamodb",
    actions=[
        "dynamodb:ListTables",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeContinuousBackups",
        LIST_ALIASES,
    ],
)
def tables(ctx: LiveContext) -> Iterator[Table]:
    client = ctx.client()
    for page in client.get_paginator("list_tables").paginate():
        for name in page.get("TableNames", []):
            described = ctx.optional(
                partial(_describe, client, str(name)),
                action="dynamodb:DescribeTable",
                absent=_GONE,
            )
            if described is None:
                continue
            if isinstance(described, Unresolved):
                yield _unreadable_table(ctx, str(name), described)
                continue
            yield _table(ctx, client, described)


def _describe(client: Any, name: str) -> Any:
    return client.describe_table(TableName=name)["Table"]


def _table(ctx: LiveContext, client: Any, table: Mapping[str, Any]) -> Table:
    name = str(table["TableName"])
    arn = str(table.get("TableArn") or ctx.target.arn("dynamodb", f"table/{name}"))
    sse = table.get("SSEDescription") or {}
    kms = sse.get("SSEType") == "KMS" and str(sse.get("Status", "ENABLED")) in _KMS_ACTIVE
    return Table(
        address=arn,
        location=ctx.location(arn),
        name=name,
        sse_kms_enabled=kms,
        kms_key_id=customer_key(ctx, sse.get("KMSMasterKeyArn")) if kms else None,
        point_in_time_recovery_enabled=ctx.optional(
            partial(_point_in_time_recovery, client, name),
            action="dynamodb:DescribeContinuousBackups",
        ),
        deletion_protection=bool(table.get("DeletionProtectionEnabled", False)),
    )


def _point_in_time_recovery(client: Any, name: str) -> bool:
    answer = client.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    status = answer.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    return bool(status == "ENABLED")


def _unreadable_table(ctx: LiveContext, name: str, reason: Unresolved) -> Table:
    """A listed table ``DescribeTable`` could not read: reported, nothing else known."""
    arn = ctx.target.arn("dynamodb", f"table/{name}")
    return Table(
        address=arn,
        location=ctx.location(arn),
        name=name,
        sse_kms_enabled=reason,
        kms_key_id=reason,
        point_in_time_recovery_enabled=reason,
        deletion_protection=reason,
    )
