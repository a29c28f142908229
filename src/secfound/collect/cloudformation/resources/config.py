"""``AWS::Config::ConfigurationRecorder`` to ``ConfigurationRecorder``.

CloudFormation starts the recorder it creates once a delivery channel is available (the
resource's documentation says so), so a recorder read from a template is enabled; there
is no separate status resource to join.
"""

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
    to_str_tuple,
)
from secfound.model.aws.config import ConfigurationRecorder
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def _recording_group(fields: dict[str, Any], group: Any) -> None:
    if isinstance(group, Unresolved) or not isinstance(group, Mapping):
        unknown = group if isinstance(group, Unresolved) else Unresolved("RecordingGroup")
        fields["all_supported"] = unknown
        fields["include_global_resource_types"] = unknown
        return
    set_if_present(fields, "all_supported", group, "AllSupported", to_bool)
    set_if_present(
        fields, "include_global_resource_types", group, "IncludeGlobalResourceTypes", to_bool
    )
    set_if_present(fields, "resource_types", group, "ResourceTypes", to_str_tuple)
    excluded = dig(group, "ExclusionByResourceTypes", "ResourceTypes")
    if excluded is not MISSING:
        fields["excluded_resource_types"] = to_str_tuple(excluded, "ExclusionByResourceTypes")
    strategy = dig(group, "RecordingStrategy", "UseOnly")
    if strategy is not MISSING:
        fields["recording_strategy"] = to_str(strategy, "RecordingStrategy.UseOnly")


def configuration_recorder_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> ConfigurationRecorder:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "Name", to_str)
    set_if_present(fields, "role_arn", properties, "RoleARN", to_str)
    fields["is_enabled"] = True
    if "RecordingGroup" in properties:
        _recording_group(fields, properties["RecordingGroup"])
    frequency = dig(properties, "RecordingMode", "RecordingFrequency")
    if frequency is not MISSING:
        fields["recording_frequency"] = to_str(frequency, "RecordingMode.RecordingFrequency")
    return ConfigurationRecorder(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::Config::ConfigurationRecorder": configuration_recorder_from_cfn,
    }
