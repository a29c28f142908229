"""OpenSearch Service (and legacy Elasticsearch) domains: ``ListDomainNames``, then
``DescribeDomains`` for up to five domains per call (the API's limit).

The OpenSearch API answers for both engines, so legacy Elasticsearch domains come back
too; their version reads ``Elasticsearch_7.10`` there. What the API says, in the model's
terms:

- ``TLSSecurityPolicy`` is reported for every domain: the policy AWS chose when none was
  named (``Policy-Min-TLS-1-0-2019-07`` for domains created before 2023), so live knows
  what a template may leave open;
- ``VPCOptions`` is present only for a domain in a VPC (its endpoint is private);
- ``AccessPolicies`` is an empty text for a domain without an access policy;
- ``KmsKeyId`` names the key at rest, also the AWS managed key ``aws/es``, which the model
  holds as ``None``, as the templates do when they name no key (``managed_keys``: one
  ``ListAliases`` per region, shared; denied, the key is unresolved).

A batch ``DescribeDomains`` that is denied keeps its domains, named, with every other field
unresolved, and one gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.opensearch import Domain
from secfound.model.policy import parse_policy
from secfound.model.values import Unresolved

BATCH = 5  # DescribeDomains takes at most five names


@collector(service="opensearch", actions=["es:ListDomainNames", "es:DescribeDomains", LIST_ALIASES])
def domains(ctx: LiveContext) -> Iterator[Domain]:
    client = ctx.client()
    names = [str(d["DomainName"]) for d in client.list_domain_names().get("DomainNames", [])]
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        described = ctx.optional(partial(_describe, client, batch), action="es:DescribeDomains")
        if isinstance(described, Unresolved):
            for name in batch:
                yield _unreadable_domain(ctx, name, described)
            continue
        for status in described:
            if not status.get("Deleted", False):
                yield domain(ctx, status)


def _describe(client: Any, names: Sequence[str]) -> Any:
    return client.describe_domains(DomainNames=list(names)).get("DomainStatusList", [])


def domain(ctx: LiveContext, status: Mapping[str, Any]) -> Domain:
    """A ``Domain`` from one entry of ``DescribeDomains``."""
    name = str(status["DomainName"])
    arn = str(status.get("ARN") or ctx.target.arn("es", f"domain/{name}"))
    at_rest = status.get("EncryptionAtRestOptions") or {}
    endpoint = status.get("DomainEndpointOptions") or {}
    vpc = status.get("VPCOptions")
    policy = status.get("AccessPolicies")
    version = status.get("EngineVersion") or status.get("ElasticsearchVersion")
    return Domain(
        address=arn,
        location=ctx.location(arn),
        name=name,
        engine_version=str(version) if version else None,
        encryption_at_rest_enabled=bool(at_rest.get("Enabled", False)),
        kms_key_id=customer_key(ctx, at_rest.get("KmsKeyId")),
        node_to_node_encryption_enabled=bool(
            (status.get("NodeToNodeEncryptionOptions") or {}).get("Enabled", False)
        ),
        enforce_https=bool(endpoint.get("EnforceHTTPS", False)),
        tls_security_policy=(
            str(endpoint["TLSSecurityPolicy"]) if endpoint.get("TLSSecurityPolicy") else None
        ),
        vpc_subnet_ids=None if vpc is None else tuple(str(s) for s in vpc.get("SubnetIds", [])),
        access_policy=parse_policy(policy) if policy else None,
    )


def _unreadable_domain(ctx: LiveContext, name: str, reason: Unresolved) -> Domain:
    arn = ctx.target.arn("es", f"domain/{name}")
    return Domain(
        address=arn,
        location=ctx.location(arn),
        name=name,
        engine_version=reason,
        encryption_at_rest_enabled=reason,
        kms_key_id=reason,
        node_to_node_encryption_enabled=reason,
        enforce_https=reason,
        tls_security_policy=reason,
        vpc_subnet_ids=reason,
        access_policy=reason,
    )
