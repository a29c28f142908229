"""ElastiCache (Valkey and Redis OSS) replication groups: one paginated
``DescribeReplicationGroups`` per region, which reports every setting the model holds.

What the API says, in the model's terms:

- ``AtRestEncryptionEnabled`` and ``TransitEncryptionEnabled`` are reported for every
  group: the engine's default (Valkey encrypted at rest, Redis OSS not) is already applied;
- ``KmsKeyId`` names a key only when the group was given one; should it name the AWS
  managed key ``aws/elasticache``, the model holds ``None`` as the templates do
  (``managed_keys``: one ``ListAliases`` per region, shared, asked only then);
- ``AuthTokenEnabled`` says whether an AUTH token is set (the token itself is never shown);
- ``AutomaticFailover`` is ``enabled``, ``enabling``, ``disabled`` or ``disabling``;
- ``Engine`` is part of the answer since Valkey came (October 2024). An older answer
  leaves it out; the engine is then read from the group's member clusters with one
  paginated ``DescribeCacheClusters``, asked only when needed.

Memcached clusters and Redis OSS clusters outside a replication group are not modelled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.elasticache import ReplicationGroup
from secfound.model.values import Unresolved

PAGE_SIZE = 100  # the largest page both calls allow
_FAILOVER_ON = frozenset({"enabled", "enabling"})


@collector(
    service="elasticache",
    actions=[
        "elasticache:DescribeReplicationGroups",
        "elasticache:DescribeCacheClusters",
        LIST_ALIASES,
    ],
)
def replication_groups(ctx: LiveContext) -> Iterator[ReplicationGroup]:
    engines = _MemberEngines(ctx)
    pages = (
        ctx.client()
        .get_paginator("describe_replication_groups")
        .paginate(PaginationConfig={"PageSize": PAGE_SIZE})
    )
    for page in pages:
        for group in page.get("ReplicationGroups", []):
            name = str(group["ReplicationGroupId"])
            arn = str(group.get("ARN") or ctx.target.arn("elasticache", f"replicationgroup:{name}"))
            yield ReplicationGroup(
                address=arn,
                location=ctx.location(arn),
                name=name,
                engine=str(group["Engine"]) if group.get("Engine") else engines.of(group),
                at_rest_encryption_enabled=bool(group.get("AtRestEncryptionEnabled", False)),
                kms_key_id=customer_key(ctx, group.get("KmsKeyId")),
                transit_encryption_enabled=bool(group.get("TransitEncryptionEnabled", False)),
                auth_token_set=bool(group.get("AuthTokenEnabled", False)),
                user_group_ids=tuple(str(g) for g in group.get("UserGroupIds", [])),
                automatic_failover_enabled=str(group.get("AutomaticFailover", "disabled"))
                in _FAILOVER_ON,
            )


class _MemberEngines:
    """The engine of each cache cluster of the region, read once and only when a group's
    answer does not name its engine."""

    def __init__(self, ctx: LiveContext) -> None:
        self._ctx = ctx
        self._engines: dict[str, str] | Unresolved | None = None

    def of(self, group: Mapping[str, Any]) -> str | Unresolved:
        if self._engines is None:
            self._engines = self._ctx.optional(
                self._read, action="elasticache:DescribeCacheClusters"
            )
        if isinstance(self._engines, Unresolved):
            return self._engines
        for member in group.get("MemberClusters", []):
            if str(member) in self._engines:
                return self._engines[str(member)]
        return Unresolved(f"engine of replication group {group['ReplicationGroupId']}")

    def _read(self) -> dict[str, str]:
        paginator = self._ctx.client().get_paginator("describe_cache_clusters")
        return {
            str(cluster["CacheClusterId"]): str(cluster["Engine"])
            for page in paginator.paginate(PaginationConfig={"PageSize": PAGE_SIZE})
            for cluster in page.get("CacheClusters", [])
            if cluster.get("Engine")
        }
