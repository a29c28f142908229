"""``secfound history / diff / timeline / effectiveness`` end to end: real scans of a small
Terraform repository stored with ``--db``, then read back through the command line.

The repository changes between its three scans: the bucket gains versioning and the queue
is deleted (two fixes, one by disappearing), then versioning is removed again (a
reopening)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]  # the ``secfound`` fixture

BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'
QUEUE = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
VERSIONING = """resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
"""
VERSIONING_CHECK = "aws.s3.bucket_versioning_enabled"
QUEUE_KMS_CHECK = "aws.sqs.queue_encrypted_with_kms"


def _scan(secfound: Runner, repo: Path, db: str, files: str) -> dict[str, Any]:
    (repo / "main.tf").write_text(files)
    done = secfound("scan", str(repo), "--db", db, "--format", "json", "-q")
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _fingerprint(report: dict[str, Any], check_id: str) -> str:
    (found,) = [f["fingerprint"] for f in report["findings"] if f["check_id"] == check_id]
    return str(found)


def _json(secfound: Runner, *args: str) -> Any:
    done = secfound(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """The three scans, once for the module: (database URL, the first scan's report)."""
    folder = tmp_path_factory.mktemp("history")
    repo = folder / "repo"
    (repo / ".git").mkdir(parents=True)
    db = f"sqlite:///{folder / 'store' / 'runs.db'}"
    first = _scan(_run, repo, db, BUCKET + QUEUE)
    _scan(_run, repo, db, BUCKET + VERSIONING)
    _scan(_run, repo, db, BUCKET)
    return db, first


@pytest.fixture
def three_scans(stored: tuple[str, dict[str, Any]], tmp_path: Path) -> tuple[str, Any]:
    """A copy of the module's database, so a test may add runs to it."""
    db, first = stored
    source = Path(db.removeprefix("sqlite:///"))
    copy = tmp_path / "runs.db"
    copy.write_bytes(source.read_bytes())
    return f"sqlite:///{copy}", first


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "secfound", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_history_lists_the_stored_runs(secfound: Runner, three_scans: tuple[str, Any]) -> None:
    db, _ = three_scans
    runs = _json(secfound, "history", "--db", db)["runs"]
    assert len(runs) == 3
    assert runs[0]["started"] > runs[1]["started"] > runs[2]["started"]
    assert len({run["scope_key"] for run in runs}) == 1
    assert runs[2]["failed"] > runs[1]["failed"]  # the fixes of the second scan
    table = secfound("history", "--db", db)
    assert table.returncode == 0
    assert runs[0]["id"][:8] in table.stdout
    scopes = _json(secfound, "history", "--db", db, "--scopes")["scopes"]
    assert [s["runs"] for s in scopes] == [3]


def test_diff_finds_fixes_and_the_regression(
    secfound: Runner, three_scans: tuple[str, Any]
) -> None:
    db, first = three_scans
    versioning = _fingerprint(first, VERSIONING_CHECK)
    queue_kms = _fingerprint(first, QUEUE_KMS_CHECK)
    latest = _json(secfound, "diff", "--db", db)  # the last two runs
    assert [c["fingerprint"] for c in latest["new"]] == [versioning]
    assert latest["fixed"] == []
    assert latest["same_scope"] is True
    runs = _json(secfound, "history", "--db", db)["runs"]
    oldest, middle = runs[2]["id"], runs[1]["id"]
    earlier = _json(secfound, "diff", oldest[:8], middle[:8], "--db", db)
    fixed = {c["fingerprint"]: (c["before"], c["after"]) for c in earlier["fixed"]}
    assert fixed == {versioning: ("failing", "passed"), queue_kms: ("failing", "absent")}
    assert earlier["new"] == []
    assert earlier["counts"]["still_failing"] == len(earlier["still_failing"]) > 0
    # One run: against the run before it.
    assert _json(secfound, "diff", middle, "--db", db)["counts"] == earlier["counts"]
    table = secfound("diff", oldest[:8], middle[:8], "--db", db)
    assert "0 new, 2 fixed" in table.stdout


def test_timeline_of_the_reopened_finding(secfound: Runner, three_scans: tuple[str, Any]) -> None:
    db, first = three_scans
    versioning = _fingerprint(first, VERSIONING_CHECK)
    line = _json(secfound, "timeline", versioning[:10], "--db", db)
    assert [p["state"] for p in line["runs"]] == ["failing", "passed", "failing"]
    assert [p["event"] for p in line["runs"]] == ["opened", "fixed", "reopened"]
    assert line["reopen_count"] == 1 and line["open_now"] is True
    assert line["fixes"][0]["run_id"] == line["runs"][1]["run_id"]
    gone = _json(secfound, "timeline", _fingerprint(first, QUEUE_KMS_CHECK), "--db", db)
    assert gone["fixed_at"]["run_id"] == gone["runs"][1]["run_id"]
    assert gone["last_seen"]["run_id"] == gone["runs"][0]["run_id"]
    table = secfound("timeline", versioning, "--db", db)
    assert "reopened     1 time(s)" in table.stdout


def test_effectiveness_counts_fixes_and_regressions(
    secfound: Runner, three_scans: tuple[str, Any]
) -> None:
    db, first = three_scans
    data = _json(secfound, "effectiveness", "--db", db)
    overall = data["overall"]
    assert len(overall["runs"]) == 3
    assert overall["fixes"] == 2
    assert overall["regressions"] == 1
    assert overall["regressed"] == [_fingerprint(first, VERSIONING_CHECK)]
    checks = {c["key"]: c for c in data["by_check"]}
    assert [r["pass_rate"] for r in checks[VERSIONING_CHECK]["runs"]] == [0.0, 1.0, 0.0]
    assert [r["open"] for r in checks[QUEUE_KMS_CHECK]["runs"]] == [1, 0, 0]
    assert checks[VERSIONING_CHECK]["regressions"] == 1
    last = _json(secfound, "effectiveness", "--db", db, "--last", "1")
    assert last["overall"]["fixes"] == 0 and last["overall"]["regressions"] == 1
    both = _json(secfound, "effectiveness", "--db", db, "--last", "2")
    assert both["overall"]["fixes"] == 2 and both["overall"]["regressions"] == 1
    table = secfound("effectiveness", "--db", db)
    assert table.returncode == 0 and VERSIONING_CHECK in table.stdout


def test_runs_of_different_scopes_compare_with_a_warning(
    secfound: Runner, three_scans: tuple[str, Any], tmp_path: Path
) -> None:
    db, _ = three_scans
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    _scan(secfound, other, db, QUEUE)
    runs = _json(secfound, "history", "--db", db)["runs"]
    done = secfound("diff", runs[1]["id"], runs[0]["id"], "--db", db, "--format", "json")
    assert done.returncode == 0
    assert "are of different scopes" in done.stderr
    assert json.loads(done.stdout)["same_scope"] is False
    # With no run named, the latest scope has one run: nothing to compare.
    alone = secfound("diff", "--db", db)
    assert alone.returncode == 2
    assert "has 1 stored run; a diff needs two" in alone.stderr
    assert len(_json(secfound, "history", "--db", db, "--scope", str(other))["runs"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff", "ffffffff"), "no stored run has an id starting with 'ffffffff'"),
        (("diff", "nope!"), "is not a run id"),
        (("timeline", "00000000"), "no stored finding has a fingerprint starting with"),
        (("history", "--scope", "elsewhere"), "no stored scope matches 'elsewhere'"),
        (("effectiveness", "--since", "2999-01-01"), "has no stored run in that period"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(
    secfound: Runner, three_scans: tuple[str, Any], args: tuple[str, ...], message: str
) -> None:
    db, _ = three_scans
    done = secfound(*args, "--db", db)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["history", "diff", "effectiveness"])
def test_an_empty_store_is_an_error_not_a_new_file(
    secfound: Runner, tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "none" / "runs.db"
    done = secfound(command, "--db", f"sqlite:///{missing}")
    assert done.returncode == 2
    assert done.stderr.startswith("secfound: error: no runs are stored yet in sqlite:///")
    assert not missing.exists()


def test_history_on_postgresql(secfound: Runner, repo: Path, postgres_url: str) -> None:
    first = _scan(secfound, repo, postgres_url, BUCKET + QUEUE)
    _scan(secfound, repo, postgres_url, BUCKET + VERSIONING)
    result = _json(secfound, "diff", "--db", postgres_url)
    assert {c["check_id"] for c in result["fixed"]} == {VERSIONING_CHECK, QUEUE_KMS_CHECK}
    line = _json(secfound, "timeline", _fingerprint(first, VERSIONING_CHECK), "--db", postgres_url)
    assert [p["event"] for p in line["runs"]] == ["opened", "fixed"]
