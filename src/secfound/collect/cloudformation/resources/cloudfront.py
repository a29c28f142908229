"""``AWS::CloudFront::Distribution`` (its ``DistributionConfig``) to ``Distribution``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    to_bool,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.cloudfront import CacheBehavior, Distribution, Origin
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def _items(value: Any) -> list[Any] | Unresolved:
    if isinstance(value, Unresolved):
        return value
    if value is MISSING:
        return []
    return value if isinstance(value, list) else [value]


def _optional(value: Any, what: str) -> str | Unresolved | None:
    """Text, or None when absent or empty (CloudFormation's way to say "none")."""
    if value is MISSING or (isinstance(value, str) and not value):
        return None
    return to_str(value, what)


def _behavior(item: Any, pattern: Any) -> CacheBehavior:
    fields: dict[str, Any] = {}
    if pattern is not MISSING:
        fields["path_pattern"] = to_str(pattern, "PathPattern")
    policy = dig(item, "ViewerProtocolPolicy")
    if policy is not MISSING:
        fields["viewer_protocol_policy"] = to_str(policy, "ViewerProtocolPolicy")
    return CacheBehavior(**fields)


def _behaviors(config: Any) -> tuple[CacheBehavior, ...] | Unresolved:
    default = dig(config, "DefaultCacheBehavior")
    if isinstance(default, Unresolved):
        return default
    found = [] if default is MISSING else [_behavior(default, MISSING)]
    ordered = _items(dig(config, "CacheBehaviors"))
    if isinstance(ordered, Unresolved):
        return ordered
    found.extend(_behavior(item, dig(item, "PathPattern")) for item in ordered)
    return tuple(found)


def _origin(item: Any) -> Origin:
    fields: dict[str, Any] = {
        "origin_id": _optional(dig(item, "Id"), "Id"),
        "domain_name": _optional(dig(item, "DomainName"), "DomainName"),
        "origin_access_control_id": _optional(
            dig(item, "OriginAccessControlId"), "OriginAccessControlId"
        ),
    }
    custom = dig(item, "CustomOriginConfig")
    if custom is not MISSING:
        fields["kind"] = "custom"
        policy = dig(custom, "OriginProtocolPolicy")
        fields["origin_protocol_policy"] = _optional(policy, "OriginProtocolPolicy")
        protocols = dig(custom, "OriginSSLProtocols")
        if protocols is not MISSING:
            fields["ssl_protocols"] = to_str_tuple(protocols, "OriginSSLProtocols")
    else:
        identity_path = dig(item, "S3OriginConfig", "OriginAccessIdentity")
        fields["origin_access_identity"] = _optional(identity_path, "OriginAccessIdentity")
    return Origin(**fields)


def _viewer_certificate(fields: dict[str, Any], certificate: Any) -> None:
    if certificate is MISSING:
        return
    if isinstance(certificate, Unresolved):
        fields["uses_default_certificate"] = certificate
        fields["minimum_protocol_version"] = certificate
        return
    default = dig(certificate, "CloudFrontDefaultCertificate")
    uses_default = False if default is MISSING else to_bool(default, "CloudFrontDefaultCertificate")
    fields["uses_default_certificate"] = uses_default
    version = dig(certificate, "MinimumProtocolVersion")
    if uses_default is True:
        return  # the *.cloudfront.net certificate accepts TLSv1 whatever is configured
    if isinstance(uses_default, Unresolved):
        fields["minimum_protocol_version"] = uses_default
    elif version is not MISSING:
        fields["minimum_protocol_version"] = to_str(version, "MinimumProtocolVersion")


def distribution_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Distribution:
    """A ``Distribution`` from the resolved properties of its CloudFormation resource."""
    fields = identity(address, properties, location, conditional)
    config = dig(properties, "DistributionConfig")
    if config is MISSING:
        config = {}
    enabled = dig(config, "Enabled")
    if enabled is not MISSING:
        fields["enabled"] = to_bool(enabled, "Enabled")
    fields["cache_behaviors"] = _behaviors(config)
    origins = _items(dig(config, "Origins"))
    fields["origins"] = origins if isinstance(origins, Unresolved) else tuple(map(_origin, origins))
    _viewer_certificate(fields, dig(config, "ViewerCertificate"))
    logging = dig(config, "Logging")
    if logging is not MISSING:
        fields["logging_bucket"] = (
            logging
            if isinstance(logging, Unresolved)
            else _optional(dig(logging, "Bucket"), "Bucket")
        )
    fields["web_acl_id"] = _optional(dig(config, "WebACLId"), "WebACLId")
    return Distribution(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::CloudFront::Distribution": distribution_from_cfn}
