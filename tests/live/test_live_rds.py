"""Live RDS instances and clusters: parity with tests/parity/rds, a denied call, the checks."""

from __future__ import annotations

import dataclasses
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
from secfound.model.aws.rds import DBCluster, DBInstance
from secfound.model.location import CloudLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

COLLECTORS = ("rds.db_instances", "rds.db_clusters")
# CloudFormation names an instance without DBInstanceIdentifier <stack>-<logical id>-<random>.
SCRATCH = "parity-scratchdb-1a2b3c4d"
SCRATCH_LEFT_OPEN = {
    "name": "the template lets CloudFormation generate the identifier",
    "backup_retention_days": "!Ref BackupDays has no value in the template",
}
# An Aurora member reports its cluster's settings; the template (rightly) leaves them out.
CLUSTER_SETTINGS = {
    "storage_encrypted": "the cluster's setting, reported on its member by AWS",
    "kms_key_id": "the cluster's setting, reported on its member by AWS",
    "backup_retention_days": "the cluster's setting, reported on its member by AWS",
    "db_cluster_identifier": "!Ref OrdersCluster is resolved only once deployed",
}


def _key(alias: str) -> str:
    """A customer managed key with the alias the template names; its ARN, which is how
    RDS reports a key whatever name it was given."""
    kms = boto3.client("kms", region_name=REGION)
    arn = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName=alias, TargetKeyId=arn)
    return arn


def _create_parity_databases() -> str:
    """tests/parity/rds/template.yaml, created in moto; the ARN of alias/rds."""
    key = _key("alias/rds")
    rds = boto3.client("rds", region_name=REGION)
    login = {"MasterUsername": "admin", "MasterUserPassword": "not-a-real-secret"}
    rds.create_db_instance(
        DBInstanceIdentifier="orders",
        DBInstanceClass="db.m6g.large",
        Engine="postgres",
        AllocatedStorage=100,
        StorageEncrypted=True,
        KmsKeyId=key,
        PubliclyAccessible=False,
        BackupRetentionPeriod=14,
        DeletionProtection=True,
        EnableIAMDatabaseAuthentication=True,
        AutoMinorVersionUpgrade=False,
        EnableCloudwatchLogsExports=["postgresql", "upgrade"],
        MultiAZ=True,
        **login,
    )
    rds.create_db_instance(
        DBInstanceIdentifier=SCRATCH,
        DBInstanceClass="db.t4g.micro",
        Engine="mysql",
        AllocatedStorage=20,
        PubliclyAccessible=False,
        **login,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="orders-cluster",
        Engine="aurora-postgresql",
        StorageEncrypted=True,
        KmsKeyId=key,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        EnableIAMDatabaseAuthentication=True,
        EnableCloudwatchLogsExports=["postgresql"],
        **login,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="orders-writer",
        DBClusterIdentifier="orders-cluster",
        DBInstanceClass="db.r6g.large",
        Engine="aurora-postgresql",
        PubliclyAccessible=False,
    )
    return key


def _named(resource: Any, key: str) -> Any:
    """``resource`` with the key's ARN written as the template names it."""
    assert resource.kms_key_id == key
    return dataclasses.replace(resource, kms_key_id="alias/rds")


def test_instances_and_clusters_match_the_template(aws: None) -> None:
    key = _create_parity_databases()
    run = run_collectors(*COLLECTORS)
    instances = by_field(of_type(run, DBInstance), "name")
    clusters = by_field(of_type(run, DBCluster), "name")
    cfn = cfn_objects("rds")
    assert sorted(instances) == sorted(["orders", SCRATCH, "orders-writer"])

    assert_same(_named(instances["orders"], key), cfn["OrdersDb"])
    assert_same(instances[SCRATCH], cfn["ScratchDb"], ignore=SCRATCH_LEFT_OPEN)
    assert instances[SCRATCH].backup_retention_days == 1  # the API's default
    assert_same(_named(clusters["orders-cluster"], key), cfn["OrdersCluster"])
    writer = instances["orders-writer"]
    assert_same(writer, cfn["OrdersWriter"], ignore=CLUSTER_SETTINGS)
    assert writer.db_cluster_identifier == "orders-cluster"
    assert isinstance(cfn["OrdersWriter"], DBInstance)
    assert isinstance(cfn["OrdersWriter"].db_cluster_identifier, Unresolved)

    arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders"
    assert instances["orders"].address == arn
    assert instances["orders"].location == CloudLocation(account=ACCOUNT, region=REGION, arn=arn)
    assert (
        clusters["orders-cluster"].address
        == f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:orders-cluster"
    )
    assert run.gaps == ()
    # One list call each, whatever the number of databases.
    assert run.calls_by_operation["rds:DescribeDBInstances"] == 1
    assert run.calls_by_operation["rds:DescribeDBClusters"] == 1


def _label(resource: Resource) -> Any:
    name = getattr(resource, "name", None)
    return "scratch" if name in (None, SCRATCH) else name


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_databases()
    run = run_collectors(*COLLECTORS)
    live = verdicts(run.results, "aws.rds.", _label)
    from_cfn = verdicts([cfn_result("rds")], "aws.rds.", _label)
    # The template leaves ScratchDb's retention to a parameter; live reads AWS's 1 day.
    backups = "aws.rds.db_instance_backups_retained"
    assert (backups, "scratch", "unknown") in from_cfn
    from_cfn = (from_cfn - {(backups, "scratch", "unknown")}) | {(backups, "scratch", "failed")}
    assert live == from_cfn
    assert ("aws.rds.db_cluster_encrypted", "orders-cluster", "passed") in live
    # An Aurora member is judged by its cluster; only its own settings are asked of it.
    assert {(v[0], v[2]) for v in live if v[1] == "orders-writer"} == {
        ("aws.rds.db_instance_minor_upgrades_automatic", "passed"),
        ("aws.rds.db_instance_not_public", "passed"),
    }


def test_neptune_and_documentdb_are_not_rds_databases(aws: None) -> None:
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster(
        DBClusterIdentifier="graph",
        Engine="neptune",
        MasterUsername="a",
        MasterUserPassword="x" * 8,
    )
    rds.create_db_cluster(
        DBClusterIdentifier="docs",
        Engine="aurora-mysql",
        MasterUsername="a",
        MasterUserPassword="x" * 8,
    )
    run = run_collectors("rds.db_clusters")
    assert [c.name for c in of_type(run, DBCluster)] == ["docs"]


def _deny(monkeypatch: pytest.MonkeyPatch, operation: str) -> None:
    fail_calls(monkeypatch, operation, code="AccessDenied", message="no")


def test_a_denied_listing_is_a_gap_and_never_a_pass(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_databases()
    _deny(monkeypatch, "DescribeDBClusters")
    run = run_collectors(*COLLECTORS)
    assert of_type(run, DBCluster) == []
    assert len(of_type(run, DBInstance)) == 3  # the other collector is not affected
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "rds", "rds.db_clusters: AccessDenied: no")
    ]
    found = verdicts(run.results, "aws.rds.db_cluster", _label)
    assert found == set()


def test_the_collectors_call_only_what_they_declare(aws: None) -> None:
    _create_parity_databases()
    run = run_collectors(*COLLECTORS)
    declared = {a for s in builtin_collectors() if s.id in COLLECTORS for a in s.actions}
    assert set(run.calls_by_operation) - RUN_CALLS == declared
