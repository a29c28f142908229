"""``AWS::ApiGateway::Stage`` to ``Stage``. The WAF association is joined in ``wafv2``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_str,
)
from secfound.model.aws.apigateway import Stage
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def _stage_wide_cache_encryption(settings: Any) -> bool | Unresolved | None:
    """``CacheDataEncrypted`` of the ``*`` ``/*`` method settings, None when not set."""
    if isinstance(settings, Unresolved):
        return settings
    for item in settings if isinstance(settings, list) else [settings]:
        method, path = dig(item, "HttpMethod"), dig(item, "ResourcePath")
        if isinstance(method, Unresolved) or isinstance(path, Unresolved):
            return Unresolved("MethodSettings: HttpMethod or ResourcePath unresolved")
        if method == "*" and path == "/*":
            value = dig(item, "CacheDataEncrypted")
            return None if value is MISSING else to_bool(value, "CacheDataEncrypted")
    return None


def stage_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Stage:
    """A ``Stage`` from the resolved properties of an ``AWS::ApiGateway::Stage``."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "StageName", to_str)
    set_if_present(fields, "rest_api_id", properties, "RestApiId", to_str)
    set_if_present(fields, "tracing_enabled", properties, "TracingEnabled", to_bool)
    set_if_present(fields, "cache_cluster_enabled", properties, "CacheClusterEnabled", to_bool)
    set_if_present(fields, "client_certificate_id", properties, "ClientCertificateId", to_str)
    setting = properties.get("AccessLogSetting", MISSING)
    if isinstance(setting, Unresolved):
        fields["access_log_destination_arn"] = setting
    elif setting is not MISSING:
        for key, name in (
            ("DestinationArn", "access_log_destination_arn"),
            ("Format", "access_log_format"),
        ):
            value = dig(setting, key)
            if value is not MISSING:
                fields[name] = to_str(value, key)
    if "MethodSettings" in properties:
        encrypted = _stage_wide_cache_encryption(properties["MethodSettings"])
        if encrypted is not None:
            fields["cache_data_encrypted"] = encrypted
    return Stage(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::ApiGateway::Stage": stage_from_cfn}
