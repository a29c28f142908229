"""``secfound scan`` end to end on real files: outputs, exit codes, options, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "report.schema.json").read_text())

PUBLIC_BUCKET = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
  Private:
    Type: AWS::S3::Bucket
"""

ADMIN_POLICY_TF = """\
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

variable "rotate" {}

resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate
}
"""


def _json(stdout: str) -> dict:  # type: ignore[type-arg]
    document = json.loads(stdout)
    jsonschema.validate(document, SCHEMA)
    return document


def test_json_report_validates_and_locates_findings(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "cfn").mkdir()
    (repo / "cfn" / "app.yaml").write_text(PUBLIC_BUCKET)
    (repo / "tf").mkdir()
    (repo / "tf" / "main.tf").write_text(ADMIN_POLICY_TF)
    done = secfound("scan", str(repo), "--format", "json", "-q")
    assert done.returncode == 1, done.stderr
    report = _json(done.stdout)
    by_check = {(f["check_id"], f["resource"]["address"]): f for f in report["findings"]}
    public = by_check[("aws.s3.bucket_blocks_public_access", "Assets")]
    assert public["status"] == "failed"
    assert public["location"] == {"path": "cfn/app.yaml", "line": 3, "column": 3}
    assert by_check[("aws.s3.bucket_blocks_public_access", "Private")]["status"] == "passed"
    admin = by_check[("aws.iam.policy_grants_no_full_admin", "aws_iam_policy.admin")]
    assert admin["status"] == "failed"
    assert admin["location"]["path"] == "tf/main.tf"
    rotation = by_check[("aws.kms.key_rotation_enabled", "aws_kms_key.k")]
    assert rotation["status"] == "unknown"
    assert "var.rotate" in rotation["message"]
    assert report["run"]["sources"] == {"cloudformation": 1, "terraform": 1}
    assert report["errors"] == []


def test_exit_codes_follow_fail_on(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "app.yaml").write_text(PUBLIC_BUCKET)
    assert secfound("scan", str(repo), "-q").returncode == 1
    assert secfound("scan", str(repo), "-q", "--fail-on", "never").returncode == 0
    # versioning is a low-severity check: it fails the run at "low", not at "medium"
    low = ("scan", str(repo), "-q", "--check", "aws.s3.bucket_versioning_enabled")
    assert secfound(*low, "--fail-on", "low").returncode == 1
    assert secfound(*low, "--fail-on", "medium").returncode == 0
    only_passing = secfound(
        "scan", str(repo), "-q", "--check", "aws.s3.bucket_encrypted_with_kms", "--fail-on", "high"
    )
    assert only_passing.returncode == 0, only_passing.stdout


def test_unknown_fails_only_when_asked(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(ADMIN_POLICY_TF)
    args = ("scan", str(repo), "-q", "--check", "aws.kms.key_rotation_enabled")
    assert secfound(*args).returncode == 0
    assert secfound(*args, "--fail-on-unknown").returncode == 1


def test_check_selection_and_bad_selection(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "app.yaml").write_text(PUBLIC_BUCKET)
    done = secfound("scan", str(repo), "--format", "json", "-q", "--check", "aws.s3.bucket_acl*")
    ids = {f["check_id"] for f in json.loads(done.stdout)["findings"]}
    assert ids and all(i.startswith("aws.s3.bucket_acl") for i in ids)
    typo = secfound("scan", str(repo), "--check", "aws.s3.bucket_acl_is_privat")
    assert typo.returncode == 2
    assert "matches no check" in typo.stderr


def test_several_formats_in_one_run(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "app.yaml").write_text(PUBLIC_BUCKET)
    out = repo / "out" / "report.json"
    done = secfound("scan", str(repo), "--format", "table", "--format", f"json:{out}")
    assert done.returncode == 1
    assert "aws.s3.bucket_blocks_public_access" in done.stdout
    _json(out.read_text())
    clash = secfound("scan", str(repo), "--format", "table", "--format", "json")
    assert clash.returncode == 2 and "stdout" in clash.stderr


def test_parameters_change_the_verdict(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "t.yaml").write_text(
        "Parameters:\n  Versioning: {Type: String, Default: Suspended}\n"
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
        "      VersioningConfiguration: {Status: !Ref Versioning}\n"
    )
    args = ("scan", str(repo), "-q", "--check", "aws.s3.bucket_versioning_enabled")
    assert secfound(*args).returncode == 1
    assert secfound(*args, "--param", "Versioning=Enabled").returncode == 0
    (repo / "prod.json").write_text('[{"ParameterKey": "Versioning", "ParameterValue": "Enabled"}]')
    assert secfound(*args, "--param-file", str(repo / "prod.json")).returncode == 0


def test_terraform_variables_from_flags_and_files(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "main.tf").write_text(ADMIN_POLICY_TF)
    args = ("scan", str(repo), "-q", "--check", "aws.kms.key_rotation_enabled", "--fail-on-unknown")
    assert secfound(*args, "--var", "rotate=true").returncode == 0
    assert secfound(*args, "--var", "rotate=false").returncode == 1
    (repo / "prod.tfvars").write_text("rotate = true\n")
    assert secfound(*args, "--var-file", str(repo / "prod.tfvars")).returncode == 0


def test_config_file_is_found_and_used(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "infra").mkdir()
    (repo / "infra" / "app.yaml").write_text(PUBLIC_BUCKET)
    (repo / ".secfound.yaml").write_text(
        "fail_on: medium\nchecks: [aws.s3.bucket_versioning_enabled]\n"
    )
    assert secfound("scan", str(repo / "infra"), "-q").returncode == 0
    assert secfound("scan", str(repo / "infra"), "-q", "--fail-on", "low").returncode == 1
    (repo / ".secfound.yaml").write_text("fail_on: critical\nfail_onn: low\n")
    bad = secfound("scan", str(repo / "infra"), "-q")
    assert bad.returncode == 2
    assert ".secfound.yaml:2" in bad.stderr


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("broken.yaml", "Resources:\n  A:\n    Type: [unclosed\n", "broken.yaml:"),
        ("broken.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = \n', "broken.tf:"),
        ("binary.yaml", b"Resources:\x00\x01\x02", "binary"),
        (
            "latin1.tf",
            'resource "aws_s3_bucket" "b" { bucket = "caf\xe9" }'.encode("latin-1"),
            "UTF-8",
        ),
    ],
)
def test_bad_files_are_reported_and_others_still_scanned(  # type: ignore[no-untyped-def]
    secfound, repo: Path, name: str, content: str | bytes, words: str
) -> None:
    (repo / "good").mkdir()
    (repo / "good" / "app.yaml").write_text(PUBLIC_BUCKET)
    (repo / "bad").mkdir()
    target = repo / "bad" / name
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    done = secfound("scan", str(repo), "--format", "json", "-q")
    assert done.returncode == 2
    report = _json(done.stdout)
    assert report["errors"], "the bad file is reported"
    error_text = " ".join(f"{e['path']}:{e['line']} {e['message']}" for e in report["errors"])
    assert words in error_text
    assert any(f["resource"]["address"] == "Assets" for f in report["findings"])
    soft = secfound("scan", str(repo), "-q", "--soft-fail-on-errors", "--fail-on", "never")
    assert soft.returncode == 0
    table = secfound("scan", str(repo), "--fail-on", "never")
    assert "Input errors" in table.stdout and f"bad/{name}" in table.stdout


def test_other_json_and_yaml_files_are_passed_over(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "package.json").write_text('{"name": "web", "version": "1.0.0"}')
    (repo / "deploy.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n")
    (repo / "app.yaml").write_text(PUBLIC_BUCKET)
    done = secfound("scan", str(repo), "-v", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    assert "package.json" in done.stdout and "deploy.yaml" in done.stdout
    quiet = secfound("scan", str(repo), "--format", "json", "-q")
    assert _json(quiet.stdout)["errors"] == []


def test_missing_path_is_a_usage_error(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    done = secfound("scan", str(repo / "nope"))
    assert done.returncode == 2
    assert "nope" in done.stderr
