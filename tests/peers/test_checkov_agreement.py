"""Where a check cites a Checkov id, its verdicts agree with Checkov's on the same input,
except where secfound differs on purpose; each such difference is listed, with its reason,
in checkov_differences.yaml. A difference that is not listed fails, and so does a listed
one that no longer happens (the list must not go stale).

The input is every parity fixture (tests/parity/*/template.yaml and main.tf). Checkov runs
once, from its own virtualenv (``make peers`` creates .venv-peers); outside CI the test
skips when it is missing, under CI=true it never does.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from secfound.checks import Status
from secfound.checks.registry import builtin_registry
from secfound.collect.cloudformation import load_template
from secfound.collect.terraform import load_root_module
from secfound.engine import evaluate

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "parity"
DIFFERENCES = Path(__file__).with_name("checkov_differences.yaml")


def _checkov() -> str | None:
    candidates = [os.environ.get("SECFOUND_CHECKOV"), str(ROOT / ".venv-peers" / "bin" / "checkov")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("checkov")


@pytest.fixture(scope="module")
def checkov_results() -> dict[tuple[str, str, str], str]:
    """(checkov id, fixture path, resource address) -> PASSED | FAILED."""
    executable = _checkov()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("checkov is missing under CI: `make peers` installs it in .venv-peers")
        pytest.skip("checkov is not installed: run `make peers` (installs it in .venv-peers)")
    done = subprocess.run(
        [
            executable,
            "-d",
            str(FIXTURES),
            "--framework",
            "cloudformation",
            "terraform",
            "-o",
            "json",
            "--compact",
            "--skip-download",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
    )
    reports = json.loads(done.stdout)
    results: dict[tuple[str, str, str], str] = {}
    for report in reports if isinstance(reports, list) else [reports]:
        for kind in ("passed_checks", "failed_checks"):
            for item in report["results"].get(kind, []):
                address = _our_address(item["resource"], report["check_type"])
                path = item["file_path"].lstrip("/")
                results[(item["check_id"], path, address)] = item["check_result"]["result"]
    assert results, f"checkov produced no results: {done.stderr[-2000:]}"
    return results


def _our_address(resource: str, check_type: str) -> str:
    # CloudFormation results name "AWS::S3::Bucket.Logical"; secfound names the logical id.
    return resource.rsplit(".", 1)[-1] if check_type == "cloudformation" else resource


def _our_findings() -> Iterator[tuple[str, str, str, str, Status]]:
    """(our check id, checkov id, path, address, status) for checks citing Checkov."""
    registry = builtin_registry()
    results = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        if (folder / "template.yaml").exists():
            results.append(load_template(folder / "template.yaml", root=FIXTURES))
        if list(folder.glob("*.tf")):
            results.append(load_root_module(folder, root=FIXTURES))
    for finding in evaluate(registry, results).findings:
        spec = registry.get(finding.check_id)
        for checkov_id in spec.checkov:
            path = getattr(finding.location, "path", "")
            yield finding.check_id, checkov_id, path, finding.resource.address, finding.status


def _listed() -> list[dict[str, Any]]:
    data = yaml.safe_load(DIFFERENCES.read_text(encoding="utf-8")) or []
    for entry in data:
        assert entry.get("reason"), f"{entry}: every listed difference says why"
    return data


def _is_listed(
    entries: list[dict[str, Any]], key: tuple[str, str, str, str]
) -> dict[str, Any] | None:
    check, checkov_id, path, address = key
    for entry in entries:
        if (
            entry["check"] == check
            and entry["checkov"] == checkov_id
            and any(
                fnmatch.fnmatchcase(f"{path}:{address}", pattern) for pattern in entry["resources"]
            )
        ):
            return entry
    return None


def test_verdicts_agree_with_checkov_or_the_difference_is_explained(
    checkov_results: dict[tuple[str, str, str], str],
) -> None:
    entries = _listed()
    used: set[int] = set()
    compared = 0
    unexplained = []
    for check, checkov_id, path, address, status in _our_findings():
        theirs = checkov_results.get((checkov_id, path, address))
        if theirs is None or status not in (Status.PASSED, Status.FAILED):
            continue  # Checkov did not judge it, or we could not decide: nothing to compare
        compared += 1
        ours = "PASSED" if status is Status.PASSED else "FAILED"
        if ours == theirs:
            continue
        entry = _is_listed(entries, (check, checkov_id, path, address))
        if entry is None:
            unexplained.append(f"{check} vs {checkov_id} on {path}:{address}: {ours} vs {theirs}")
        else:
            used.add(id(entry))
    assert compared > 20, "the comparison covered too little to mean anything"
    assert not unexplained, "unexplained disagreements with Checkov:\n" + "\n".join(unexplained)
    stale = [f"{e['check']} vs {e['checkov']}" for e in entries if id(e) not in used]
    assert not stale, f"listed differences that no longer occur: {stale}"
