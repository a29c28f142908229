"""CloudTrail trails, each once: in its home region.

``DescribeTrails`` answers in every region with the trails that apply there, a
multi-region or organization trail included as a "shadow" of its home region's. Each is
reported where it lives (``HomeRegion``), so a multi-region trail is one resource, and an
organization trail seen from a member account still counts for that account.

Whether a trail logs is not part of its description: ``GetTrailStatus`` tells, one call
per trail (there is no batch form). A denied status call leaves ``is_logging``
unresolved, never assumed on. ``KmsKeyId`` goes through ``managed_keys`` as every
collector's key does (an AWS managed key would be ``None``). Event selectors are not part
of the model and not read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.cloudtrail import Trail


@collector(
    service="cloudtrail",
    actions=["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", LIST_ALIASES],
)
def trails(ctx: LiveContext) -> Iterator[Trail]:
    client = ctx.client()
    answer = client.describe_trails(includeShadowTrails=True)
    for trail in answer.get("trailList", []):
        if trail.get("HomeRegion", ctx.target.region) != ctx.target.region:
            continue
        arn = str(trail.get("TrailARN") or ctx.target.arn("cloudtrail", f"trail/{trail['Name']}"))
        is_logging = ctx.optional(
            partial(_is_logging, client, arn), action="cloudtrail:GetTrailStatus"
        )
        yield Trail(
            address=arn,
            location=ctx.location(arn),
            name=trail.get("Name"),
            s3_bucket_name=trail.get("S3BucketName"),
            is_logging=is_logging,
            is_multi_region=_flag(trail, "IsMultiRegionTrail"),
            include_global_service_events=_flag(trail, "IncludeGlobalServiceEvents"),
            log_file_validation_enabled=_flag(trail, "LogFileValidationEnabled"),
            kms_key_id=customer_key(ctx, trail.get("KmsKeyId")),
            cloudwatch_logs_log_group_arn=trail.get("CloudWatchLogsLogGroupArn"),
            is_organization_trail=_flag(trail, "IsOrganizationTrail"),
        )


def _is_logging(client: Any, arn: str) -> bool:
    return bool(client.get_trail_status(Name=arn)["IsLogging"])


def _flag(trail: Mapping[str, Any], key: str) -> bool:
    return bool(trail.get(key, False))
