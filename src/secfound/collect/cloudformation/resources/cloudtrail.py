"""``AWS::CloudTrail::Trail`` to ``Trail``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_str,
)
from secfound.model.aws.cloudtrail import Trail
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


_FIELDS = (
    ("name", "TrailName", to_str),
    ("s3_bucket_name", "S3BucketName", to_str),
    ("is_logging", "IsLogging", to_bool),
    ("is_multi_region", "IsMultiRegionTrail", to_bool),
    ("include_global_service_events", "IncludeGlobalServiceEvents", to_bool),
    ("log_file_validation_enabled", "EnableLogFileValidation", to_bool),
    ("kms_key_id", "KMSKeyId", to_str),
    ("cloudwatch_logs_log_group_arn", "CloudWatchLogsLogGroupArn", to_str),
    ("is_organization_trail", "IsOrganizationTrail", to_bool),
)


def trail_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Trail:
    fields = identity(address, properties, location, conditional)
    for field, key, convert in _FIELDS:
        set_if_present(fields, field, properties, key, convert)
    return Trail(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::CloudTrail::Trail": trail_from_cfn,
    }
