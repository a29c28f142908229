"""Live Secrets Manager secrets: parity with the CloudFormation fixture, faults, the checks."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
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
    verdicts,
)

from secfound.model.aws.secretsmanager import Secret
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "secretsmanager.secrets"
# TokenSecret's KmsKeyId is a parameter without a default in the template.
UNRESOLVED_KEY = {"kms_key_id": "!Ref TokenKey has no value in the template"}
# What AWS lists for a secret rotated on a schedule expression; moto drops the expression.
API_ROTATION = {"ScheduleExpression": "rate(120 days)", "AutomaticallyAfterDays": 120}


def _create_parity_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/parity/secretsmanager/template.yaml, created in moto."""
    from botocore.client import BaseClient

    sm = boto3.client("secretsmanager", region_name=REGION)
    sm.create_secret(Name="db", KmsKeyId="alias/secrets", SecretString="s")
    sm.create_secret(Name="api", SecretString="s")
    sm.create_secret(Name="token", KmsKeyId="alias/token", SecretString="s")
    # moto records the rotation, then fails to invoke the (absent) rotation function.
    with pytest.raises(ClientError):
        sm.rotate_secret(
            SecretId="db",
            RotationLambdaARN=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate-db",
            RotationRules={"AutomaticallyAfterDays": 30},
            RotateImmediately=False,
        )
    real = BaseClient._make_api_call

    def listing_as_aws_gives_it(self: Any, operation: str, params: Any) -> Any:
        answer = real(self, operation, params)
        if operation == "ListSecrets":
            for entry in answer.get("SecretList", []):
                if entry["Name"] == "api":
                    entry.update(RotationEnabled=True, RotationRules=dict(API_ROTATION))
        return answer

    monkeypatch.setattr(BaseClient, "_make_api_call", listing_as_aws_gives_it)


def _live() -> tuple[dict[str, Secret], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Secret), "name"), run


def test_secrets_match_the_cloudformation_fixture(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_secrets(monkeypatch)
    live, run = _live()
    cfn = {s.name: s for s in cfn_objects("secretsmanager").values() if isinstance(s, Secret)}
    assert sorted(live) == sorted(cfn) == ["api", "db", "token"]
    for name, secret in live.items():
        assert_same(secret, cfn[name], ignore=UNRESOLVED_KEY if name == "token" else None)
    db = live["db"]
    assert (db.rotation_enabled, db.rotation_interval_days) == (True, 30)
    assert live["api"].rotation_interval_days == 120
    assert live["token"].kms_key_id == "alias/token"
    assert db.address.startswith(f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-")
    assert db.location == CloudLocation(account=ACCOUNT, region=REGION, arn=db.address)
    assert run.gaps == ()
    assert set(run.calls_by_operation) - RUN_CALLS == {"secrets-manager:ListSecrets"}


def test_checks_give_the_same_verdicts_as_on_the_template(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_secrets(monkeypatch)
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.secretsmanager.", name)
    from_cfn = verdicts([cfn_result("secretsmanager")], "aws.secretsmanager.", name)
    # The template leaves TokenSecret's key unknown; live knows it.
    kms = "aws.secretsmanager.secret_encrypted_with_kms_key"
    assert (kms, "token", "unknown") in from_cfn
    assert live == (from_cfn - {(kms, "token", "unknown")}) | {(kms, "token", "passed")}
    assert ("aws.secretsmanager.secret_rotation_enabled", "token", "failed") in live
    assert ("aws.secretsmanager.secret_rotated_within_90_days", "api", "failed") in live


def test_a_cron_schedule_is_unresolved_and_disabled_rotation_has_no_interval(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.client import BaseClient

    sm = boto3.client("secretsmanager", region_name=REGION)
    sm.create_secret(Name="cron", SecretString="s")
    sm.create_secret(Name="stopped", SecretString="s")
    real = BaseClient._make_api_call

    def answer(self: Any, operation: str, params: Any) -> Any:
        found = real(self, operation, params)
        for entry in found.get("SecretList", []) if operation == "ListSecrets" else []:
            rules = {"ScheduleExpression": "cron(0 8 1 * ? *)"}
            entry.update(RotationEnabled=entry["Name"] == "cron", RotationRules=rules)
        return found

    monkeypatch.setattr(BaseClient, "_make_api_call", answer)
    live, _ = _live()
    assert isinstance(live["cron"].rotation_interval_days, Unresolved)
    assert live["stopped"].rotation_enabled is False
    assert live["stopped"].rotation_interval_days is None


def test_a_denied_listing_is_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    boto3.client("secretsmanager", region_name=REGION).create_secret(Name="db", SecretString="s")
    fail_calls(monkeypatch, "ListSecrets", code="AccessDeniedException", message="no")
    live, run = _live()
    assert live == {}
    assert [(g.region, g.service) for g in run.gaps] == [(REGION, "secretsmanager")]
    assert "AccessDeniedException" in run.gaps[0].reason
