"""Live AWS Config recorders: parity with tests/parity/config, recording status, a denied
status call, and the checks on live objects.

A region holds one recorder, so the template's three recorders are created in three
regions. CloudFormation starts a recorder once a delivery channel exists, so each is
started here after its channel, as the template's stack would be.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from live_env import OTHER_REGION, REGION
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
from secfound.model.aws.config import ConfigurationRecorder
from secfound.model.values import Unresolved

THIRD_REGION = "us-west-2"
REGIONS = (REGION, OTHER_REGION, THIRD_REGION)
PARTIAL_ROLE = "arn:aws:iam::111122223333:role/config-recorder"
RECORDERS: dict[str, tuple[str, dict[str, Any]]] = {
    "AllRecorder": (
        REGION,
        {
            "name": "all",
            "roleARN": "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/"
            "AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
            "recordingMode": {"recordingFrequency": "CONTINUOUS"},
        },
    ),
    "PartialRecorder": (
        OTHER_REGION,
        {
            "name": "partial",
            "roleARN": PARTIAL_ROLE,
            "recordingGroup": {
                "allSupported": False,
                "includeGlobalResourceTypes": False,
                "resourceTypes": ["AWS::S3::Bucket", "AWS::EC2::SecurityGroup"],
            },
            "recordingMode": {"recordingFrequency": "DAILY"},
        },
    ),
    "ExcludingRecorder": (
        THIRD_REGION,
        {
            "name": "excluding",
            "roleARN": PARTIAL_ROLE,
            "recordingGroup": {
                "allSupported": False,
                "exclusionByResourceTypes": {"resourceTypes": ["AWS::EC2::NetworkInterface"]},
                "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
            },
        },
    ),
}

# Where the template sets no recording strategy, the API reports the one it derives from
# the recording group.
DERIVED = {
    "AllRecorder": {("recording_strategy",): "ALL_SUPPORTED_RESOURCE_TYPES"},
    "PartialRecorder": {("recording_strategy",): "INCLUSION_BY_RESOURCE_TYPES"},
}


def _recorders(*, start: bool = True) -> None:
    for region, recorder in RECORDERS.values():
        config = boto3.client("config", region_name=region)
        config.put_configuration_recorder(ConfigurationRecorder=recorder)
        bucket = f"example-config-logs-{region}"
        boto3.client("s3", region_name=REGION).create_bucket(Bucket=bucket)
        config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": bucket})
        if start:
            config.start_configuration_recorder(ConfigurationRecorderName=recorder["name"])


def _by_name(run: Any) -> dict[str, ConfigurationRecorder]:
    return {str(r.name): r for r in of_type(run, ConfigurationRecorder)}


def _keep_recording_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto 5.2 drops ``recordingMode``; AWS answers with it as it was put, so the answer
    gets it back from what the test put."""
    from botocore.client import BaseClient

    real = BaseClient._make_api_call
    modes = {r["name"]: r["recordingMode"] for _, r in RECORDERS.values() if "recordingMode" in r}

    def call(self: Any, operation: str, params: Any) -> Any:
        answer = real(self, operation, params)
        if operation == "DescribeConfigurationRecorders":
            for recorder in answer.get("ConfigurationRecorders", []):
                if "recordingMode" not in recorder and recorder["name"] in modes:
                    recorder["recordingMode"] = modes[recorder["name"]]
        return answer

    monkeypatch.setattr(BaseClient, "_make_api_call", call)


def test_recorders_match_the_template(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _recorders()
    _keep_recording_mode(monkeypatch)
    run = run_collectors("config.recorders", regions=REGIONS)
    live = _by_name(run)
    cfn = cfn_objects("config")
    assert sorted(live) == ["all", "excluding", "partial"]
    for logical_id, (region, recorder) in RECORDERS.items():
        collected = live[recorder["name"]]
        assert collected.location.region == region
        assert_matches(collected, cfn[logical_id], {}, DERIVED.get(logical_id))
    assert run.gaps == ()
    assert_declared(run, ["config.recorders"])


def test_a_stopped_recorder_is_not_enabled(aws: None) -> None:
    _recorders(start=False)
    live = _by_name(run_collectors("config.recorders", regions=REGIONS))
    assert {name: r.is_enabled for name, r in live.items()} == {
        "all": False,
        "partial": False,
        "excluding": False,
    }


def test_a_denied_status_call_leaves_enabled_unresolved(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _recorders()
    fail_calls(
        monkeypatch,
        "DescribeConfigurationRecorderStatus",
        code="AccessDeniedException",
        message="no",
    )
    run = run_collectors("config.recorders")
    (recorder,) = of_type(run, ConfigurationRecorder)
    assert isinstance(recorder.is_enabled, Unresolved)
    assert recorder.include_global_resource_types is True  # the rest is kept
    assert [g.reason for g in run.gaps] == [
        "config:DescribeConfigurationRecorderStatus: AccessDeniedException: no"
    ]
    findings = evaluate(builtin_registry(), run.results).findings
    enabled = {f.status.value for f in findings if f.check_id == "aws.config.recorder_enabled"}
    assert enabled == {"unknown"}


def test_checks_run_unchanged_on_live_recorders(aws: None) -> None:
    _recorders()
    run = run_collectors("config.recorders", regions=REGIONS)
    findings = evaluate(builtin_registry(), run.results).findings
    names = {r.address: r.name for r in of_type(run, ConfigurationRecorder)}
    verdicts = {
        (f.check_id.rsplit(".", 1)[-1], names[f.resource.address]): f.status.value for f in findings
    }
    assert verdicts[("recorder_enabled", "all")] == "passed"
    assert verdicts[("recorder_records_all_resources", "all")] == "passed"
    assert verdicts[("recorder_records_all_resources", "partial")] == "failed"
    assert verdicts[("recorder_records_all_resources", "excluding")] == "failed"
