"""The ``.secfound.yaml`` keys of this feature: values, and errors at file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from secfound.config import CheckFolder, ConfiguredSuppression, SeverityOverride, load_config
from secfound.errors import ConfigError


def test_keys_are_read_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / ".secfound.yaml"
    path.write_text(
        "suppressions:\n"
        "  - check: aws.s3.*\n"
        "    resources: ['logs-*']\n"
        "    reason: log buckets\n"
        "    owner: platform\n"
        "    until: 2026-12-31\n"
        "severity:\n"
        "  aws.s3.bucket_versioning_enabled: high\n"
        "checks_dirs: [policies, {path: more, namespace: acme.security}]\n"
        "baseline: .secfound-baseline.json\n"
    )
    config = load_config(path)
    assert config.suppressions == (
        ConfiguredSuppression(
            check="aws.s3.*",
            reason="log buckets",
            resources=("logs-*",),
            paths=("*",),
            owner="platform",
            until=date(2026, 12, 31),
            line=2,
        ),
    )
    assert config.severity == (
        SeverityOverride(check="aws.s3.bucket_versioning_enabled", severity="high", line=8),
    )
    assert config.checks_dirs == (
        CheckFolder(path=(tmp_path / "policies").resolve(), line=9),
        CheckFolder(path=(tmp_path / "more").resolve(), namespace="acme.security", line=9),
    )
    assert config.baseline == (tmp_path / ".secfound-baseline.json").resolve()


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("suppressions:\n  - check: a\n    reason: ''\n", 3, "a reason is required"),
        ("suppressions:\n  - check: a\n", 2, "reason: Field required"),
        ("suppressions:\n  - check: a\n    reason: r\n    until: 2026-13-01\n", 4, "month"),
        ("suppressions:\n  - check: a\n    reason: r\n    until: tomorrow\n", 4, "YYYY-MM-DD"),
        ("suppressions:\n  - check: a\n    reason: r\n    resource: [x]\n", 4, "unknown setting"),
        ("severity:\n  aws.s3.x: severe\n", 2, "severity.aws.s3.x"),
        ("checks_dirs:\n  - {path: p, namespace: 'not ok'}\n", 2, "namespace"),
    ],
)
def test_errors_name_the_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = tmp_path / ".secfound.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == line, str(caught.value)
    assert problem in str(caught.value)
