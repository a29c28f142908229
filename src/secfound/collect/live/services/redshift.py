"""Redshift provisioned clusters: one paginated ``DescribeClusters`` per region, then
``DescribeLoggingStatus`` per cluster (audit logging is not part of the cluster's answer,
and there is no batch read of it).

What the API says, in the model's terms:

- ``Encrypted`` and ``PubliclyAccessible`` are always reported: AWS's decision, so live
  knows what a template may leave to AWS (both defaults changed for new clusters in early
  2025: encrypted, not public);
- ``KmsKeyId`` is the key's ARN; the AWS managed key ``aws/redshift`` is held as ``None``,
  as the templates do when they name no key (``managed_keys``: one ``ListAliases`` per
  region, shared; denied, the key is unresolved);
- audit logging is on when ``LoggingEnabled`` is true, to ``LogDestinationType``
  (``s3`` or ``cloudwatch``); answers from before CloudWatch delivery (2022) give no type,
  and the destination was then always S3.

Serverless workgroups are another resource type, not modelled. A denied logging read keeps
the cluster with its logging fields unresolved, and a gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.redshift import Cluster
from secfound.model.values import Unresolved

PAGE_SIZE = 100  # DescribeClusters' largest page
_GONE = ("ClusterNotFound", "ClusterNotFoundFault")
_DELETED = object()


@collector(
    service="redshift",
    actions=["redshift:DescribeClusters", "redshift:DescribeLoggingStatus", LIST_ALIASES],
)
def clusters(ctx: LiveContext) -> Iterator[Cluster]:
    client = ctx.client()
    pages = client.get_paginator("describe_clusters").paginate(
        PaginationConfig={"PageSize": PAGE_SIZE}
    )
    for page in pages:
        for item in page.get("Clusters", []):
            name = str(item["ClusterIdentifier"])
            logging = ctx.optional(
                partial(_logging, client, name),
                action="redshift:DescribeLoggingStatus",
                absent=_GONE,
                default=_DELETED,
            )
            if logging is _DELETED:
                continue
            yield _cluster(ctx, item, logging)


def _cluster(ctx: LiveContext, item: Mapping[str, Any], logging: Any) -> Cluster:
    name = str(item["ClusterIdentifier"])
    arn = ctx.target.arn("redshift", f"cluster:{name}")
    if isinstance(logging, Unresolved):
        enabled: bool | Unresolved = logging
        destination: str | Unresolved | None = logging
    else:
        enabled, destination = logging
    return Cluster(
        address=arn,
        location=ctx.location(arn),
        name=name,
        encrypted=bool(item.get("Encrypted", False)),
        kms_key_id=customer_key(ctx, item.get("KmsKeyId")),
        publicly_accessible=bool(item.get("PubliclyAccessible", False)),
        logging_enabled=enabled,
        logging_destination=destination,
    )


def _logging(client: Any, name: str) -> tuple[bool, str | None]:
    """(audit logging on, its destination when on)."""
    answer = client.describe_logging_status(ClusterIdentifier=name)
    if not answer.get("LoggingEnabled"):
        return False, None
    return True, str(answer.get("LogDestinationType") or "s3")
