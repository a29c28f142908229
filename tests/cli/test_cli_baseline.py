"""``secfound baseline create`` and ``scan --baseline``: only new findings fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VERSIONING = "aws.s3.bucket_versioning_enabled"
BUCKET_TF = 'resource "aws_s3_bucket" "data" {}\n'


def _failing(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (f["location"]["path"], f["resource"]["address"])
        for f in report["findings"]
        if f["status"] == "failed" and "suppressed" not in f
    )


def test_only_new_findings_fail_even_under_the_same_address(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "team_a").mkdir()
    (repo / "team_a" / "main.tf").write_text(BUCKET_TF)
    created = secfound("baseline", "create", str(repo), "--check", VERSIONING, cwd=repo)
    assert created.returncode == 0, created.stderr
    document = json.loads((repo / ".secfound-baseline.json").read_text())
    assert document["secfound_baseline"] == 1
    assert [(e["path"], e["address"]) for e in document["findings"]] == [
        ("team_a/main.tf", "aws_s3_bucket.data")
    ]

    # The same violation on a resource of the same address in another folder is new
    # (Checkov's path-less baseline hides it: checkov issue #7647).
    (repo / "team_b").mkdir()
    (repo / "team_b" / "main.tf").write_text(BUCKET_TF)
    baseline = str(repo / ".secfound-baseline.json")
    done = secfound(
        "scan", str(repo), "--check", VERSIONING, "--baseline", baseline, "--format", "json"
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert _failing(report) == [("team_b/main.tf", "aws_s3_bucket.data")]
    old = next(f for f in report["findings"] if f["location"]["path"] == "team_a/main.tf")
    assert old["suppressed"]["by"] == "baseline"
    assert old["suppressed"]["reason"].startswith(f"in baseline {baseline} created 20")

    # Without the new finding the build passes; a fixed finding leaves a stale entry (-v).
    (repo / "team_b" / "main.tf").unlink()
    assert (
        secfound("scan", str(repo), "--check", VERSIONING, "--baseline", baseline).returncode == 0
    )
    (repo / "team_a" / "main.tf").write_text(
        BUCKET_TF
        + 'resource "aws_s3_bucket_versioning" "v" {\n'
        + "  bucket = aws_s3_bucket.data.id\n"
        + '  versioning_configuration { status = "Enabled" }\n}\n'
    )
    fixed = secfound("scan", str(repo), "--check", VERSIONING, "--baseline", baseline, "-v")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "1 baseline entry no longer match" in fixed.stderr


def test_baseline_from_the_config_file(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(BUCKET_TF)
    out = repo / "ci" / "baseline.json"
    created = secfound("baseline", "create", str(repo), "--output", str(out), "-q")
    assert created.returncode == 0, created.stderr
    (repo / ".secfound.yaml").write_text("baseline: ci/baseline.json\n")
    assert secfound("scan", str(repo)).returncode == 0


def test_a_malformed_baseline_is_exit_2_at_file_line(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(BUCKET_TF)
    bad = repo / "b.json"
    bad.write_text(
        '{\n  "secfound_baseline": 1,\n  "findings": [\n    {"fingerprint": 3}\n  ]\n}\n'
    )
    done = secfound("scan", str(repo), "--baseline", str(bad))
    assert done.returncode == 2
    assert f"{bad}:4: findings[0] has no valid fingerprint" in done.stderr
    missing = secfound("scan", str(repo), "--baseline", str(repo / "nope.json"))
    assert missing.returncode == 2 and "cannot read the baseline" in missing.stderr


def test_no_baseline_is_written_from_unreadable_inputs(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n')
    done = secfound("baseline", "create", str(repo), cwd=repo)
    assert done.returncode == 2
    assert "no baseline written" in done.stderr
    assert not (repo / ".secfound-baseline.json").exists()
