"""Baseline files: written stably, read strictly, errors at file:line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from secfound.checks import Severity, Status
from secfound.errors import ConfigError
from secfound.findings import Finding, ResourceRef, Suppression, fingerprint
from secfound.model.location import FileLocation
from secfound.suppress.baseline import load_baseline, write_baseline


def _finding(address: str, status: Status = Status.FAILED, suppressed: bool = False) -> Finding:
    ref = ResourceRef(type="AWS::S3::Bucket", address=address)
    location = FileLocation(path="a.yaml", line=3)
    return Finding(
        check_id="aws.s3.bucket_versioning_enabled",
        status=status,
        severity=Severity.LOW,
        message="m",
        resource=ref,
        location=location,
        fingerprint=fingerprint("aws.s3.bucket_versioning_enabled", ref, location),
        suppressed=Suppression(by="inline", reason="r") if suppressed else None,
    )


def test_round_trip_keeps_only_what_fails(tmp_path: Path) -> None:
    findings = [
        _finding("B"),
        _finding("A"),
        _finding("Ok", Status.PASSED),
        _finding("Hidden", suppressed=True),
        _finding("Unknown", Status.UNKNOWN),
    ]
    path = tmp_path / "b.json"
    count = write_baseline(
        path, findings, tool_version="0", created=datetime(2026, 1, 2, tzinfo=UTC)
    )
    assert count == 3
    document = json.loads(path.read_text())
    assert [e["address"] for e in document["findings"]] == ["A", "B", "Unknown"]
    baseline = load_baseline(path)
    assert baseline.fingerprints == {f.fingerprint for f in findings[:2]} | {
        findings[4].fingerprint
    }
    assert baseline.reason == f"in baseline {path} created 2026-01-02"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('{"secfound_baseline": 1,\n "findings": [\n', 3, "invalid JSON"),
        ('{"findings": []}', 1, "no secfound_baseline key"),
        ('{\n "secfound_baseline": 9,\n "findings": []}', 2, "version 9"),
        (
            '{"secfound_baseline": 1,\n "findings": [\n  {"fingerprint": "ab12ab12ab12ab12"},\n'
            '  {"fingerprint": "nope"}\n ]}',
            4,
            "findings[1] has no valid fingerprint",
        ),
    ],
)
def test_malformed_baseline_names_the_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_baseline(path)
    assert caught.value.line == line, str(caught.value)
    assert problem in str(caught.value)
