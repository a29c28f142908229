"""EKS clusters: ``ListClusters``, then ``DescribeCluster`` per cluster (EKS has no batch read).

``DescribeCluster`` answers with everything the model holds:

- ``resourcesVpcConfig``: endpoint access, and ``publicAccessCidrs`` (AWS reports
  ``0.0.0.0/0``, its default, when none were given);
- ``encryptionConfig``: the KMS key that envelope-encrypts Kubernetes secrets, absent when
  the account gave none (since March 2025 EKS encrypts with a key AWS owns then, which the
  model does not count);
- ``logging.clusterLogging``: groups of log types, each ``enabled`` or not; the model
  keeps the enabled ones, in EKS's order.

A cluster deleted since the listing (``ResourceNotFoundException``) is skipped; a denied
``DescribeCluster`` keeps the cluster, named, with every setting unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.eks import Cluster
from secfound.model.values import Unresolved

PAGE_SIZE = 100  # ListClusters' largest page
_GONE = ("ResourceNotFoundException",)


@collector(service="eks", actions=["eks:ListClusters", "eks:DescribeCluster"])
def clusters(ctx: LiveContext) -> Iterator[Cluster]:
    client = ctx.client()
    pages = client.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": PAGE_SIZE})
    for page in pages:
        for name in page.get("clusters", []):
            described = ctx.optional(
                partial(_describe, client, str(name)), action="eks:DescribeCluster", absent=_GONE
            )
            if described is None:
                continue
            if isinstance(described, Unresolved):
                yield _unreadable(ctx, str(name), described)
                continue
            yield cluster_from_description(ctx, described)


def _describe(client: Any, name: str) -> Any:
    return client.describe_cluster(name=name)["cluster"]


def cluster_from_description(ctx: LiveContext, cluster: Mapping[str, Any]) -> Cluster:
    """A ``Cluster`` from the ``cluster`` of a ``DescribeCluster`` answer."""
    arn = str(cluster["arn"])
    vpc = cluster.get("resourcesVpcConfig") or {}
    cidrs = vpc.get("publicAccessCidrs")
    return Cluster(
        address=arn,
        location=ctx.location(arn),
        name=str(cluster["name"]),
        version=str(cluster["version"]) if cluster.get("version") else None,
        endpoint_public_access=bool(vpc.get("endpointPublicAccess", True)),
        endpoint_private_access=bool(vpc.get("endpointPrivateAccess", False)),
        public_access_cidrs=tuple(str(c) for c in cidrs) if cidrs else ("0.0.0.0/0",),
        secrets_kms_key_arn=secrets_key(cluster.get("encryptionConfig") or ()),
        enabled_log_types=enabled_log_types(
            (cluster.get("logging") or {}).get("clusterLogging") or ()
        ),
    )


def secrets_key(configs: Iterable[Mapping[str, Any]]) -> str | None:
    """The key of the encryption configuration that covers ``secrets``, if any."""
    for config in configs:
        if "secrets" in (config.get("resources") or ()):
            key = (config.get("provider") or {}).get("keyArn")
            return str(key) if key else None
    return None


def enabled_log_types(groups: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The log types of the groups EKS reports ``enabled``."""
    return tuple(str(t) for group in groups if group.get("enabled") for t in group.get("types", ()))


def _unreadable(ctx: LiveContext, name: str, reason: Unresolved) -> Cluster:
    """A listed cluster ``DescribeCluster`` could not read: reported, nothing known."""
    arn = ctx.target.arn("eks", f"cluster/{name}")
    return Cluster(
        address=arn,
        location=ctx.location(arn),
        name=name,
        version=reason,
        endpoint_public_access=reason,
        endpoint_private_access=reason,
        public_access_cidrs=reason,
        secrets_kms_key_arn=reason,
        enabled_log_types=reason,
    )
