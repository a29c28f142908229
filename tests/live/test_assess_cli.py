"""``secfound assess`` and ``secfound permissions`` as real processes, against moto_server
over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from live_env import REGION

from secfound.collect.live.session import without_account_host


def _secfound(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "secfound", *args],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=300,
    )


@pytest.mark.e2e
def test_assess_an_organization_over_http(moto_server: str, tmp_path: Path) -> None:
    def client(service: str, **credentials: str) -> Any:
        return boto3.client(service, region_name=REGION, endpoint_url=moto_server, **credentials)

    client("guardduty").create_detector(Enable=False)
    control = client("s3control")
    control.meta.events.register("before-sign.s3-control", without_account_host)
    control.put_public_access_block(
        AccountId="123456789012",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    member = org.create_account(AccountName="workload", Email="w@example.com")
    member_id = member["CreateAccountStatus"]["AccountId"]
    role = f"arn:aws:iam::{member_id}:role/OrganizationAccountAccessRole"
    entered = client("sts").assume_role(RoleArn=role, RoleSessionName="setup")["Credentials"]
    client(
        "guardduty",
        aws_access_key_id=entered["AccessKeyId"],
        aws_secret_access_key=entered["SecretAccessKey"],
        aws_session_token=entered["SessionToken"],
    ).create_detector(Enable=True)

    report = tmp_path / "live.json"
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    done = _secfound(
        "assess",
        "--org",
        "--endpoint-url",
        moto_server,
        "--region",
        REGION,
        "--format",
        f"json:{report}",
        "--db",
        db,
        # moto_server answers HTTP 500 for the services it does not mock; real AWS does
        # not, and ten retries each would only slow the test down.
        env={"AWS_MAX_ATTEMPTS": "1"},
    )
    assert done.returncode == 1, done.stderr  # the suspended detector fails its check
    document = json.loads(report.read_text())
    assert document["run"]["command"] == "assess"
    detectors = {
        f["location"]["account"]: f
        for f in document["findings"]
        if f["check_id"] == "aws.guardduty.detector_enabled"
    }
    assert detectors["123456789012"]["status"] == "failed"
    assert detectors[member_id]["status"] == "passed"
    arn = detectors["123456789012"]["location"]["arn"]
    assert arn.startswith("arn:aws:guardduty:us-east-1:123456789012:detector/")
    assert f"coverage {member_id}/{REGION}" in done.stderr
    # S3 Control's account-id host prefix does not break a local endpoint.
    assert not [g for g in document["gaps"] if g["service"] in ("s3control", "s3")], document[
        "gaps"
    ]
    (block,) = [
        f
        for f in document["findings"]
        if f["check_id"] == "aws.account.s3_public_access_blocked"
        and f["location"]["account"] == "123456789012"
    ]
    assert block["status"] == "passed"
    assert f"stored run {document['run']['id']}" in done.stderr

    history = _secfound("history", "--db", db, "--format", "json")
    assert history.returncode == 0, history.stderr
    assert document["run"]["id"] in history.stdout


@pytest.mark.e2e
def test_assess_without_credentials_exits_2(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    clean.update(
        AWS_EC2_METADATA_DISABLED="true",
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_CONFIG_FILE=str(tmp_path / "none"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "secfound", "assess", "--region", REGION, "--no-store"],
        check=False,
        capture_output=True,
        text=True,
        env=clean,
        timeout=120,
    )
    assert done.returncode == 2
    assert "secfound: error: no AWS credentials found" in done.stderr
    assert "Traceback" not in done.stderr


def test_permissions_lists_every_declared_action() -> None:
    done = _secfound("permissions")
    assert done.returncode == 0, done.stderr
    policy = json.loads(done.stdout)
    actions = policy["Statement"][0]["Action"]
    assert actions == sorted(actions)
    assert {"guardduty:GetDetector", "ec2:DescribeRegions", "organizations:ListAccounts"} <= set(
        actions
    )
    read_only = ("Get", "List", "Describe", "Generate", "BatchGet")  # iam:Generate…, inspector2
    # IAM names every API Gateway read apigateway:GET.
    assert not [
        a for a in actions if not a.split(":")[1].startswith(read_only) and a != "apigateway:GET"
    ]


def test_permissions_name_the_role_assess_assumes() -> None:
    done = _secfound("permissions", "--role-name", "SecurityAudit")
    assert done.returncode == 0, done.stderr
    member = json.loads(done.stdout)["Statement"][1]
    assert member["Action"] == ["sts:AssumeRole"]
    assert member["Resource"] == "arn:*:iam::*:role/SecurityAudit"


def test_the_well_architected_policy_is_printed_apart() -> None:
    from secfound.integrations.wellarchitected.client import REQUIRED_ACTIONS

    assess = json.loads(_secfound("permissions").stdout)
    assert not [a for s in assess["Statement"] for a in s["Action"] if "wellarchitected" in a]
    done = _secfound("permissions", "--wa")
    assert done.returncode == 0, done.stderr
    (statement,) = json.loads(done.stdout)["Statement"]
    assert statement["Action"] == sorted(REQUIRED_ACTIONS)
    assert statement["Resource"].endswith(":workload/*")
