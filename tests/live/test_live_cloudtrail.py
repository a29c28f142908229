"""Live CloudTrail trails: parity with tests/parity/cloudtrail, one resource per trail
(a multi-region trail is reported in its home region only), a denied status call, and the
checks on live objects."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, OTHER_REGION, REGION
from live_faults import fail_calls
from test_live_ec2_support import (
    assert_declared,
    assert_matches,
    cfn_objects,
    of_type,
    run_collectors,
)

from secfound.checks.registry import builtin_registry
from secfound.engine import evaluate
from secfound.model.aws.cloudtrail import Trail
from secfound.model.values import Unresolved

LOG_GROUP = "arn:aws:logs:us-east-1:111122223333:log-group:trail:*"
LOG_ROLE = "arn:aws:iam::111122223333:role/trail-to-logs"


def _trails() -> dict[str, str]:
    """MainTrail (logging) and RegionalTrail (not logging); the trail key's ARN -> its alias."""
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="example-trail-logs")
    kms = boto3.client("kms", region_name=REGION)
    key = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName="alias/trail", TargetKeyId=key)
    cloudtrail = boto3.client("cloudtrail", region_name=REGION)
    cloudtrail.create_trail(
        Name="main",
        S3BucketName="example-trail-logs",
        IsMultiRegionTrail=True,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True,
        KmsKeyId=key,
        CloudWatchLogsLogGroupArn=LOG_GROUP,
        CloudWatchLogsRoleArn=LOG_ROLE,
    )
    cloudtrail.start_logging(Name="main")
    cloudtrail.create_trail(Name="regional", S3BucketName="example-trail-logs")
    return {key: "alias/trail"}


def _by_name(run: Any) -> dict[str, Trail]:
    trails = of_type(run, Trail)
    assert len({t.name for t in trails}) == len(trails), "a trail was reported twice"
    return {str(t.name): t for t in trails}


def test_trails_match_the_template(aws: None) -> None:
    names = _trails()
    run = run_collectors("cloudtrail.trails", regions=(REGION, OTHER_REGION))
    live = _by_name(run)
    cfn = cfn_objects("cloudtrail")
    assert sorted(live) == ["main", "regional"]
    assert_matches(live["main"], cfn["MainTrail"], names)
    assert_matches(live["regional"], cfn["RegionalTrail"], names)
    main = live["main"]
    assert main.address == f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/main"
    assert main.location.region == REGION  # its home region, not the shadow's
    assert run.gaps == ()
    # Seen from both regions, asked its status once (in its home region).
    assert run.calls_by_operation["cloudtrail:DescribeTrails"] == 2
    assert run.calls_by_operation["cloudtrail:GetTrailStatus"] == 2
    assert_declared(run, ["cloudtrail.trails"])


def test_a_denied_status_call_leaves_logging_unresolved(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _trails()
    fail_calls(monkeypatch, "GetTrailStatus", code="AccessDeniedException", message="no")
    run = run_collectors("cloudtrail.trails")
    live = _by_name(run)
    assert isinstance(live["main"].is_logging, Unresolved)
    assert live["main"].log_file_validation_enabled is True  # the rest is kept
    assert [g.reason for g in run.gaps] == [
        "cloudtrail:GetTrailStatus: AccessDeniedException: no"
    ] * 2
    findings = evaluate(builtin_registry(), run.results).findings
    logging = {
        f.status.value for f in findings if f.check_id == "aws.cloudtrail.trail_logging_enabled"
    }
    assert logging == {"unknown"}


def test_checks_run_unchanged_on_live_trails(aws: None) -> None:
    _trails()
    run = run_collectors("cloudtrail.trails")
    findings = evaluate(builtin_registry(), run.results).findings
    verdicts = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit("/", 1)[-1]): f.status.value
        for f in findings
    }
    assert verdicts[("trail_logging_enabled", "main")] == "passed"
    assert verdicts[("trail_logging_enabled", "regional")] == "failed"
    assert verdicts[("trail_multi_region", "main")] == "passed"
    assert verdicts[("trail_multi_region", "regional")] == "failed"
    assert verdicts[("trail_log_file_validation_enabled", "regional")] == "failed"
    assert verdicts[("trail_encrypted_with_kms", "main")] == "passed"
    assert verdicts[("trail_encrypted_with_kms", "regional")] == "failed"
    assert verdicts[("trail_sends_to_cloudwatch_logs", "main")] == "passed"
