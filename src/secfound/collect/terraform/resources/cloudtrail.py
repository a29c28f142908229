"""CloudTrail trails from Terraform (``aws_cloudtrail``)."""

from __future__ import annotations

from collections.abc import Callable

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    identity,
    set_if,
)
from secfound.model.aws.cloudtrail import Trail
from secfound.model.resource import Resource

_BOOLS = (
    ("enable_logging", "is_logging"),
    ("is_multi_region_trail", "is_multi_region"),
    ("include_global_service_events", "include_global_service_events"),
    ("enable_log_file_validation", "log_file_validation_enabled"),
    ("is_organization_trail", "is_organization_trail"),
)


def trail_from_terraform(resource: TerraformResource) -> Trail:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    fields["s3_bucket_name"] = as_str(args.get("s3_bucket_name"), f"{where}.s3_bucket_name")
    for argument, field in _BOOLS:
        set_if(fields, field, as_bool(args.get(argument), f"{where}.{argument}"))
    fields["kms_key_id"] = as_str(args.get("kms_key_id"), f"{where}.kms_key_id")
    fields["cloudwatch_logs_log_group_arn"] = as_str(
        args.get("cloud_watch_logs_group_arn"), f"{where}.cloud_watch_logs_group_arn"
    )
    return Trail(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_cloudtrail": trail_from_terraform,
    }
