"""No hard-coded secret reaches any output of ``secfound scan``: only masked forms do.

The secrets are assembled from parts at run time, so the repository itself holds no value
that secret-scanning push protection would take for a leak.
"""

from __future__ import annotations

import json
from pathlib import Path

CHECK = "aws.general.resource_has_no_hard_coded_secrets"
ACCESS_KEY_ID = "AKIA" + "Q3EGRTY5NBV2LXQ7"
SECRET_KEY = "kX9mP2vL7qR4tY8w" + "B3nJ6hF1dS5aZ0cE2gU9iO4l"
PASSWORD = "Corr3ct-H0rse-" + "Battery"
TOKEN = "ghp_" + "R8fK2mQ7vX1zL4nB9cD3hJ6tY0wP5sA2eG8u"
SECRETS = (ACCESS_KEY_ID, SECRET_KEY, PASSWORD, TOKEN)

TEMPLATE = f"""\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: "{PASSWORD}"
        PasswordResetRequired: false
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: uploader-key-id
          Value: {ACCESS_KEY_ID}
        - Key: uploader-secret-key
          Value: {SECRET_KEY}
"""

MAIN_TF = f"""\
resource "aws_s3_bucket" "artifacts" {{
  bucket = "artifacts"
  tags = {{
    ci_token      = "{TOKEN}"
    uploader_key  = "{ACCESS_KEY_ID}"
  }}
}}
"""


def _write(repo: Path) -> None:
    (repo / "cfn").mkdir()
    (repo / "cfn" / "app.yaml").write_text(TEMPLATE)
    (repo / "tf").mkdir()
    (repo / "tf" / "main.tf").write_text(MAIN_TF)


def test_json_report_masks_secrets(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    _write(repo)
    done = secfound("scan", str(repo), "--format", "json", "-q")
    assert done.returncode == 1, done.stderr
    for secret in SECRETS:
        assert secret not in done.stdout
        assert secret not in done.stderr
    findings = [f for f in json.loads(done.stdout)["findings"] if f["check_id"] == CHECK]
    failed = {f["resource"]["address"]: f["message"] for f in findings if f["status"] == "failed"}
    assert set(failed) == {"Deployer", "Artifacts", "aws_s3_bucket.artifacts"}
    assert "AKIA…(20 chars)" in failed["Artifacts"]
    assert "ghp_…(40 chars)" in failed["aws_s3_bucket.artifacts"]
    assert "password" in failed["Deployer"]


def test_table_report_masks_secrets(secfound, repo: Path) -> None:  # type: ignore[no-untyped-def]
    _write(repo)
    done = secfound("scan", str(repo), "--format", "table")
    assert done.returncode == 1, done.stderr
    assert "AKIA…" in done.stdout
    for secret in SECRETS:
        assert secret not in done.stdout
        assert secret not in done.stderr
