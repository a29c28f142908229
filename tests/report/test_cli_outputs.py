"""Several outputs from one real ``secfound scan`` process, each to its own file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TEMPLATE = """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
"""


def _scan(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "secfound", "scan", str(repo), "-q", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a failing bucket and a template that does not parse."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "stacks").mkdir()
    (root / "stacks" / "app.yaml").write_text(TEMPLATE, encoding="utf-8")
    (root / "stacks" / "broken.yaml").write_text("Resources:\n  X: [unclosed\n", encoding="utf-8")
    return root


def test_table_sarif_junit_and_markdown_in_one_run(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _scan(
        repo,
        "--format",
        "table",
        "--format",
        f"sarif:{out / 'results.sarif'}",
        "--format",
        f"junit:{out / 'results.xml'}",
        "--format",
        f"markdown:{out / 'summary.md'}",
    )
    assert done.returncode == 2, done.stderr  # the broken template is an input error
    assert "aws.s3.bucket_blocks_public_access" in done.stdout  # the table, on stdout

    sarif = json.loads((out / "results.sarif").read_text(encoding="utf-8"))
    run = sarif["runs"][0]
    failed = [r for r in run["results"] if r["ruleId"] == "aws.s3.bucket_blocks_public_access"]
    (result,) = failed
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "stacks/app.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 2
    assert run["invocations"][0]["executionSuccessful"] is False
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "stacks/broken.yaml" in notification["message"]["text"]

    junit = ET.parse(out / "results.xml").getroot()
    assert int(junit.get("failures", "0")) == len(run["results"])
    assert int(junit.get("errors", "0")) == 1
    assert junit.find("testsuite[@name='secfound.inputs']") is not None

    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert f"### secfound: {len(run['results'])} failing findings" in summary
    assert "stacks/app.yaml:2" in summary
    assert "stacks/broken.yaml" in summary


def test_the_sarif_of_a_real_scan_is_accepted_by_github(
    repo: Path, tmp_path: Path, validate_sarif: Callable[..., None]
) -> None:
    path = tmp_path / "results.sarif"
    assert _scan(repo, "--format", f"sarif:{path}").returncode == 2
    validate_sarif(path)


def test_only_the_requested_renderers_are_imported(repo: Path) -> None:
    """A scan that writes the table does not load the SARIF, JUnit or Markdown code."""
    script = (
        "import json, sys\n"
        "from secfound.cli.main import main\n"
        "try:\n"
        "    main(sys.argv[1:], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "scan", str(repo / "stacks" / "app.yaml"), "-q"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "secfound.report.table" in modules
    for lazy in ("secfound.report.sarif", "secfound.report.junit", "secfound.report.markdown"):
        assert lazy not in modules
    assert "xml.etree.ElementTree" not in modules


def test_two_formats_cannot_share_stdout(repo: Path) -> None:
    done = _scan(repo, "--format", "sarif", "--format", "markdown")
    assert done.returncode == 2
    assert "would all write to stdout" in done.stderr
