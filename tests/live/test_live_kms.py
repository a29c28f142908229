"""Live KMS keys: parity with the CloudFormation fixture, AWS managed keys, faults, checks."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    RUN_CALLS,
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    template_properties,
    verdicts,
)

from secfound.collect.live.services.kms import is_default_key_policy
from secfound.model.aws.kms import Key
from secfound.model.location import CloudLocation
from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.values import Unresolved

# PendingWindowInDays is how CloudFormation will schedule the key's deletion; AWS keeps no
# such setting on a key (the window is given to ScheduleKeyDeletion), so live has none.
NO_WINDOW = {"deletion_window_days": "a deployment setting of the template, not of the key"}


def _create_parity_keys() -> dict[str, str]:
    """tests/parity/kms/template.yaml, created in moto; key ids by description."""
    kms = boto3.client("kms", region_name=REGION)
    app = template_properties("kms", "AppKey")
    app_id = kms.create_key(Description=app["Description"], Policy=json.dumps(app["KeyPolicy"]))[
        "KeyMetadata"
    ]["KeyId"]
    kms.enable_key_rotation(KeyId=app_id)
    signing = template_properties("kms", "SigningKey")
    signing_id = kms.create_key(
        Description=signing["Description"],
        KeySpec=signing["KeySpec"],
        KeyUsage=signing["KeyUsage"],
        MultiRegion=signing["MultiRegion"],
    )["KeyMetadata"]["KeyId"]
    return {app["Description"]: app_id, signing["Description"]: signing_id}


def _live_keys() -> tuple[dict[str, Key], Any]:
    run = run_collectors("kms.keys")
    return by_field(of_type(run, Key), "description"), run


def test_keys_match_the_cloudformation_fixture(aws: None) -> None:
    ids = _create_parity_keys()
    live, run = _live_keys()
    cfn = {k.description: k for k in cfn_objects("kms").values() if isinstance(k, Key)}
    assert sorted(live) == sorted(cfn) == ["application data", "release signing"]
    for description, key in live.items():
        assert_same(key, cfn[description], ignore=NO_WINDOW)
        assert isinstance(key.deletion_window_days, Unresolved)
    app = live["application data"]
    arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{ids['application data']}"
    assert app.address == arn
    assert app.location == CloudLocation(account=ACCOUNT, region=REGION, arn=arn)
    assert live["release signing"].policy is None  # the default key policy
    assert run.gaps == ()


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_keys()
    _, run = _live_keys()
    description = attrgetter("description")
    live = verdicts(run.results, "aws.kms.", description)
    assert live == verdicts([cfn_result("kms")], "aws.kms.", description)
    assert ("aws.kms.key_rotation_enabled", "application data", "passed") in live
    # An RSA signing key cannot rotate: the check does not apply, so it gives no finding.
    assert not [v for v in live if v[:2] == ("aws.kms.key_rotation_enabled", "release signing")]


def test_live_findings_say_what_is_wrong(aws: None) -> None:
    _create_parity_keys()
    kms = boto3.client("kms", region_name=REGION)
    kms.create_key(Description="no rotation")
    open_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "World",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
    kms.create_key(Description="open", Policy=json.dumps(open_policy))
    _, run = _live_keys()
    from secfound.checks.registry import builtin_registry
    from secfound.engine import evaluate

    description = {k.address: k.description for k in of_type(run, Key)}
    found = {
        (f.check_id.rsplit(".", 1)[-1], description[f.resource.address]): (
            f.status.value,
            f.message,
        )
        for f in evaluate(builtin_registry(), run.results).findings
        if f.check_id.startswith("aws.kms.")
    }
    assert found["key_rotation_enabled", "no rotation"] == (
        "failed",
        "automatic key rotation is not enabled",
    )
    assert found["key_rotation_enabled", "application data"][0] == "passed"
    assert found["key_policy_not_public", "open"] == (
        "failed",
        "the key policy allows any principal without a condition: statement 'World'",
    )
    assert found["key_policy_not_public", "no rotation"] == (
        "passed",
        "the key uses the default key policy, which trusts only its account",
    )
    assert found["key_policy_not_public", "application data"][0] == "passed"  # org condition


def test_aws_managed_keys_are_skipped(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """moto creates no AWS managed key to list, so one key is answered as AWS would
    describe ``aws/s3``."""
    from botocore.client import BaseClient

    ids = _create_parity_keys()
    managed = ids["release signing"]
    real = BaseClient._make_api_call
    asked: list[str] = []

    def as_managed(self: Any, operation: str, params: Any) -> Any:
        answer = real(self, operation, params)
        if operation in ("GetKeyPolicy", "GetKeyRotationStatus"):
            asked.append(params["KeyId"])
        if operation == "DescribeKey" and params["KeyId"] == managed:
            answer["KeyMetadata"]["KeyManager"] = "AWS"
        return answer

    monkeypatch.setattr(BaseClient, "_make_api_call", as_managed)
    live, _ = _live_keys()
    assert sorted(live) == ["application data"]
    assert managed not in asked and asked


def test_a_denied_policy_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_keys()
    _deny(monkeypatch, "GetKeyPolicy")
    live, run = _live_keys()
    app = live["application data"]
    assert isinstance(app.policy, Unresolved)
    assert app.rotation_enabled is True
    assert [g.reason for g in run.gaps] == [
        "kms:GetKeyPolicy: AccessDeniedException: not authorized"
    ] * 2
    found = verdicts(run.results, "aws.kms.", attrgetter("description"))
    assert ("aws.kms.key_policy_not_public", "application data", "unknown") in found
    assert ("aws.kms.key_rotation_enabled", "application data", "passed") in found


def test_a_key_that_cannot_be_described_is_still_reported(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _create_parity_keys()
    _deny(monkeypatch, "DescribeKey")
    run = run_collectors("kms.keys")
    keys = of_type(run, Key)
    assert sorted(k.address.rsplit("/", 1)[-1] for k in keys) == sorted(ids.values())
    assert all(isinstance(k.rotation_enabled, Unresolved) for k in keys)
    assert len(run.gaps) == 2
    statuses = {f[2] for f in verdicts(run.results, "aws.kms.", attrgetter("address"))}
    assert statuses == {"unknown"}


def _deny(monkeypatch: pytest.MonkeyPatch, operation_name: str) -> None:
    fail_calls(monkeypatch, operation_name, code="AccessDeniedException", message="not authorized")


def _policy(statement: dict[str, Any]) -> PolicyDocument:
    policy = parse_policy({"Version": "2012-10-17", "Statement": [statement]})
    assert isinstance(policy, PolicyDocument)
    return policy


DEFAULT_STATEMENT = {
    "Sid": "Enable IAM User Permissions",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": "kms:*",
    "Resource": "*",
}


@pytest.mark.parametrize(
    ("changes", "default"),
    [
        ({}, True),
        ({"Principal": {"AWS": "arn:aws:iam::999999999999:root"}}, False),
        ({"Principal": "*"}, False),
        ({"Sid": "Custom"}, False),
        ({"Action": "kms:Decrypt"}, False),
    ],
)
def test_only_the_default_key_policy_reads_as_none(changes: dict[str, Any], default: bool) -> None:
    policy = _policy({**DEFAULT_STATEMENT, **changes})
    assert is_default_key_policy(policy, "aws", ACCOUNT) is default


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    from secfound.collect.live.collector import builtin_collectors

    _create_parity_keys()
    _, run = _live_keys()
    (spec,) = [s for s in builtin_collectors() if s.id == "kms.keys"]
    assert set(run.calls_by_operation) - RUN_CALLS == set(spec.actions)
