"""User check folders: discovered beside the built-in checks, tested with their case files."""

from __future__ import annotations

import json
from pathlib import Path

CHECK = '''\
"""S3 bucket carries an explicit name.

Generated names make buckets hard to find in an incident.

Remediation:
    CloudFormation: BucketName. Terraform: bucket.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(severity=Severity.HIGH, objectives=[], aliases=["custom.s3.bucket_has_name"])
def bucket_named(bucket: Bucket) -> Verdict:
    if bucket.name is None:
        return failed("the bucket has no explicit name")
    return passed(f"named {bucket.name}")
'''


def _checks_folder(root: Path, cases: str) -> Path:
    folder = root / "policies"
    (folder / "s3").mkdir(parents=True)
    (folder / "s3" / "bucket_named.py").write_text(CHECK)
    (folder / "s3" / "bucket_named.yaml").write_text(cases)
    return folder


def test_user_checks_run_with_builtin_ones_and_honour_aliases(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _checks_folder(repo, "pass_named: {name: logs}\nfail_unnamed: {}\n")
    (repo / "infra").mkdir()
    (repo / "infra" / "main.tf").write_text(
        'resource "aws_s3_bucket" "unnamed" {}\n'
        "# secfound:ignore custom.s3.bucket_has_name the old id still works\n"
        'resource "aws_s3_bucket" "waived" {}\n'
    )
    done = secfound(
        "scan", str(repo / "infra"), "--checks-dir", str(folder), "--format", "json", "-q"
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    mine = {
        f["resource"]["address"]: f
        for f in report["findings"]
        if f["check_id"] == "custom.s3.bucket_named"
    }
    assert mine["aws_s3_bucket.unnamed"]["status"] == "failed"
    assert mine["aws_s3_bucket.unnamed"]["severity"] == "high"
    assert mine["aws_s3_bucket.unnamed"]["title"] == "S3 bucket carries an explicit name"
    assert mine["aws_s3_bucket.waived"]["suppressed"]["reason"] == "the old id still works"
    assert any(f["check_id"].startswith("aws.s3.") for f in report["findings"])

    # The same folder from .secfound.yaml, under a namespace of the team's choosing.
    (repo / ".secfound.yaml").write_text(
        "checks_dirs: [{path: policies, namespace: acme}]\nchecks: ['acme.*']\n"
    )
    configured = secfound("scan", str(repo / "infra"), "--format", "json", "-q")
    ids = {f["check_id"] for f in json.loads(configured.stdout)["findings"]}
    assert ids == {"acme.s3.bucket_named"}


def test_an_id_colliding_with_a_builtin_is_an_error(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    folder = repo / "policies"
    (folder / "s3").mkdir(parents=True)
    (folder / "s3" / "bucket_versioning_enabled.py").write_text(
        CHECK.replace("def bucket_named", "def bucket_versioning_enabled").replace(
            'aliases=["custom.s3.bucket_has_name"]', "aliases=[]"
        )
    )
    (repo / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    (repo / ".secfound.yaml").write_text("checks_dirs: [{path: policies, namespace: aws}]\n")
    done = secfound("scan", str(repo))
    assert done.returncode == 2
    assert "'aws.s3.bucket_versioning_enabled'" in done.stderr and "collides" in done.stderr


def test_checks_test_passes_fails_and_breaks(secfound, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = _checks_folder(tmp_path / "good", "pass_named: {name: logs}\nfail_unnamed: {}\n")
    done = secfound("checks", "test", str(good))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS custom.s3.bucket_named::pass_named" in done.stdout
    assert "2 passed, 0 failed, 0 broken" in done.stderr

    bad = _checks_folder(tmp_path / "bad", "pass_named: {name: logs}\npass_unnamed: {}\n")
    failing = secfound("checks", "test", str(bad))
    assert failing.returncode == 1
    assert "FAIL custom.s3.bucket_named::pass_unnamed" in failing.stdout
    assert "expected passed, got failed (the bucket has no explicit name)" in failing.stdout

    broken = _checks_folder(tmp_path / "broken", "named: {name: logs}\n")
    assert secfound("checks", "test", str(broken)).returncode == 2

    # Cases may also live under tests/, mirroring the check's path.
    mirrored = _checks_folder(tmp_path / "mirrored", "")
    (mirrored / "s3" / "bucket_named.yaml").unlink()
    (mirrored / "tests" / "s3").mkdir(parents=True)
    (mirrored / "tests" / "s3" / "bucket_named.yaml").write_text("fail_unnamed: {}\n")
    assert secfound("checks", "test", str(mirrored)).returncode == 0
