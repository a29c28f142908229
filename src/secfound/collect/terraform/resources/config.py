"""AWS Config recorders from Terraform (``aws_config_configuration_recorder``).

A recorder Terraform creates is stopped until ``aws_config_configuration_recorder_status``
with ``is_enabled = true`` starts it; that resource is joined in by the recorder's name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    as_str_tuple,
    dig,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.config import ConfigurationRecorder
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def _recording_group(fields: dict[str, Any], value: Any, where: str) -> None:
    group = first_block(value)
    if isinstance(group, Unresolved):
        fields["all_supported"] = group
        fields["include_global_resource_types"] = group
        return
    if group is None:
        return
    set_if(fields, "all_supported", as_bool(group.get("all_supported"), where))
    set_if(
        fields,
        "include_global_resource_types",
        as_bool(group.get("include_global_resource_types"), where),
    )
    set_if(fields, "resource_types", as_str_tuple(group.get("resource_types"), where))
    excluded = dig(group.get("exclusion_by_resource_types"), "resource_types")
    set_if(fields, "excluded_resource_types", as_str_tuple(excluded, where))
    strategy = dig(group.get("recording_strategy"), "use_only")
    set_if(fields, "recording_strategy", as_str(strategy, where))


def configuration_recorder_from_terraform(resource: TerraformResource) -> ConfigurationRecorder:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "name", as_str(args.get("name"), f"{where}.name"))
    set_if(fields, "role_arn", as_str(args.get("role_arn"), f"{where}.role_arn"))
    _recording_group(fields, args.get("recording_group"), f"{where}.recording_group")
    frequency = dig(args.get("recording_mode"), "recording_frequency")
    set_if(fields, "recording_frequency", as_str(frequency, f"{where}.recording_mode"))
    return ConfigurationRecorder(**fields)


def _status(_: ConfigurationRecorder, source: TerraformResource) -> Mapping[str, Any]:
    enabled = as_bool(source.arguments.get("is_enabled"), f"{source.address}.is_enabled")
    # is_enabled is required; an absent one (a broken file) leaves the recorder unknown.
    return {
        "is_enabled": Unresolved(f"{source.address}.is_enabled") if enabled is None else enabled
    }


def joins() -> tuple[JoinSpec, ...]:
    return (
        JoinSpec(
            "aws_config_configuration_recorder_status",
            "aws_config_configuration_recorder",
            "name",
            ("name",),
            _status,
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_config_configuration_recorder": configuration_recorder_from_terraform,
    }
