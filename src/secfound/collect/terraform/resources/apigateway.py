"""REST API stages from Terraform: ``aws_api_gateway_stage``.

``aws_api_gateway_method_settings`` for the whole stage (``method_path = "*/*"``) merges
in its ``cache_data_encrypted``; the WAF association is joined in ``wafv2``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.apigateway import Stage
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def stage_from_terraform(resource: TerraformResource) -> Stage:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("stage_name"), f"{where}.stage_name")
    fields["rest_api_id"] = as_str(args.get("rest_api_id"), f"{where}.rest_api_id")
    set_if(fields, "tracing_enabled", as_bool(args.get("xray_tracing_enabled"), where))
    set_if(fields, "cache_cluster_enabled", as_bool(args.get("cache_cluster_enabled"), where))
    fields["client_certificate_id"] = as_str(
        args.get("client_certificate_id"), f"{where}.client_certificate_id"
    )
    settings = first_block(args.get("access_log_settings"))
    if isinstance(settings, Unresolved):
        fields["access_log_destination_arn"] = settings
    elif settings is not None:
        fields["access_log_destination_arn"] = as_str(settings.get("destination_arn"), where)
        fields["access_log_format"] = as_str(settings.get("format"), where)
    return Stage(**fields)


def _method_settings(_: Stage, source: TerraformResource) -> Mapping[str, Any]:
    args = source.arguments
    path = args.get("method_path")
    if isinstance(path, Unresolved):
        return {"cache_data_encrypted": path}
    if not isinstance(path, str) or path != "*/*":
        return {}  # one method's override: not the stage-wide setting
    settings = first_block(args.get("settings"))
    if isinstance(settings, Unresolved):
        return {"cache_data_encrypted": settings}
    value = as_bool(settings.get("cache_data_encrypted") if settings else None, source.address)
    return {"cache_data_encrypted": False if value is None else value}


def joins() -> tuple[JoinSpec, ...]:
    return (
        JoinSpec(
            "aws_api_gateway_method_settings",
            "aws_api_gateway_stage",
            "stage_name",
            ("stage_name",),
            _method_settings,
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_api_gateway_stage": stage_from_terraform}
