"""CloudFront distributions: one paginated ``ListDistributions`` for the account (CloudFront
is global, its API answers in us-east-1), then ``GetDistributionConfig`` per distribution
for the one setting the listing leaves out, standard logging.

The listing's summaries hold behaviors, origins, the viewer certificate and the web ACL.
In the model's terms:

- an empty text (``OriginAccessControlId``, ``OriginAccessIdentity``, ``WebACLId``) is none,
  as AWS writes "not set";
- an origin with ``CustomOriginConfig`` is ``custom``, else ``s3``;
- with the default ``*.cloudfront.net`` certificate CloudFront accepts TLSv1 whatever
  ``MinimumProtocolVersion`` says, so the model holds ``TLSv1`` then, as the IaC sources do;
- logging: ``Logging.Enabled`` false is no logging bucket.

A distribution deleted since the listing (``NoSuchDistribution``) is skipped; a denied
configuration read leaves ``logging_bucket`` unresolved, with a gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.cloudfront import CacheBehavior, Distribution, Origin

PAGE_SIZE = "100"  # ListDistributions' MaxItems is text
_DEFAULT_TLS = "TLSv1"
_GONE = "NoSuchDistribution"
_DELETED = object()


@collector(
    service="cloudfront",
    scope="global",
    actions=["cloudfront:ListDistributions", "cloudfront:GetDistributionConfig"],
)
def distributions(ctx: LiveContext) -> Iterator[Distribution]:
    client = ctx.client()
    pages = client.get_paginator("list_distributions").paginate(
        PaginationConfig={"PageSize": PAGE_SIZE}
    )
    for page in pages:
        for summary in (page.get("DistributionList") or {}).get("Items", []):
            logging_bucket = ctx.optional(
                partial(_logging_bucket, client, str(summary["Id"])),
                action="cloudfront:GetDistributionConfig",
            )
            if logging_bucket is _DELETED:
                continue
            yield distribution_from_summary(ctx, summary, logging_bucket)


def _logging_bucket(client: Any, distribution_id: str) -> Any:
    """The logging bucket, None when logging is off; ``_DELETED`` when the distribution is gone."""
    from secfound.collect.live.faults import error_code

    try:
        config = client.get_distribution_config(Id=distribution_id)["DistributionConfig"]
    except Exception as exc:
        if error_code(exc) == _GONE:
            return _DELETED
        raise
    logging = config.get("Logging") or {}
    return _text(logging.get("Bucket")) if logging.get("Enabled") else None


def distribution_from_summary(
    ctx: LiveContext, summary: Mapping[str, Any], logging_bucket: Any
) -> Distribution:
    """A ``Distribution`` from one ``DistributionSummary`` and its logging bucket."""
    arn = str(summary["ARN"])
    certificate = summary.get("ViewerCertificate") or {}
    uses_default = bool(certificate.get("CloudFrontDefaultCertificate", not _has_own(certificate)))
    version = certificate.get("MinimumProtocolVersion") or _DEFAULT_TLS
    return Distribution(
        address=arn,
        location=ctx.location(arn),
        enabled=bool(summary.get("Enabled", True)),
        cache_behaviors=(
            _behavior(summary.get("DefaultCacheBehavior") or {}, "*"),
            *(
                _behavior(item, str(item.get("PathPattern") or "*"))
                for item in _items(summary.get("CacheBehaviors"))
            ),
        ),
        origins=tuple(_origin(item) for item in _items(summary.get("Origins"))),
        uses_default_certificate=uses_default,
        minimum_protocol_version=_DEFAULT_TLS if uses_default else str(version),
        logging_bucket=logging_bucket,
        web_acl_id=_text(summary.get("WebACLId")),
    )


def _has_own(certificate: Mapping[str, Any]) -> bool:
    return bool(certificate.get("ACMCertificateArn") or certificate.get("IAMCertificateId"))


def _items(listing: Any) -> list[Mapping[str, Any]]:
    """CloudFront's ``{"Quantity": n, "Items": [...]}``; Items is absent when n is 0."""
    return list((listing or {}).get("Items") or [])


def _behavior(item: Mapping[str, Any], pattern: str) -> CacheBehavior:
    return CacheBehavior(
        path_pattern=pattern,
        viewer_protocol_policy=str(item.get("ViewerProtocolPolicy") or "allow-all"),
    )


def _origin(item: Mapping[str, Any]) -> Origin:
    custom = item.get("CustomOriginConfig")
    common: dict[str, Any] = {
        "origin_id": _text(item.get("Id")),
        "domain_name": _text(item.get("DomainName")),
        "origin_access_control_id": _text(item.get("OriginAccessControlId")),
    }
    if custom is not None:
        return Origin(
            **common,
            kind="custom",
            origin_protocol_policy=_text(custom.get("OriginProtocolPolicy")),
            ssl_protocols=tuple(
                str(p) for p in (custom.get("OriginSslProtocols") or {}).get("Items") or ()
            ),
        )
    s3 = item.get("S3OriginConfig") or {}
    return Origin(**common, origin_access_identity=_text(s3.get("OriginAccessIdentity")))


def _text(value: Any) -> str | None:
    """Text, or None for absent or empty (AWS's way to say "not set")."""
    return str(value) if value else None
