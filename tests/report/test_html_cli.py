"""The HTML report from the command line: ``scan --format html`` and ``secfound report``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from html_pages import parse

from secfound.cli.main import main

TEMPLATE = """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
"""
FIXED = """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
"""


@pytest.fixture(autouse=True)
def _no_configured_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECFOUND_DB", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "app.yaml").write_text(TEMPLATE, encoding="utf-8")
    return root


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_scan_writes_html_to_a_format_path_or_output(repo: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "one.html", tmp_path / "two.html"
    done = _run("scan", str(repo), "-q", "--format", f"html:{first}")
    assert done.exit_code == 1, done.output  # a failing bucket
    done = _run("scan", str(repo), "-q", "--format", "html", "-o", str(second))
    assert done.exit_code == 1, done.output
    for path in (first, second):
        page = parse(path.read_text(encoding="utf-8"))
        checks = {r.attrs["data-s"] for r in page.find("tr", "f")}
        assert "failed" in checks
        assert len(page.find("g", "run")) == 1  # no store: this run alone


def test_scan_writes_html_to_redirected_stdout(repo: Path) -> None:
    done = _run("scan", str(repo), "-q", "--format", "html", "--fail-on", "never")
    assert done.exit_code == 0
    assert done.output.startswith("<!DOCTYPE html>")


def test_report_renders_the_latest_stored_run_with_its_history(repo: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    scan = ("scan", str(repo), "-q", "--db", db, "--check", "aws.s3.bucket_blocks_public_access")
    for _ in range(2):
        assert _run(*scan).exit_code == 1
    (repo / "app.yaml").write_text(FIXED, encoding="utf-8")
    assert _run(*scan).exit_code == 0
    out = tmp_path / "report.html"
    done = _run("report", "--db", db, "--output", str(out))
    assert done.exit_code == 0, done.output
    page = parse(out.read_text(encoding="utf-8"))
    runs = page.find("g", "run")
    assert len(runs) == 3
    # The latest run is reported: its bucket passes, and its column is the current one.
    assert "current" in (runs[-1].attrs["class"] or "")
    assert not [r for r in page.find("tr", "f") if r.attrs["data-s"] == "failed"]
    # An earlier run by prefix: the chart stops at it.
    first = runs[0].attrs["data-run"] or ""
    done = _run("report", "--db", db, "--run", first[:8], "-o", str(out))
    assert done.exit_code == 0, done.output
    page = parse(out.read_text(encoding="utf-8"))
    assert [g.attrs["data-run"] for g in page.find("g", "run")] == [first]
    assert [r.attrs["data-s"] for r in page.find("tr", "f")].count("failed") == 1


def test_report_as_json(repo: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    _run("scan", str(repo), "-q", "--db", db)
    done = _run("report", "--db", db, "--format", "json")
    assert done.exit_code == 0, done.output
    document = json.loads(done.output)
    assert document["run"]["command"] == "scan"
    assert any(f["status"] == "failed" for f in document["findings"])


def test_report_errors(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    done = CliRunner().invoke(main, ["report", "--db", missing, "-o", str(tmp_path / "x.html")])
    assert done.exit_code == 2
    assert "no runs are stored" in done.output
    done = CliRunner().invoke(main, ["report", "--format", "csv"])
    assert done.exit_code == 2
