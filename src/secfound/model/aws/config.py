"""AWS Config configuration recorders.

The recorder decides what Config records; whether it records at all is a separate switch
(``StartConfigurationRecorder``; Terraform's ``aws_config_configuration_recorder_status``).
CloudFormation starts a recorder it creates as soon as a delivery channel is available, so
a recorder from a template is enabled; one from Terraform is enabled only by its status
resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved
StrTuple: TypeAlias = tuple[StrOrUnresolved, ...] | Unresolved

ALL_SUPPORTED = "ALL_SUPPORTED_RESOURCE_TYPES"


@dataclass(frozen=True, kw_only=True)
class ConfigurationRecorder(Resource):
    """A configuration recorder.

    Defaults are the PutConfigurationRecorder API's: named ``default``, stopped, recording
    every supported regional resource type (``all_supported``) but no global IAM types,
    continuously. ``recording_strategy`` is None when the source does not set one (the
    API then derives it from ``all_supported``). ``resource_types`` lists the types an
    inclusion list records; ``excluded_resource_types`` those an exclusion list skips.
    """

    resource_type = "AWS::Config::ConfigurationRecorder"

    name: StrOrUnresolved = "default"
    role_arn: StrOrUnresolved | None = None
    is_enabled: BoolOrUnresolved = False
    all_supported: BoolOrUnresolved = True
    include_global_resource_types: BoolOrUnresolved = False
    recording_strategy: StrOrUnresolved | None = None
    resource_types: StrTuple = ()
    excluded_resource_types: StrTuple = ()
    recording_frequency: StrOrUnresolved = "CONTINUOUS"
