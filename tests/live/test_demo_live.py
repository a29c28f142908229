"""The live half of ``secfound demo``: the sample organization in moto, assessed offline,
and its IaC twin judged alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.handlers import BUILTIN_HANDLERS

from secfound.cli.assess_cmd import assess_report
from secfound.cli.run import scan_report, settings_from_options
from secfound.collect.live.assess import AssessSettings
from secfound.config import Config
from secfound.demo import estate_path
from secfound.demo.live import (
    DEMO_REGIONS,
    MANAGEMENT_ACCOUNT,
    SampleOrganization,
    build_sample_organization,
    offline_aws,
)
from secfound.findings import Status
from secfound.report.model import RunReport
from secfound.scan import ScanInputs

QUIET = settings_from_options(Config(), quiet=True)


@pytest.fixture(scope="module")
def organization() -> Iterator[tuple[SampleOrganization, RunReport]]:
    """The sample organization, assessed once for the module (it takes a few seconds)."""
    with offline_aws():
        built = build_sample_organization()
        report, _run = assess_report(QUIET, AssessSettings(regions=built.regions, org=True))
    yield built, report


def _verdicts(report: RunReport, account: str | None = None) -> dict[str, set[tuple[str, str]]]:
    """status -> {(check id, resource address)}, for one account's findings if named."""
    found: dict[str, set[tuple[str, str]]] = {}
    for f in report.findings:
        if account is None or getattr(f.location, "account", None) == account:
            found.setdefault(f.status.value, set()).add((f.check_id, f.resource.address))
    return found


def _checks(pairs: set[tuple[str, str]], address: str | None = None) -> set[str]:
    return {check for check, where in pairs if address is None or where.endswith(address)}


def test_the_workload_account_fails_every_check_its_templates_fail(
    organization: tuple[SampleOrganization, RunReport],
) -> None:
    built, report = organization
    iac = scan_report("demo", ScanInputs(paths=(estate_path(),), root=estate_path()), QUIET)
    iac_failed = {f.check_id for f in iac.findings if f.status is Status.FAILED}
    live = _verdicts(report, built.workload)
    assert iac_failed, "the estate's deliberate mistakes"
    assert iac_failed <= _checks(live["failed"]), sorted(iac_failed - _checks(live["failed"]))


def test_the_data_bucket_passes_live_what_it_passes_in_the_template(
    organization: tuple[SampleOrganization, RunReport],
) -> None:
    built, report = organization
    iac = scan_report("demo", ScanInputs(paths=(estate_path(),), root=estate_path()), QUIET)
    template = {
        f.check_id
        for f in iac.findings
        if f.resource.address == "OrdersBucket"
        and f.status is Status.PASSED
        # checks on the template's own text (hard-coded secrets) have no live twin
        and not f.check_id.startswith("aws.general.")
    }
    live = _verdicts(report, built.workload)
    data_bucket = ":::orders-prod-data"
    assert "aws.s3.bucket_encrypted_with_kms" in template
    assert template <= _checks(live["passed"], data_bucket)
    assert not _checks(live.get("failed", set()), data_bucket)


def test_the_threat_models_arns_are_the_deployed_resources(
    organization: tuple[SampleOrganization, RunReport],
) -> None:
    # examples/threatmodel.yaml names live ARNs where the demo deploys under fixed names;
    # each must be a resource the assessment of the member account reports.
    from secfound.threats.schema import load_model

    built, report = organization
    model = load_model(estate_path() / "threatmodel.yaml")
    account = next(b for b in model.boundaries if b.kind == "account")
    assert account.aws_id == built.workload
    arns = {r for c in model.components for r in c.resources if r.startswith("arn:")}
    assert len(arns) >= 8
    live = {f.resource.address for f in report.findings}
    assert arns <= live, sorted(arns - live)


def test_the_organization_has_the_account_level_mistakes(
    organization: tuple[SampleOrganization, RunReport],
) -> None:
    built, report = organization
    assert built.regions == DEMO_REGIONS
    management = _verdicts(report, MANAGEMENT_ACCOUNT)
    failed = management["failed"]
    # users without MFA, a workload in the management account, no organization trail
    assert ("aws.iam.user_with_console_password_has_mfa", "alice") in {
        (c, a.rsplit("/", 1)[-1]) for c, a in failed
    }
    assert ("aws.iam.user_with_console_password_has_mfa", "carol") in {
        (c, a.rsplit("/", 1)[-1]) for c, a in management["passed"]
    }
    assert "aws.ec2.instance_requires_imdsv2" in _checks(failed)
    trails = {a for c, a in failed if c == "aws.services.cloudtrail_enabled"}
    assert {a.split("/")[1] for a in trails} == set(DEMO_REGIONS)
    # GuardDuty: on in the first region, off in the second, in both accounts
    for account in (MANAGEMENT_ACCOUNT, built.workload):
        verdicts = _verdicts(report, account)
        guardduty = {
            status: {a.split("/")[1] for c, a in pairs if c == "aws.services.guardduty_enabled"}
            for status, pairs in verdicts.items()
        }
        assert guardduty["passed"] == {DEMO_REGIONS[0]}
        assert guardduty["failed"] == {DEMO_REGIONS[1]}
    # the management account gets the account-wide guards right, the member does not
    assert "aws.account.s3_public_access_blocked" in _checks(management["passed"])
    member_failed = _checks(_verdicts(report, built.workload)["failed"])
    assert "aws.account.s3_public_access_blocked" in member_failed


def test_offline_aws_hides_and_restores_the_users_aws_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://example.com")
    handlers = list(BUILTIN_HANDLERS)
    with offline_aws():
        assert "AWS_PROFILE" not in os.environ
        assert "AWS_ENDPOINT_URL" not in os.environ
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        identity = boto3.client("sts", region_name="us-east-1").get_caller_identity()
        assert identity["Account"] == MANAGEMENT_ACCOUNT
    assert os.environ["AWS_PROFILE"] == "production"
    assert os.environ["AWS_ENDPOINT_URL"] == "https://example.com"
    assert list(BUILTIN_HANDLERS) == handlers


def test_a_request_moto_does_not_claim_never_leaves_the_process() -> None:
    # Security Incident Response lives on *.api.aws, which moto lets through; the test
    # guard (tests/conftest.py) would raise RuntimeError on a connection attempt.
    with offline_aws(), pytest.raises(ClientError) as caught:
        boto3.client("security-ir", region_name="us-east-1").list_memberships()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_without_moto_the_live_half_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from secfound.cli.demo_live import run_live_demo

    monkeypatch.setitem(sys.modules, "moto", None)  # import moto -> ImportError
    run_live_demo(settings_from_options(Config()))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "secfound: live demo skipped: moto is not installed (pip install 'secfound[demo]')"
    ]


def _formats(report: Path) -> list[str]:
    return ["--format", "table", "--format", f"json:{report}"]


@pytest.mark.e2e
def test_demo_prints_the_iac_then_the_live_table_and_stores_both(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "secfound", "demo", "--db", db, *_formats(report)],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    iac_end = done.stdout.index("43 resources")  # the IaC summary line
    live_start = done.stdout.index("Live: the sample organization in moto")
    assert iac_end < live_start
    assert "orders-prod-assets" in done.stdout[live_start:]
    iac = json.loads(report.read_text())
    live = json.loads((tmp_path / "report.live.json").read_text())
    assert iac["run"]["command"] == "demo"
    assert live["run"]["command"] == "assess"
    accounts = {f["location"]["account"] for f in live["findings"]}
    assert MANAGEMENT_ACCOUNT in accounts
    assert len(accounts) == 2
    stored = [line for line in done.stderr.splitlines() if line.startswith("secfound: stored run")]
    assert len(stored) == 2
    history = subprocess.run(
        [sys.executable, "-m", "secfound", "history", "--db", db, "--format", "json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert history.returncode == 0, history.stderr
    runs: Any = json.loads(history.stdout)
    listed = runs if isinstance(runs, list) else runs.get("runs", [])
    assert {r["command"] for r in listed} == {"demo", "assess"}

    # Issue 7's bar: every CIS v5.0.0 requirement gets a state from the demo's evidence.
    status = subprocess.run(
        [sys.executable, "-m", "secfound", "controls", "status", "--framework", "cis-aws-5.0",
         "--db", db, "--format", "json"],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert status.returncode == 0, status.stderr
    requirements = json.loads(status.stdout)["requirements"]["items"]
    assert len(requirements) == 63
    assert all(item["state"] for item in requirements)
    assert {item["state"] for item in requirements} >= {"passing", "failing"}
    assert "secfound: CIS AWS Foundations v5.0.0:" in done.stderr

    # The demo ends with the sample workload's threat register, stored with its history.
    tail = done.stderr.strip().splitlines()
    (heading,) = [i for i, line in enumerate(tail) if "threat register of 'orders'" in line]
    assert tail[-1].startswith("secfound: stored register ")
    assert len(tail) - heading >= 5  # the heading, the riskiest rows, where to read the rest
    snapshots = subprocess.run(
        [sys.executable, "-m", "secfound", "threats", "history", "--db", db, "--format", "json"],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert snapshots.returncode == 0, snapshots.stderr
    assert "orders" in snapshots.stdout
