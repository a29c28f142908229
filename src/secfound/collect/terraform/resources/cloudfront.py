"""CloudFront distributions from Terraform: ``aws_cloudfront_distribution``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    as_str_tuple,
    blocks,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.cloudfront import CacheBehavior, Distribution, Origin
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def _optional(value: Any, where: str) -> str | Unresolved | None:
    """Text, or None when absent or empty (the provider's way to say "none")."""
    return None if isinstance(value, str) and not value else as_str(value, where)


def _behavior(block: Mapping[str, Any], where: str, *, ordered: bool) -> CacheBehavior:
    fields: dict[str, Any] = {}
    if ordered:
        set_if(fields, "path_pattern", as_str(block.get("path_pattern"), f"{where}.path_pattern"))
    policy = as_str(block.get("viewer_protocol_policy"), f"{where}.viewer_protocol_policy")
    set_if(fields, "viewer_protocol_policy", policy)
    return CacheBehavior(**fields)


def _behaviors(args: Mapping[str, Any], where: str) -> tuple[CacheBehavior, ...] | Unresolved:
    default = blocks(args.get("default_cache_behavior"))
    ordered = blocks(args.get("ordered_cache_behavior"))
    if isinstance(default, Unresolved):
        return default
    if isinstance(ordered, Unresolved):
        return ordered
    found = [_behavior(b, f"{where}.default_cache_behavior", ordered=False) for b in default[:1]]
    found.extend(
        _behavior(b, f"{where}.ordered_cache_behavior[{i}]", ordered=True)
        for i, b in enumerate(ordered)
    )
    return tuple(found)


def _origin(block: Mapping[str, Any], where: str) -> Origin:
    fields: dict[str, Any] = {
        "origin_id": _optional(block.get("origin_id"), f"{where}.origin_id"),
        "domain_name": _optional(block.get("domain_name"), f"{where}.domain_name"),
        "origin_access_control_id": _optional(
            block.get("origin_access_control_id"), f"{where}.origin_access_control_id"
        ),
    }
    custom = first_block(block.get("custom_origin_config"))
    if custom is not None:
        fields["kind"] = "custom"
        if isinstance(custom, Unresolved):
            fields["origin_protocol_policy"] = custom
            fields["ssl_protocols"] = custom
        else:
            fields["origin_protocol_policy"] = _optional(
                custom.get("origin_protocol_policy"), f"{where}.origin_protocol_policy"
            )
            protocols = as_str_tuple(
                custom.get("origin_ssl_protocols"), f"{where}.origin_ssl_protocols"
            )
            set_if(fields, "ssl_protocols", protocols)
    else:
        s3 = first_block(block.get("s3_origin_config"))
        if isinstance(s3, Unresolved):
            fields["origin_access_identity"] = s3
        elif s3 is not None:
            fields["origin_access_identity"] = _optional(
                s3.get("origin_access_identity"), f"{where}.origin_access_identity"
            )
    return Origin(**fields)


def _viewer_certificate(fields: dict[str, Any], value: Any, where: str) -> None:
    certificate = first_block(value)
    if certificate is None:
        return
    if isinstance(certificate, Unresolved):
        fields["uses_default_certificate"] = certificate
        fields["minimum_protocol_version"] = certificate
        return
    default = as_bool(certificate.get("cloudfront_default_certificate"), where)
    uses_default = False if default is None else default
    fields["uses_default_certificate"] = uses_default
    if uses_default is True:
        return  # the *.cloudfront.net certificate accepts TLSv1 whatever is configured
    if isinstance(uses_default, Unresolved):
        fields["minimum_protocol_version"] = uses_default
        return
    version = as_str(
        certificate.get("minimum_protocol_version"), f"{where}.minimum_protocol_version"
    )
    set_if(fields, "minimum_protocol_version", version)


def distribution_from_terraform(resource: TerraformResource) -> Distribution:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "enabled", as_bool(args.get("enabled"), f"{where}.enabled"))
    fields["cache_behaviors"] = _behaviors(args, where)
    origins = blocks(args.get("origin"))
    fields["origins"] = (
        origins
        if isinstance(origins, Unresolved)
        else tuple(_origin(b, f"{where}.origin[{i}]") for i, b in enumerate(origins))
    )
    _viewer_certificate(fields, args.get("viewer_certificate"), f"{where}.viewer_certificate")
    logging = first_block(args.get("logging_config"))
    if isinstance(logging, Unresolved):
        fields["logging_bucket"] = logging
    elif logging is not None:
        fields["logging_bucket"] = _optional(logging.get("bucket"), f"{where}.logging_config")
    fields["web_acl_id"] = _optional(args.get("web_acl_id"), f"{where}.web_acl_id")
    return Distribution(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_cloudfront_distribution": distribution_from_terraform}
