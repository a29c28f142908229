"""Suppressions end to end: inline comments, Metadata, checkov:skip, ``.secfound.yaml``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VERSIONING = "aws.s3.bucket_versioning_enabled"

BUCKETS_TF = """\
# secfound:ignore aws.s3.bucket_versioning_enabled owner=web static assets only
resource "aws_s3_bucket" "above" {}

resource "aws_s3_bucket" "inside" {
  // secfound:ignore aws.s3.bucket_versioning_enabled scratch data
  bucket = "inside"
}

resource "aws_s3_bucket" "ckv" {
  #checkov:skip=CKV_AWS_21:migrated from Checkov
}

resource "aws_s3_bucket" "ckv_other" {
  #checkov:skip=CKV_AWS_18:cites the logging check, not versioning
}

resource "aws_s3_bucket" "expired" {
  # secfound:ignore aws.s3.bucket_versioning_enabled until=2020-01-31 was temporary
}

resource "aws_s3_bucket" "plain" {}
"""

TEMPLATE = """\
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Metadata:
      secfound:
        ignore:
          - check: aws.s3.bucket_versioning_enabled
            reason: rebuilt from source on every deploy
            owner: web
            until: 2999-12-31
  Legacy:
    Type: AWS::S3::Bucket
    Metadata:
      checkov:
        skip:
          - id: CKV_AWS_21
            comment: legacy, read-only
  Careless:
    Type: AWS::S3::Bucket
    # secfound:ignore aws.s3.bucket_versioning_enabled
"""


def _scan(secfound: Any, *args: str) -> tuple[int, dict[str, Any], str]:
    done = secfound("scan", *args, "--format", "json", "-q")
    return done.returncode, json.loads(done.stdout), done.stderr


def _by_address(report: dict[str, Any], check_id: str = VERSIONING) -> dict[str, Any]:
    return {
        f["resource"]["address"].rsplit(".", 1)[-1]: f
        for f in report["findings"]
        if f["check_id"] == check_id
    }


def test_terraform_comments_above_inside_and_checkov(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(BUCKETS_TF)
    code, report, stderr = _scan(secfound, str(repo), "--check", VERSIONING)
    assert code == 1, stderr
    found = _by_address(report)
    assert found["above"]["suppressed"] == {
        "by": "inline",
        "reason": "static assets only",
        "owner": "web",
        "until": None,
    }
    assert found["inside"]["suppressed"]["reason"] == "scratch data"
    assert found["ckv"]["suppressed"]["reason"] == "migrated from Checkov"
    assert "suppressed" not in found["ckv_other"]
    assert "suppressed" not in found["expired"]
    assert found["expired"]["message"].endswith("(suppression expired on 2020-01-31)")
    assert "suppressed" not in found["plain"]
    assert report["run"]["summary"]["suppressed"] == 3
    assert report["errors"] == []


def test_suppressed_findings_never_fail(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(
        BUCKETS_TF.split('resource "aws_s3_bucket" "ckv_other"', maxsplit=1)[0]
    )
    done = secfound("scan", str(repo), "--check", VERSIONING)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 suppressed" in done.stdout
    assert "above" not in done.stdout  # the table lists suppressed findings only with -v
    verbose = secfound("scan", str(repo), "--check", VERSIONING, "-v")
    assert "suppressed: inline" in verbose.stdout and "static assets only" in verbose.stdout


def test_cloudformation_metadata_and_a_missing_reason(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "app.yaml").write_text(TEMPLATE)
    code, report, _ = _scan(secfound, str(repo), "--check", VERSIONING)
    found = _by_address(report)
    assert found["Assets"]["suppressed"] == {
        "by": "inline",
        "reason": "rebuilt from source on every deploy",
        "owner": "web",
        "until": "2999-12-31",
    }
    assert found["Legacy"]["suppressed"]["reason"] == "legacy, read-only"
    # No reason: an input error at file:line, and the finding still fails.
    assert "suppressed" not in found["Careless"]
    assert code == 2
    assert report["errors"] == [
        {
            "path": "app.yaml",
            "line": 20,
            "column": None,
            "message": f"secfound:ignore {VERSIONING}: a reason is required; nothing is suppressed",
        }
    ]
    table = secfound("scan", str(repo), "--check", VERSIONING)
    assert "app.yaml:20: secfound:ignore" in table.stdout


def test_an_unknown_check_id_is_reported(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  # secfound:ignore aws.s3.bucket_versoning typo\n}\n'
    )
    code, report, _ = _scan(secfound, str(repo))
    assert code == 2
    assert report["errors"][0]["line"] == 2
    assert "no check has this id or alias" in report["errors"][0]["message"]


def test_config_suppressions_and_severity(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "logs").mkdir()
    (repo / "logs" / "main.tf").write_text(
        'resource "aws_s3_bucket" "access_logs" {}\nresource "aws_s3_bucket" "app" {}\n'
    )
    (repo / ".secfound.yaml").write_text(
        "severity:\n"
        f"  {VERSIONING}: high\n"
        "suppressions:\n"
        "  - check: aws.s3.bucket_version*\n"
        "    resources: ['aws_s3_bucket.*_logs']\n"
        "    paths: ['logs/*']\n"
        "    reason: log buckets are append-only\n"
        "    owner: platform\n"
    )
    code, report, stderr = _scan(
        secfound, str(repo / "logs"), "--check", VERSIONING, "--fail-on", "high"
    )
    assert code == 1, stderr
    found = _by_address(report)
    assert found["access_logs"]["suppressed"] == {
        "by": "config",
        "reason": "log buckets are append-only",
        "owner": "platform",
        "until": None,
    }
    assert found["app"]["severity"] == "high" and "suppressed" not in found["app"]


def test_a_config_entry_matching_no_check_is_an_error(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    (repo / ".secfound.yaml").write_text(
        "suppressions:\n  - check: aws.s3.nothing_like_this\n    reason: r\n"
    )
    done = secfound("scan", str(repo))
    assert done.returncode == 2
    assert ".secfound.yaml:2: 'aws.s3.nothing_like_this' matches no check" in done.stderr


def test_sarif_keeps_suppressed_results_with_who_and_why(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(BUCKETS_TF)
    done = secfound("scan", str(repo), "--check", VERSIONING, "--format", "sarif", "-q")
    results = json.loads(done.stdout)["runs"][0]["results"]
    suppressed = [r["suppressions"][0] for r in results if "suppressions" in r]
    assert len(suppressed) == 3
    assert {s["justification"] for s in suppressed} == {
        "static assets only",
        "scratch data",
        "migrated from Checkov",
    }
    assert {"by": "inline", "owner": "web"} in [s["properties"] for s in suppressed]
