"""AWS CloudTrail trails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class Trail(Resource):
    """A CloudTrail trail.

    Defaults are the CreateTrail API's: single-region, global service events included, log
    file validation off, no KMS key (SSE-S3), no CloudWatch Logs delivery, not an
    organization trail. ``is_logging`` defaults to true (Terraform's ``enable_logging``);
    CloudFormation requires ``IsLogging``.
    """

    resource_type = "AWS::CloudTrail::Trail"

    name: StrOrUnresolved | None = None
    s3_bucket_name: StrOrUnresolved | None = None
    is_logging: BoolOrUnresolved = True
    is_multi_region: BoolOrUnresolved = False
    include_global_service_events: BoolOrUnresolved = True
    log_file_validation_enabled: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    cloudwatch_logs_log_group_arn: StrOrUnresolved | None = None
    is_organization_trail: BoolOrUnresolved = False
