"""Live Redshift clusters: parity with tests/parity/redshift, a denied logging read, and
the checks on live clusters."""

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
from secfound.model.aws.redshift import Cluster
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "redshift.clusters"
ADHOC_LEFT_OPEN = {"publicly_accessible": "!Ref Public has no value in the template"}


def _create_parity_clusters() -> str:
    """tests/parity/redshift/template.yaml, created in moto; the ARN of alias/warehouse."""
    kms = boto3.client("kms", region_name=REGION)
    key = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName="alias/warehouse", TargetKeyId=key)
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="audit-logs")
    redshift = boto3.client("redshift", region_name=REGION)
    common = {"MasterUsername": "admin", "ManageMasterPassword": True}
    redshift.create_cluster(
        ClusterIdentifier="warehouse",
        NodeType="ra3.xlplus",
        ClusterType="multi-node",
        NumberOfNodes=2,
        DBName="analytics",
        Encrypted=True,
        KmsKeyId=key,
        PubliclyAccessible=False,
        **common,
    )
    redshift.enable_logging(
        ClusterIdentifier="warehouse",
        LogDestinationType="cloudwatch",
        LogExports=["connectionlog", "userlog", "useractivitylog"],
    )
    redshift.create_cluster(
        ClusterIdentifier="legacy",
        NodeType="dc2.large",
        ClusterType="single-node",
        DBName="legacy",
        Encrypted=False,
        PubliclyAccessible=True,
        **common,
    )
    redshift.enable_logging(ClusterIdentifier="legacy", BucketName="audit-logs")
    redshift.create_cluster(
        ClusterIdentifier="adhoc",
        NodeType="ra3.xlplus",
        ClusterType="single-node",
        DBName="adhoc",
        # AWS encrypts new clusters when not told (since 2025); moto does not, so say it.
        Encrypted=True,
        **common,
    )
    return key


def _live() -> tuple[dict[str, Cluster], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Cluster), "name"), run


def test_clusters_match_the_template(aws: None) -> None:
    key = _create_parity_clusters()
    live, run = _live()
    cfn = {c.name: c for c in cfn_objects("redshift").values() if isinstance(c, Cluster)}
    assert sorted(live) == sorted(cfn) == ["adhoc", "legacy", "warehouse"]
    warehouse = live["warehouse"]
    assert warehouse.kms_key_id == key
    assert_same(dataclasses.replace(warehouse, kms_key_id="alias/warehouse"), cfn["warehouse"])
    assert_same(live["legacy"], cfn["legacy"])
    assert live["legacy"].logging_destination == "s3"  # an answer without a type
    assert_same(live["adhoc"], cfn["adhoc"], ignore=ADHOC_LEFT_OPEN)
    arn = f"arn:aws:redshift:{REGION}:{ACCOUNT}:cluster:warehouse"
    assert warehouse.address == arn
    assert warehouse.location == CloudLocation(account=ACCOUNT, region=REGION, arn=arn)
    assert run.gaps == ()
    assert run.calls_by_operation["redshift:DescribeClusters"] == 1
    assert run.calls_by_operation["redshift:DescribeLoggingStatus"] == 3


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_clusters()
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.redshift.", name)
    from_cfn = verdicts([cfn_result("redshift")], "aws.redshift.", name)
    public = "aws.redshift.cluster_not_public"
    assert (public, "adhoc", "unknown") in from_cfn
    assert live == (from_cfn - {(public, "adhoc", "unknown")}) | {(public, "adhoc", "passed")}
    assert ("aws.redshift.cluster_audit_logging_enabled", "adhoc", "failed") in live


def _deny_logging(monkeypatch: pytest.MonkeyPatch, cluster: str, code: str) -> None:
    fail_calls(
        monkeypatch,
        "DescribeLoggingStatus",
        code=code,
        message="not allowed",
        when=lambda params: params["ClusterIdentifier"] == cluster,
    )


def test_a_denied_logging_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_clusters()
    _deny_logging(monkeypatch, "warehouse", "AccessDenied")
    live, run = _live()
    warehouse = live["warehouse"]
    assert isinstance(warehouse.logging_enabled, Unresolved)
    assert isinstance(warehouse.logging_destination, Unresolved)
    assert warehouse.encrypted is True  # the listing still says
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "redshift", "redshift:DescribeLoggingStatus: AccessDenied: not allowed")
    ]
    found = verdicts(run.results, "aws.redshift.", attrgetter("name"))
    assert ("aws.redshift.cluster_audit_logging_enabled", "warehouse", "unknown") in found
    assert ("aws.redshift.cluster_audit_logging_enabled", "legacy", "passed") in found


def test_a_cluster_deleted_meanwhile_is_skipped(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_clusters()
    _deny_logging(monkeypatch, "adhoc", "ClusterNotFound")
    live, run = _live()
    assert sorted(live) == ["legacy", "warehouse"]
    assert run.gaps == ()


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    _create_parity_clusters()
    _, run = _live()
    (spec,) = [s for s in builtin_collectors() if s.id == COLLECTOR]
    assert set(run.calls_by_operation) - RUN_CALLS == set(spec.actions)
