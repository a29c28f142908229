"""``assess --api-calls FILE``: the run's API calls by operation, for benchmarks and sizing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from live_env import REGION

from secfound.cli.main import main as cli


def test_assess_writes_its_api_calls(
    aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # moto answers 404 for what it lacks
    calls = tmp_path / "calls.json"
    done = CliRunner().invoke(
        cli,
        [
            "assess",
            "--region",
            REGION,
            "--no-store",
            "-q",
            "--format",
            "json",
            "-o",
            str(tmp_path / "report.json"),
            "--fail-on",
            "never",
            "--api-calls",
            str(calls),
        ],
    )
    assert done.exit_code == 0, done.output
    document = json.loads(calls.read_text())
    by_operation = document["by_operation"]
    assert document["total"] == sum(by_operation.values())
    assert by_operation["sts:GetCallerIdentity"] == 1
    assert by_operation["s3:ListBuckets"] == 1
    assert list(by_operation) == sorted(by_operation)
