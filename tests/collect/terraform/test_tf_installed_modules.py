"""Remote modules that ``terraform init`` downloaded are evaluated through modules.json."""

from __future__ import annotations

import json
from pathlib import Path

from tf_helpers import by_address

from secfound.collect.terraform import load_root_module
from secfound.model.aws.s3 import Bucket
from secfound.model.values import Unresolved
from secfound.scan import ScanInputs, collect

ROOT = """\
module "net" {
  source  = "terraform-aws-modules/net/aws"
  version = "~> 5.0"
  prefix  = "prod"
}

module "other" {
  source = "git::https://example.com/other.git"
}

resource "aws_s3_bucket" "copy" {
  bucket = "${module.net.logs}-copy"
  tags   = { other = module.other.name }
}
"""

NET = """\
variable "prefix" {
  type = string
}

module "inner" {
  source = "git::https://example.com/inner.git//bucket?ref=v1"
  name   = "${var.prefix}-logs"
}

output "logs" {
  value = module.inner.name
}
"""

INNER = """\
variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

output "name" {
  value = aws_s3_bucket.this.bucket
}
"""


def _write(root: Path) -> None:
    (root / "main.tf").write_text(ROOT)
    net = root / ".terraform" / "modules" / "net"
    inner = root / ".terraform" / "modules" / "net.inner" / "bucket"
    net.mkdir(parents=True)
    inner.mkdir(parents=True)
    (net / "main.tf").write_text(NET)
    (inner / "main.tf").write_text(INNER)
    manifest = {
        "Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {
                "Key": "net",
                "Source": "registry.terraform.io/terraform-aws-modules/net/aws",
                "Version": "5.1.0",
                "Dir": ".terraform/modules/net",
            },
            {
                "Key": "net.inner",
                "Source": "git::https://example.com/inner.git//bucket?ref=v1",
                "Dir": ".terraform/modules/net.inner/bucket",
            },
        ]
    }
    (root / ".terraform" / "modules" / "modules.json").write_text(json.dumps(manifest))


def test_downloaded_modules_are_evaluated_like_local_ones(tmp_path: Path) -> None:
    _write(tmp_path)
    result = load_root_module(tmp_path, root=tmp_path)
    resources = by_address(result)
    inner = resources["module.net.module.inner.aws_s3_bucket.this"]
    assert isinstance(inner, Bucket) and inner.name == "prod-logs"
    assert inner.location.path == ".terraform/modules/net.inner/bucket/main.tf"  # type: ignore[union-attr]
    copy = resources["aws_s3_bucket.copy"]
    assert isinstance(copy, Bucket) and copy.name == "prod-logs-copy"
    assert isinstance(copy.properties["tags"]["other"], Unresolved)
    remote = [n for n in result.notices if "is not fetched" in n]
    assert len(remote) == 1 and "'other'" in remote[0]
    assert not result.errors


def test_without_a_manifest_remote_modules_stay_unfetched(tmp_path: Path) -> None:
    _write(tmp_path)
    (tmp_path / ".terraform" / "modules" / "modules.json").unlink()
    result = load_root_module(tmp_path, root=tmp_path)
    assert set(by_address(result)) == {"aws_s3_bucket.copy"}
    assert len([n for n in result.notices if "is not fetched" in n]) == 2


def test_the_walk_does_not_scan_downloaded_modules_as_roots(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path)
    collected = collect(ScanInputs(paths=(tmp_path,)))
    assert [r.root for r in collected.results] == ["."]
    assert len(collected.results[0].resources) == 2
