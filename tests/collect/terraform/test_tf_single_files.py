"""Terraform files passed one by one (pre-commit): the whole module is evaluated for its
values, findings are for the resources the given files declare (Checkov #3515)."""

from __future__ import annotations

from pathlib import Path

from secfound.model.aws.s3 import Bucket
from secfound.scan import ScanInputs, collect

VARIABLES = 'variable "env" {\n  default = "prod"\n}\n\nlocals {\n  owner = "team-${var.env}"\n}\n'
MAIN = """\
resource "aws_s3_bucket" "data" {
  bucket = "data-${var.env}"
  tags   = { owner = local.owner }
}

module "logs" {
  source = "./modules/logs"
  env    = var.env
}
"""
OTHER = 'resource "aws_s3_bucket" "other" {\n  bucket = "other"\n}\n'
LOGS = """\
variable "env" {}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
}
"""


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    stack = tmp_path / "stack"
    (stack / "modules" / "logs").mkdir(parents=True)
    (stack / "variables.tf").write_text(VARIABLES)
    (stack / "main.tf").write_text(MAIN)
    (stack / "other.tf").write_text(OTHER)
    (stack / "modules" / "logs" / "main.tf").write_text(LOGS)
    return stack


def _buckets(*paths: Path) -> dict[str, object]:
    collected = collect(ScanInputs(paths=paths))
    assert not collected.errors
    return {
        r.address: r.name
        for res in collected.results
        for r in res.resources
        if isinstance(r, Bucket)
    }


def test_a_variable_default_elsewhere_resolves_the_given_file(tmp_path: Path) -> None:
    stack = _repo(tmp_path)
    assert _buckets(stack / "main.tf") == {"aws_s3_bucket.data": "data-prod"}


def test_locals_of_the_module_are_used(tmp_path: Path) -> None:
    stack = _repo(tmp_path)
    collected = collect(ScanInputs(paths=(stack / "main.tf",)))
    (bucket,) = collected.results[0].resources
    assert bucket.properties["tags"] == {"owner": "team-prod"}
    assert any("not reported" in n for n in collected.results[0].notices)


def test_a_given_module_file_is_reported_through_its_caller(tmp_path: Path) -> None:
    stack = _repo(tmp_path)
    found = _buckets(stack / "main.tf", stack / "modules" / "logs" / "main.tf")
    assert found == {
        "aws_s3_bucket.data": "data-prod",
        "module.logs.aws_s3_bucket.logs": "logs-prod",
    }


def test_a_folder_given_whole_reports_everything(tmp_path: Path) -> None:
    stack = _repo(tmp_path)
    assert set(_buckets(stack / "main.tf", stack)) == {
        "aws_s3_bucket.data",
        "aws_s3_bucket.other",
        "module.logs.aws_s3_bucket.logs",
    }
