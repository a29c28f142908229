"""``secfound threats register | accept | diff | history`` as real processes, on a stored scan
of a small Terraform repository and a model whose components name its addresses."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

TERRAFORM = """
resource "aws_s3_bucket" "orders" {
  bucket = "orders-data"
}

resource "aws_s3_bucket_versioning" "orders" {
  bucket = aws_s3_bucket.orders.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "orders-logs"
}
"""

RULES = """
version: 1
pack: test-pack
rules:
  - id: TEST-DS-001
    title: Stored data lost to deletion
    description: A data store whose data cannot be recovered after a deletion.
    applies_to: component
    stride: tampering
    likelihood: 4
    mitigations: [data-recoverable-after-deletion]
    when: {kind: datastore}
  - id: TEST-DS-002
    title: Stored data read in transit
    description: Data read from the store over an unencrypted connection.
    applies_to: component
    stride: information-disclosure
    likelihood: 3
    mitigations: [data-recoverable-after-deletion, data-in-transit-encrypted]
    when: {kind: datastore}
"""

MODEL = """
version: 1
name: shop
assets:
  - id: orders
    name: Orders
    classification: confidential
    confidentiality: high
    integrity: high
    availability: medium
components:
  - id: orders-bucket
    name: Orders bucket
    kind: datastore
    resources: [aws_s3_bucket.orders]
    stores: [orders]
  - id: logs-bucket
    name: Logs bucket
    kind: datastore
    resources: [aws_s3_bucket.logs]
"""

# The next version: the logs bucket goes, an archive comes, the orders bucket holds
# restricted data now (impact 5 instead of 4).
MODEL_V2 = (
    MODEL.replace("classification: confidential", "classification: restricted")
    .replace(
        "  - id: logs-bucket\n    name: Logs bucket",
        "  - id: archive-bucket\n    name: Archive bucket",
    )
    .replace("[aws_s3_bucket.logs]", "[aws_s3_bucket.archive]")
)


def secfound(*args: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("SECFOUND_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "secfound", *map(str, args)],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def workspace(tmp_path: Path) -> dict[str, Any]:
    # SQLite only: the store tests (test_register_store.py) run on both databases.
    store_url = f"sqlite:///{tmp_path / 'runs.db'}"
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.tf").write_text(TERRAFORM)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "test.yaml").write_text(RULES)
    (tmp_path / "threatmodel.yaml").write_text(MODEL)
    (tmp_path / "v2.yaml").write_text(MODEL_V2)
    secfound("scan", repo, "--db", store_url, "--format", "json", cwd=tmp_path, check=False)
    # The objective has manual controls: its checks count only once they are attested.
    secfound(
        "controls",
        "attest",
        "data-recoverable-after-deletion",
        "--by",
        "ops",
        "--evidence",
        "https://tickets.example/1",
        "--expires",
        "2099-01-01",
        "--db",
        store_url,
        cwd=tmp_path,
    )
    return {"dir": tmp_path, "db": store_url}


def register(ws: dict[str, Any], *extra: str) -> dict[str, dict[str, Any]]:
    result = secfound(
        "threats",
        "register",
        "--rules",
        ws["dir"] / "rules",
        "--db",
        ws["db"],
        "--format",
        "json",
        *extra,
        cwd=ws["dir"],
    )
    document = json.loads(result.stdout)
    return {t["id"]: t for t in document["threats"] if t["rule"].startswith("TEST-")}


def test_register_scores_on_the_stored_scan(workspace: dict[str, Any]) -> None:
    threats = register(workspace)
    assert set(threats) == {
        "TEST-DS-001@orders-bucket",
        "TEST-DS-002@orders-bucket",
        "TEST-DS-001@logs-bucket",
        "TEST-DS-002@logs-bucket",
    }
    mitigated = threats["TEST-DS-001@orders-bucket"]
    assert (mitigated["status"], mitigated["inherent"], mitigated["residual"]) == (
        "mitigated",
        16,
        4,
    )
    partial = threats["TEST-DS-002@orders-bucket"]
    assert partial["status"] == "open"
    assert (partial["residual_likelihood"], partial["residual"]) == (2, 8)  # 3 - floor(2 * 1/2)
    states = {o["id"]: o["state"] for o in partial["objectives"]}
    assert states == {
        "data-recoverable-after-deletion": "passing",
        "data-in-transit-encrypted": "failing",
    }
    failing = threats["TEST-DS-001@logs-bucket"]
    assert failing["status"] == "open" and failing["residual"] == failing["inherent"]
    (item,) = failing["objectives"][0]["failing"]
    assert item["check"] == "aws.s3.bucket_versioning_enabled"
    assert item["resource"].startswith("aws_s3_bucket.logs")


def test_table_and_csv(workspace: dict[str, Any]) -> None:
    common = ("threats", "register", "--rules", workspace["dir"] / "rules", "--db")
    table = secfound(*common, workspace["db"], "--no-store", cwd=workspace["dir"]).stdout
    assert "TEST-DS-001@orders-bucket" in table and "8 medium" in table
    assert "data-in-transit-encrypted: failing" in table
    # Sorted by residual risk: the partly mitigated threat (8) before the mitigated one (4).
    assert table.index("TEST-DS-002@orders-bucket") < table.index("TEST-DS-001@orders-bucket")
    out = workspace["dir"] / "register.csv"
    secfound(*common, workspace["db"], "--format", "csv", "-o", out, cwd=workspace["dir"])
    rows = [r for r in csv.DictReader(io.StringIO(out.read_text())) if r["rule"] >= "TEST"]
    assert [r["id"] for r in rows][:2] == ["TEST-DS-002@orders-bucket", "TEST-DS-001@orders-bucket"]
    assert rows[0]["objectives"] == (
        "data-recoverable-after-deletion=passing; data-in-transit-encrypted=failing"
    )


def test_accept_then_expire_and_history(workspace: dict[str, Any]) -> None:
    ws, db = workspace, workspace["db"]
    register(ws)
    until = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    accepted = secfound(
        "threats",
        "accept",
        "TEST-DS-001@logs-bucket",
        "--by",
        "alice",
        "--reason",
        "logs are rebuilt from the source",
        "--until",
        until,
        "--db",
        db,
        "--rules",
        ws["dir"] / "rules",
        cwd=ws["dir"],
    )
    assert "accepted: TEST-DS-001@logs-bucket by alice" in accepted.stdout
    secfound(
        "threats",
        "accept",
        "TEST-DS-002@logs-bucket",
        "--by",
        "bob",
        "--reason",
        "not a real path",
        "--until",
        until,
        "--as",
        "false-positive",
        "--db",
        db,
        "--rules",
        ws["dir"] / "rules",
        cwd=ws["dir"],
    )
    now = register(ws)
    assert now["TEST-DS-001@logs-bucket"]["status"] == "accepted"
    assert now["TEST-DS-001@logs-bucket"]["decision"]["by"] == "alice"
    assert now["TEST-DS-002@logs-bucket"]["status"] == "false-positive"
    after = (datetime.now(UTC).date() + timedelta(days=31)).isoformat()
    later = register(ws, "--as-of", after, "--no-store")
    assert later["TEST-DS-001@logs-bucket"]["status"] == "open"
    assert any("expired" in n for n in later["TEST-DS-001@logs-bucket"]["notes"])

    history = json.loads(
        secfound("threats", "history", "--db", db, "--format", "json", cwd=ws["dir"]).stdout
    )["snapshots"]
    assert len(history) == 2  # --no-store stored nothing
    assert history[0]["counts"]["accepted"] == 0
    assert history[1]["counts"]["accepted"] >= 1
    assert history[1]["counts"]["false-positive"] >= 1
    assert history[1]["total_residual"] <= history[0]["total_residual"]
    table = secfound("threats", "history", "--db", db, cwd=ws["dir"]).stdout
    assert history[1]["id"][:8] in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("not-a-threat-id",), "is not a threat id"),
        (("TEST-DS-001@logs-bucket", "--until", "2020-01-01"), "is in the past"),
        (("TEST-DS-001@logs-bucket", "--until", "soon"), "is not a date"),
    ],
)
def test_accept_refuses_bad_input(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    base = ["--by", "alice", "--reason", "r", "--db", f"sqlite:///{tmp_path / 'd.db'}"]
    if "--until" not in args:
        base += ["--until", "2099-01-01"]
    result = secfound("threats", "accept", *args, *base, cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "d.db").exists()  # refused before anything was written


def test_diff_of_two_models_and_since_a_snapshot(workspace: dict[str, Any]) -> None:
    ws = workspace
    rules = ("--rules", ws["dir"] / "rules")
    result = secfound(
        "threats", "diff", "threatmodel.yaml", "v2.yaml", *rules, "--format", "json", cwd=ws["dir"]
    )
    changes = json.loads(result.stdout)
    added = {t["id"] for t in changes["added"] if t["rule"].startswith("TEST-")}
    removed = {t["id"] for t in changes["removed"] if t["rule"].startswith("TEST-")}
    changed = {c["id"]: c["changes"] for c in changes["changed"] if c["id"].startswith("TEST-")}
    assert added == {"TEST-DS-001@archive-bucket", "TEST-DS-002@archive-bucket"}
    assert removed == {"TEST-DS-001@logs-bucket", "TEST-DS-002@logs-bucket"}
    assert changed["TEST-DS-001@orders-bucket"] == {"impact": {"before": 4, "after": 5}}
    text = secfound("threats", "diff", "threatmodel.yaml", "v2.yaml", *rules, cwd=ws["dir"]).stdout
    assert "+ TEST-DS-001@archive-bucket" in text and "- TEST-DS-001@logs-bucket" in text

    register(ws)
    since = secfound(
        "threats",
        "diff",
        "--since-snapshot",
        "v2.yaml",
        *rules,
        "--db",
        ws["db"],
        "--format",
        "json",
        cwd=ws["dir"],
    )
    from_snapshot = json.loads(since.stdout)
    assert from_snapshot["old"].startswith("snapshot ")
    assert {t["id"] for t in from_snapshot["added"] if t["rule"].startswith("TEST-")} == added
    one = secfound("threats", "diff", "v2.yaml", *rules, cwd=ws["dir"], check=False)
    assert one.returncode == 2 and "give two model files" in one.stderr


def test_html_page_and_the_report_section(workspace: dict[str, Any]) -> None:
    ws = workspace
    page = ws["dir"] / "register.html"
    secfound(
        "threats",
        "register",
        "--rules",
        ws["dir"] / "rules",
        "--db",
        ws["db"],
        "--format",
        "html",
        "-o",
        page,
        cwd=ws["dir"],
    )
    html = page.read_text()
    assert 'data-threat="TEST-DS-001@orders-bucket"' in html
    assert "Content-Security-Policy" in html and "<script" not in html
    report = ws["dir"] / "report.html"
    secfound("report", "--db", ws["db"], "-o", report, cwd=ws["dir"])
    text = report.read_text()
    assert '<section id="threats"' in text
    assert 'data-threat="TEST-DS-002@logs-bucket"' in text


def test_a_missing_model_is_an_error(tmp_path: Path) -> None:
    result = secfound("threats", "register", "--no-store", cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert "threatmodel.yaml" in result.stderr


def test_accept_refuses_a_threat_the_model_does_not_raise(workspace: dict[str, Any]) -> None:
    done = secfound(
        "threats", "accept", "SF-DS-001@logs-bucekt", "--by", "alice", "--reason", "r",
        "--until", "2099-01-01", "--db", workspace["db"], cwd=workspace["dir"], check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "raises no threat SF-DS-001@logs-bucekt; did you mean SF-DS-001@logs-bucket" in (
        done.stderr
    )
