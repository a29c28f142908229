"""Live DynamoDB tables: parity with tests/parity/dynamodb, AWS managed keys, denied reads,
and the checks on live tables."""

from __future__ import annotations

import dataclasses
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
    verdicts,
)

from secfound.collect.live.collector import builtin_collectors
from secfound.model.aws.dynamodb import Table
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "dynamodb.tables"
CACHE_LEFT_OPEN = {"sse_kms_enabled": "!Ref UseKms has no value in the template"}
KEY_SCHEMA = {
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
}


def _key(alias: str) -> str:
    kms = boto3.client("kms", region_name=REGION)
    arn = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName=alias, TargetKeyId=arn)
    return arn


def _create_parity_tables() -> str:
    """tests/parity/dynamodb/template.yaml, created in moto; the ARN of alias/orders
    (AWS reports a table's key by ARN, whatever name it was given)."""
    key = _key("alias/orders")
    ddb = boto3.client("dynamodb", region_name=REGION)
    ddb.create_table(
        TableName="orders",
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
        DeletionProtectionEnabled=True,
        **KEY_SCHEMA,
    )
    ddb.update_continuous_backups(
        TableName="orders",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    # UseKms chosen true: KMS without a named key is the AWS managed key aws/dynamodb.
    ddb.create_table(TableName="cache", SSESpecification={"Enabled": True}, **KEY_SCHEMA)
    ddb.create_table(TableName="sessions", **KEY_SCHEMA)
    return key


def _live_tables() -> tuple[dict[str, Table], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Table), "name"), run


def test_tables_match_the_template(aws: None) -> None:
    key = _create_parity_tables()
    live, run = _live_tables()
    cfn = {t.name: t for t in cfn_objects("dynamodb").values() if isinstance(t, Table)}
    assert sorted(live) == sorted(cfn) == ["cache", "orders", "sessions"]
    orders = live["orders"]
    assert orders.kms_key_id == key
    assert_same(dataclasses.replace(orders, kms_key_id="alias/orders"), cfn["orders"])
    assert_same(live["cache"], cfn["cache"], ignore=CACHE_LEFT_OPEN)
    assert live["cache"].sse_kms_enabled is True
    assert live["cache"].kms_key_id is None  # AWS names aws/dynamodb's ARN
    assert_same(live["sessions"], cfn["sessions"])
    arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
    assert orders.address == arn
    assert orders.location == CloudLocation(account=ACCOUNT, region=REGION, arn=arn)
    assert run.gaps == ()
    assert run.calls_by_operation["dynamodb:DescribeTable"] == 3
    assert run.calls_by_operation["kms:ListAliases"] == 1  # once, not per table


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_tables()
    _, run = _live_tables()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.dynamodb.", name)
    from_cfn = verdicts([cfn_result("dynamodb")], "aws.dynamodb.", name)
    # The template leaves CacheTable's encryption to a parameter; live knows it.
    kms = "aws.dynamodb.table_encrypted_with_kms_key"
    assert (kms, "cache", "unknown") in from_cfn
    assert live == (from_cfn - {(kms, "cache", "unknown")}) | {(kms, "cache", "failed")}
    assert {(n, s) for c, n, s in live if c == kms} == {
        ("orders", "passed"),
        ("cache", "failed"),
        ("sessions", "failed"),
    }


def _deny(monkeypatch: pytest.MonkeyPatch, operation: str, table: str | None = None) -> None:
    fail_calls(
        monkeypatch,
        operation,
        code="AccessDeniedException",
        message="not allowed",
        when=lambda params: table in (None, params.get("TableName")),
    )


def test_a_denied_describe_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_tables()
    _deny(monkeypatch, "DescribeTable", "orders")
    live, run = _live_tables()
    orders = live["orders"]
    assert orders.address == f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
    assert isinstance(orders.kms_key_id, Unresolved)
    assert isinstance(orders.point_in_time_recovery_enabled, Unresolved)
    assert live["sessions"].point_in_time_recovery_enabled is False
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "dynamodb", "dynamodb:DescribeTable: AccessDeniedException: not allowed")
    ]
    found = verdicts(run.results, "aws.dynamodb.", attrgetter("name"))
    assert ("aws.dynamodb.table_encrypted_with_kms_key", "orders", "unknown") in found
    assert ("aws.dynamodb.table_point_in_time_recovery_enabled", "orders", "unknown") in found


def test_a_denied_backup_read_leaves_recovery_unknown(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_tables()
    _deny(monkeypatch, "DescribeContinuousBackups")
    live, run = _live_tables()
    assert all(isinstance(t.point_in_time_recovery_enabled, Unresolved) for t in live.values())
    assert live["orders"].deletion_protection is True  # the table itself was read
    assert len(run.gaps) == 3
    pitr = verdicts(run.results, "aws.dynamodb.table_point_in_time", attrgetter("name"))
    assert {s for _, _, s in pitr} == {"unknown"}


def test_a_denied_alias_lookup_never_passes_the_key_check(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_tables()
    _deny(monkeypatch, "ListAliases")
    live, run = _live_tables()
    assert isinstance(live["orders"].kms_key_id, Unresolved)
    assert isinstance(live["cache"].kms_key_id, Unresolved)
    assert live["sessions"].kms_key_id is None  # no KMS at all: nothing to ask
    assert [g.reason for g in run.gaps] == ["kms:ListAliases: AccessDeniedException: not allowed"]
    found = verdicts(run.results, "aws.dynamodb.table_encrypted_with_kms", attrgetter("name"))
    assert {(n, s) for _, n, s in found} == {
        ("orders", "unknown"),
        ("cache", "unknown"),
        ("sessions", "failed"),
    }


def test_a_table_deleted_meanwhile_is_skipped(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_tables()
    fail_calls(
        monkeypatch,
        "DescribeTable",
        code="ResourceNotFoundException",
        when=lambda params: params["TableName"] == "cache",
    )
    live, run = _live_tables()
    assert sorted(live) == ["orders", "sessions"]
    assert run.gaps == ()


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    _create_parity_tables()
    _, run = _live_tables()
    (spec,) = [s for s in builtin_collectors() if s.id == COLLECTOR]
    assert set(run.calls_by_operation) - RUN_CALLS == set(spec.actions)
