"""``secfound controls status / attest / attestations`` end to end: real scans stored with
``--db``, then the command line in a subprocess."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from secfound.controls.frameworks import load_frameworks

Runner = Callable[..., subprocess.CompletedProcess[str]]

TEMPLATE = """resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  ingress {
    description = "HTTPS from the VPN"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"""
STATES = {"passing", "failing", "unknown", "manual", "not applicable", "not covered"}
MANUAL_OBJECTIVE = "network-rules-reviewable"  # has checks and manual controls


def _today() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def stored(secfound: Runner, repo: Path) -> str:
    (repo / "main.tf").write_text(TEMPLATE)
    db = f"sqlite:///{repo / 'runs.db'}"
    done = secfound("scan", str(repo), "--db", db, "-q", "--format", "json")
    assert done.returncode == 1, done.stderr
    return db


def _status(secfound: Runner, db: str, *args: str) -> dict[str, Any]:
    done = secfound("controls", "status", "--db", db, "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _objective(document: dict[str, Any], objective_id: str) -> dict[str, Any]:
    (found,) = [o for o in document["objectives"]["items"] if o["id"] == objective_id]
    return found


def test_status_judges_objectives_from_the_stored_scan(secfound: Runner, stored: str) -> None:
    document = _status(secfound, stored)
    versioning = _objective(document, "data-recoverable-after-deletion")
    assert versioning["state"] == "failing"
    assert any(f["resource"].startswith("aws_s3_bucket.logs") for f in versioning["failing"])
    # No RDS in the repository: not applicable, never passing.
    assert _objective(document, "data-stores-protected-from-deletion")["state"] == "not applicable"
    assert {o["state"] for o in document["objectives"]["items"]} <= STATES
    assert sum(document["objectives"]["counts"].values()) == len(document["objectives"]["items"])
    assert len(document["evidence"]) == 1


def test_every_requirement_of_a_framework_gets_a_state(secfound: Runner, stored: str) -> None:
    (cis,) = [f for f in load_frameworks() if f.id == "cis-aws-5.0"]
    document = _status(secfound, stored, "--framework", "cis-aws-5.0")
    items = document["requirements"]["items"]
    assert [item["id"] for item in items] == [r.id for r in cis.requirements]
    assert all(item["state"] in STATES for item in items)


def test_the_table_lists_failing_resources(secfound: Runner, stored: str) -> None:
    done = secfound("controls", "status", "--db", stored, "--failing-only")
    assert done.returncode == 0, done.stderr
    assert "data-recoverable-after-deletion" in done.stdout
    assert "Failing resources:" in done.stdout
    assert "aws_s3_bucket.logs" in done.stdout
    assert "not applicable" not in done.stdout.split("Objectives:")[0]


def test_an_attestation_covers_manual_controls_until_it_expires(
    secfound: Runner, stored: str
) -> None:
    before = _objective(_status(secfound, stored), MANUAL_OBJECTIVE)
    assert (before["state"], before["attested"]) == ("unknown", False)
    expires = (_today() + timedelta(days=30)).date().isoformat()
    done = secfound(
        "controls", "attest", MANUAL_OBJECTIVE, "--by", "alice", "--evidence",
        "https://tickets.example/SEC-7", "--expires", expires, "--db", stored,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"until {expires}" in done.stdout
    after = _objective(_status(secfound, stored), MANUAL_OBJECTIVE)
    assert after["attested"] is True
    assert after["attestation"]["by"] == "alice"
    assert after["state"] == "passing"
    later = (_today() + timedelta(days=31)).date().isoformat()
    expired = _objective(_status(secfound, stored, "--as-of", later), MANUAL_OBJECTIVE)
    assert expired["state"] == "failing"
    assert f"expired on {expires}" in expired["reason"]
    trail = secfound("controls", "attestations", "--db", stored, "--format", "json")
    assert [a["by"] for a in json.loads(trail.stdout)["attestations"]] == ["alice"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-objective",), "no control objective 'no-such-objective'"),
        (("network-rules-reviewabel",), f"did you mean {MANUAL_OBJECTIVE}"),
        (("data-at-rest-encrypted",), "has no manual controls"),
        ((MANUAL_OBJECTIVE, "--expires", "2020-01-01"), "is in the past"),
        ((MANUAL_OBJECTIVE, "--expires", "next week"), "is not a date (YYYY-MM-DD)"),
    ],
)
def test_attest_refuses_bad_input(
    secfound: Runner, stored: str, args: tuple[str, ...], message: str
) -> None:
    defaults = {"--expires": (_today() + timedelta(days=1)).date().isoformat()}
    for index, arg in enumerate(args):
        if arg in defaults:
            defaults[arg] = args[index + 1]
    objective = args[0]
    done = secfound(
        "controls", "attest", objective, "--by", "bob", "--evidence", "https://x.example",
        "--expires", defaults["--expires"], "--db", stored,
    )  # fmt: skip
    assert done.returncode == 2
    assert message in done.stderr
    trail = secfound("controls", "attestations", "--db", stored, "--format", "json")
    assert json.loads(trail.stdout)["attestations"] == []


def test_status_errors_are_one_line_and_exit_2(
    secfound: Runner, stored: str, tmp_path: Path
) -> None:
    unknown = secfound("controls", "status", "--db", stored, "--framework", "cis-aws-9.9")
    assert unknown.returncode == 2
    assert "no framework 'cis-aws-9.9'; known:" in unknown.stderr
    missing = secfound("controls", "status", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.returncode == 2
    assert "no runs are stored yet" in missing.stderr
    bad_date = secfound("controls", "status", "--db", stored, "--as-of", "yesterday")
    assert bad_date.returncode == 2
    assert "--as-of 'yesterday' is not a date" in bad_date.stderr


VERSIONING = """resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
"""


def test_effectiveness_per_objective_follows_a_fix(
    secfound: Runner, stored: str, repo: Path
) -> None:
    (repo / "main.tf").write_text(TEMPLATE + VERSIONING)
    again = secfound("scan", str(repo), "--db", stored, "-q", "--format", "json")
    assert again.returncode == 1, again.stderr
    done = secfound("controls", "effectiveness", "--db", stored, "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert len(document["runs"]) == 2
    (group,) = [
        g for g in document["by_objective"] if g["key"] == "data-recoverable-after-deletion"
    ]
    assert [run["open"] for run in group["runs"]] == [1, 0]
    assert group["fixes"] == 1
    assert group["title"]
    table = secfound("controls", "effectiveness", "--db", stored)
    assert table.returncode == 0, table.stderr
    assert "data-recoverable-after-deletion" in table.stdout


USER_OBJECTIVES = """version: 1
objectives:
  - id: change-approval-recorded
    title: Changes are approved before they reach production
    statement: Every production change has a recorded approval.
    rationale: Unreviewed changes are a common cause of exposure.
    type: preventive
    manual_controls:
      - Review the change log against approvals each quarter.
"""
USER_FRAMEWORK = """schema_version: 1
id: acme-baseline
title: ACME cloud baseline
version: "1"
publisher: ACME security
source: https://security.acme.example/baseline
reference_key: acme
id_pattern: "ACME-[0-9]+"
requirements:
  - id: ACME-1
    title: Buckets keep versions
    checks: [aws.s3.bucket_versioning_enabled]
  - id: ACME-2
    title: Changes are approved
    objectives: [change-approval-recorded]
  - id: ACME-3
    title: Something nobody judges yet
"""


def test_a_users_catalog_directory_adds_objectives_and_frameworks(
    secfound: Runner, stored: str, tmp_path: Path
) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "frameworks").mkdir(parents=True)
    (catalog / "objectives.yaml").write_text(USER_OBJECTIVES)
    (catalog / "frameworks" / "acme-baseline.yaml").write_text(USER_FRAMEWORK)
    args = ("--framework", "acme-baseline", "--catalog", str(catalog))
    document = _status(secfound, stored, *args)
    states = {item["id"]: item["state"] for item in document["requirements"]["items"]}
    assert states == {"ACME-1": "failing", "ACME-2": "manual", "ACME-3": "not covered"}
    assert _objective(document, "change-approval-recorded")["attested"] is False
    done = secfound(
        "controls", "attest", "change-approval-recorded", "--by", "cab", "--evidence",
        "https://x.example/cab", "--expires", "2099-01-01", "--db", stored,
        "--catalog", str(catalog),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    after = _status(secfound, stored, *args)
    (acme2,) = [i for i in after["requirements"]["items"] if i["id"] == "ACME-2"]
    assert (acme2["state"], acme2["attested"]) == ("manual", True)
    (catalog / "objectives.yaml").write_text(
        USER_OBJECTIVES.replace("type: preventive", "type: sometimes")
    )
    bad = secfound("controls", "status", "--db", stored, *args)
    assert bad.returncode == 2
    assert f"{catalog / 'objectives.yaml'}:" in bad.stderr


def test_the_config_file_names_catalog_directories(
    secfound: Runner, stored: str, repo: Path
) -> None:
    catalog = repo / "policy"
    (catalog / "frameworks").mkdir(parents=True)
    (catalog / "objectives.yaml").write_text(USER_OBJECTIVES)
    (catalog / "frameworks" / "acme-baseline.yaml").write_text(USER_FRAMEWORK)
    (repo / ".secfound.yaml").write_text("catalog: [policy]\n")
    done = secfound(
        "controls", "status", "--db", stored, "--framework", "acme-baseline", "--format", "json",
        cwd=repo,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ids = [item["id"] for item in json.loads(done.stdout)["requirements"]["items"]]
    assert ids == ["ACME-1", "ACME-2", "ACME-3"]


def test_a_scan_of_one_check_keeps_the_other_checks_evidence(
    secfound: Runner, stored: str, repo: Path
) -> None:
    before = {o["id"]: o["state"] for o in _status(secfound, stored)["objectives"]["items"]}
    one = secfound(
        "scan", str(repo), "--db", stored, "-q", "--check", "aws.s3.bucket_versioning_enabled"
    )
    assert one.returncode == 1, one.stderr
    after = {o["id"]: o["state"] for o in _status(secfound, stored)["objectives"]["items"]}
    assert after == before
    history = secfound("history", "--db", stored, "--scopes", "--format", "json")
    scopes = json.loads(history.stdout)["scopes"]
    assert len(scopes) == 2  # the one-check run is a scope of its own


USER_CHECK = '''"""S3 bucket carries an explicit name.

Generated names make buckets hard to find in an incident.

Remediation:
    Terraform: bucket.
"""
from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(severity=Severity.LOW, objectives=["buckets-named"])
def bucket_named(bucket: Bucket) -> Verdict:
    if bucket.name is None:
        return failed("the bucket has no explicit name")
    return passed(f"named {bucket.name}")
'''
NAMED_OBJECTIVE = """version: 1
objectives:
  - id: buckets-named
    title: Buckets carry explicit names
    statement: Every bucket is created with a name chosen by its owner.
    rationale: Generated names make buckets hard to find in an incident.
    type: detective
"""


def test_a_users_own_check_serves_a_users_own_objective(secfound: Runner, repo: Path) -> None:
    (repo / "main.tf").write_text(TEMPLATE)
    (repo / "policies" / "s3").mkdir(parents=True)
    (repo / "policies" / "s3" / "bucket_named.py").write_text(USER_CHECK)
    (repo / "catalog").mkdir()
    (repo / "catalog" / "objectives.yaml").write_text(NAMED_OBJECTIVE)
    (repo / ".secfound.yaml").write_text("checks_dirs: [policies]\ncatalog: [catalog]\n")
    db = f"sqlite:///{repo / 'runs.db'}"
    scanned = secfound("scan", str(repo), "--db", db, "-q", cwd=repo)
    assert scanned.returncode == 1, scanned.stderr
    done = secfound("controls", "status", "--db", db, "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stderr
    named = _objective(json.loads(done.stdout), "buckets-named")
    assert named["checks"] == ["custom.s3.bucket_named"]
    assert (named["state"], named["counts"]["passed"]) == ("passing", 1)
