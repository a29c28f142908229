"""Tags on every live resource (``secfound.collect.live.tags``): read once per account
and region with the Resource Groups Tagging API, matched by ARN, so a mutelist ``tags:``
rule mutes live findings of any service; a denied read is a gap and mutes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from live_env import OTHER_REGION, REGION
from live_faults import fail_calls
from live_parity import of_type, run_collectors

from secfound.cli.main import main as cli
from secfound.model.aws.iam import Role, User
from secfound.model.aws.rds import DBInstance
from secfound.model.aws.s3 import Bucket

VERSIONING = "aws.s3.bucket_versioning_enabled"
RDS_ENCRYPTED = "aws.rds.db_instance_encrypted"
TAGGING = "resource-groups-tagging-api:GetResources"


def _bucket(name: str, environment: str, region: str = REGION) -> None:
    s3 = boto3.client("s3", region_name=region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_bucket_tagging(
        Bucket=name, Tagging={"TagSet": [{"Key": "Environment", "Value": environment}]}
    )


def _database(name: str, environment: str) -> None:
    boto3.client("rds", region_name=REGION).create_db_instance(
        DBInstanceIdentifier=name,
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-real-password-1",
        AllocatedStorage=20,
        StorageEncrypted=False,
        Tags=[{"Key": "Environment", "Value": environment}],
    )


def _estate() -> None:
    _bucket("sandbox-data", "sandbox")
    _bucket("prod-data", "prod")
    _database("sandbox-db", "sandbox")
    _database("prod-db", "prod")


def test_tags_reach_buckets_and_databases_once_per_region(aws: None) -> None:
    _estate()
    _bucket("eu-sandbox-data", "sandbox", OTHER_REGION)  # lives outside the run's regions
    run = run_collectors("s3.buckets", "rds.db_instances")
    buckets = {b.name: b for b in of_type(run, Bucket)}
    databases = {d.name: d for d in of_type(run, DBInstance)}
    assert buckets["sandbox-data"].tags == {"Environment": "sandbox"}
    assert buckets["prod-data"].tags == {"Environment": "prod"}
    # read where the bucket lives, and matched by its region-less ARN
    assert buckets["eu-sandbox-data"].tags == {"Environment": "sandbox"}
    assert databases["sandbox-db"].tags == {"Environment": "sandbox"}
    assert databases["prod-db"].tags == {"Environment": "prod"}
    assert run.gaps == ()
    assert run.calls_by_operation[TAGGING] == 2  # us-east-1 and eu-west-1, whatever the count


def test_iam_tags_come_with_the_authorization_details(aws: None) -> None:
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName="sandbox-bot", Tags=[{"Key": "Environment", "Value": "sandbox"}])
    iam.create_role(
        RoleName="sandbox-role",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
        Tags=[{"Key": "Environment", "Value": "sandbox"}],
    )
    run = run_collectors("iam.identities")
    (user,) = of_type(run, User)
    (role,) = of_type(run, Role)
    assert user.tags == role.tags == {"Environment": "sandbox"}
    # IAM is not in the Tagging API's answers: no call per user, no tagging call at all
    assert TAGGING not in run.calls_by_operation
    assert "iam:ListUserTags" not in run.calls_by_operation


def test_a_denied_tag_read_is_a_gap_and_leaves_tags_empty(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _estate()
    fail_calls(monkeypatch, "GetResources", code="AccessDeniedException", message="no")
    run = run_collectors("s3.buckets", "rds.db_instances")
    assert all(not r.tags for r in [*of_type(run, Bucket), *of_type(run, DBInstance)])
    assert [(g.region, g.service) for g in run.gaps] == [(REGION, "tag")]
    assert run.gaps[0].reason.startswith("tag:GetResources: AccessDeniedException: no")


def _assess_with_mutelist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    mutelist = tmp_path / "mute.yaml"
    mutelist.write_text(
        "mutelist:\n"
        "  - check: '*'\n"
        "    tags: {Environment: sandbox}\n"
        "    reason: sandboxes are rebuilt nightly\n"
        "    owner: platform\n"
    )
    report = tmp_path / "live.json"
    done = CliRunner().invoke(
        cli,
        [
            "assess",
            "--region",
            REGION,
            "--mutelist",
            str(mutelist),
            "--no-store",
            "-q",
            "--check",
            VERSIONING,
            "--check",
            RDS_ENCRYPTED,
            "--format",
            f"json:{report}",
        ],
    )
    assert done.exit_code == 1, done.output  # the prod findings still fail the run
    document: dict[str, Any] = json.loads(report.read_text())
    return document


def _by_resource(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (f["check_id"], f["location"]["arn"].rsplit(":", 1)[-1]): f
        for f in document["findings"]
        if f["check_id"] in (VERSIONING, RDS_ENCRYPTED)
    }


def test_a_tag_rule_mutes_bucket_and_database_findings(
    aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _estate()
    found = _by_resource(_assess_with_mutelist(tmp_path, monkeypatch))
    for muted in ((VERSIONING, "sandbox-data"), (RDS_ENCRYPTED, "sandbox-db")):
        assert found[muted]["status"] == "failed"
        assert found[muted]["suppressed"]["by"] == "mutelist"
        assert found[muted]["suppressed"]["reason"] == "sandboxes are rebuilt nightly"
    for kept in ((VERSIONING, "prod-data"), (RDS_ENCRYPTED, "prod-db")):
        assert found[kept]["status"] == "failed"
        assert "suppressed" not in found[kept]


def test_a_denied_tag_read_mutes_nothing(
    aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _estate()
    fail_calls(monkeypatch, "GetResources", code="AccessDeniedException", message="no")
    document = _assess_with_mutelist(tmp_path, monkeypatch)
    found = _by_resource(document)
    assert len(found) == 4
    assert all("suppressed" not in f and f["status"] == "failed" for f in found.values())
    tag_gaps = [g for g in document["gaps"] if g["service"] == "tag"]
    assert [g["region"] for g in tag_gaps] == [REGION]
    assert "tag:GetResources: AccessDeniedException" in tag_gaps[0]["reason"]
