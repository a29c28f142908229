"""Nothing heavy is imported on the pre-commit path (DESIGN.md, principle 8).

Timing belongs to ``make bench``; this test pins what is *imported*, which is what makes
start-up slow, and it is deterministic.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from secfound.cli.main import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

TEMPLATE = """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]
"""


def _modules_after_scan(path: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "scan", str(path), "-q", "--fail-on", "never"],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_scan_of_a_small_template_stays_lean(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    modules = _modules_after_scan(tmp_path / "t.yaml")
    for heavy in ("boto3", "botocore", "pydantic", "sqlalchemy", "jsonschema", "tree_sitter"):
        assert heavy not in modules, f"{heavy} was imported"
    checks = {m for m in modules if m.startswith("secfound.checks.aws.")}
    assert any(m.startswith("secfound.checks.aws.s3.") for m in checks)
    assert not any(
        m.startswith(("secfound.checks.aws.ec2.", "secfound.checks.aws.kms.")) for m in checks
    )


def test_a_config_file_loads_pydantic_only_then(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    (tmp_path / ".secfound.yaml").write_text("fail_on: high\n")
    modules = _modules_after_scan(tmp_path / "t.yaml")
    assert "pydantic" in modules
    assert "boto3" not in modules
