"""Live ElastiCache replication groups: parity with tests/parity/elasticache, answers
without an engine, a denied call, and the checks on live groups."""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    verdicts,
)

from secfound.collect.live.collector import builtin_collectors
from secfound.model.aws.elasticache import ReplicationGroup
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "elasticache.replication_groups"
LEGACY_LEFT_OPEN = {"transit_encryption_enabled": "!Ref Tls has no value in the template"}


def _create_parity_groups() -> str:
    """tests/parity/elasticache/template.yaml, created in moto; the ARN of alias/cache."""
    kms = boto3.client("kms", region_name=REGION)
    key = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName="alias/cache", TargetKeyId=key)
    cache = boto3.client("elasticache", region_name=REGION)
    cache.create_replication_group(
        ReplicationGroupId="sessions",
        ReplicationGroupDescription="sessions",
        Engine="redis",
        CacheNodeType="cache.r7g.large",
        NumCacheClusters=2,
        AtRestEncryptionEnabled=True,
        KmsKeyId=key,
        TransitEncryptionEnabled=True,
        AuthToken="a-token-of-sixteen-chars-or-more",
        AutomaticFailoverEnabled=True,
    )
    cache.create_replication_group(
        ReplicationGroupId="features",
        ReplicationGroupDescription="feature flags",
        Engine="valkey",
        CacheNodeType="cache.t4g.small",
        # AWS encrypts Valkey at rest when not told; moto leaves it off, so say it.
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        UserGroupIds=["app-users"],
    )
    cache.create_replication_group(
        ReplicationGroupId="legacy",
        ReplicationGroupDescription="legacy",
        CacheNodeType="cache.t4g.small",
        TransitEncryptionEnabled=False,  # Tls chosen false
    )
    return key


def _live() -> tuple[dict[str, ReplicationGroup], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, ReplicationGroup), "name"), run


def test_groups_match_the_template(aws: None) -> None:
    key = _create_parity_groups()
    live, run = _live()
    cfn = {
        g.name: g for g in cfn_objects("elasticache").values() if isinstance(g, ReplicationGroup)
    }
    assert sorted(live) == sorted(cfn) == ["features", "legacy", "sessions"]
    sessions = live["sessions"]
    assert sessions.kms_key_id == key
    assert_same(dataclasses.replace(sessions, kms_key_id="alias/cache"), cfn["sessions"])
    assert_same(live["features"], cfn["features"])
    assert_same(live["legacy"], cfn["legacy"], ignore=LEGACY_LEFT_OPEN)
    assert live["legacy"].engine == "redis"
    arn = f"arn:aws:elasticache:{REGION}:{ACCOUNT}:replicationgroup:sessions"
    assert sessions.address == arn
    assert sessions.location == CloudLocation(account=ACCOUNT, region=REGION, arn=arn)
    assert run.gaps == ()
    # Every answer named its engine: the member clusters were not asked. The AWS managed
    # keys are looked up once for every group that names a key; the tags once per region.
    assert run.calls_by_operation == {
        "sts:GetCallerIdentity": 1,
        "elasticache:DescribeReplicationGroups": 1,
        "kms:ListAliases": 1,
        "resource-groups-tagging-api:GetResources": 1,
    }


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_groups()
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.elasticache.", name)
    from_cfn = verdicts([cfn_result("elasticache")], "aws.elasticache.", name)
    transit = "aws.elasticache.replication_group_encrypted_in_transit"
    assert (transit, "legacy", "unknown") in from_cfn
    assert live == (from_cfn - {(transit, "legacy", "unknown")}) | {(transit, "legacy", "failed")}
    assert ("aws.elasticache.replication_group_encrypted_at_rest", "features", "passed") in live


def _patch(monkeypatch: pytest.MonkeyPatch, members: Any) -> list[str]:
    """Answers from before Valkey (no ``Engine``); ``members`` answers
    DescribeCacheClusters (an exception to raise, or the clusters). Returns the list the
    operations called are appended to."""
    from botocore.client import BaseClient

    real = BaseClient._make_api_call
    called: list[str] = []

    def call(self: Any, name: str, params: Any) -> Any:
        called.append(name)
        if name == "DescribeCacheClusters":
            if isinstance(members, Exception):
                raise members
            return {"CacheClusters": members}
        answer = real(self, name, params)
        if name == "DescribeReplicationGroups":
            for group in answer["ReplicationGroups"]:
                group.pop("Engine", None)
        return answer

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    return called


def test_an_answer_without_engine_asks_the_member_clusters(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_groups()
    members = [
        {"CacheClusterId": "sessions-001", "Engine": "redis"},
        {"CacheClusterId": "features-001", "Engine": "valkey"},
    ]
    called = _patch(monkeypatch, members)
    live, run = _live()
    assert live["sessions"].engine == "redis"
    assert live["features"].engine == "valkey"
    assert isinstance(live["legacy"].engine, Unresolved)  # no member named
    assert called.count("DescribeCacheClusters") == 1  # once per region, not per group
    assert run.gaps == ()


def test_a_denied_member_read_leaves_the_engine_unresolved(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_groups()
    denied = ClientError(
        {"Error": {"Code": "AccessDenied", "Message": "no"}}, "DescribeCacheClusters"
    )
    _patch(monkeypatch, denied)
    live, run = _live()
    assert all(isinstance(g.engine, Unresolved) for g in live.values())
    assert live["sessions"].at_rest_encryption_enabled is True  # reported, not defaulted
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "elasticache", "elasticache:DescribeCacheClusters: AccessDenied: no")
    ]
    at_rest = verdicts(run.results, "aws.elasticache.", attrgetter("name"))
    assert ("aws.elasticache.replication_group_encrypted_at_rest", "legacy", "failed") in at_rest


def test_a_denied_listing_is_a_gap_and_never_a_pass(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_groups()
    fail_calls(monkeypatch, "DescribeReplicationGroups", message="no")
    live, run = _live()
    assert live == {}
    assert [(g.service, g.reason) for g in run.gaps] == [
        ("elasticache", "elasticache.replication_groups: AccessDenied: no")
    ]
    assert verdicts(run.results, "aws.elasticache.", attrgetter("name")) == set()


def test_the_collector_declares_what_it_calls() -> None:
    (spec,) = [s for s in builtin_collectors() if s.id == COLLECTOR]
    assert spec.actions == (
        "elasticache:DescribeReplicationGroups",
        "elasticache:DescribeCacheClusters",
        "kms:ListAliases",  # only when a group names a key by id or ARN
    )
