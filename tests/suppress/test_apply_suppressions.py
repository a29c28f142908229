"""``apply_suppressions`` and friends: pure functions of findings, sources and a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from secfound.checks import Severity, Status
from secfound.checks.registry import builtin_registry
from secfound.config import ConfiguredSuppression, SeverityOverride
from secfound.errors import ConfigError
from secfound.findings import Finding, ResourceRef, fingerprint
from secfound.model.location import FileLocation
from secfound.suppress.apply import (
    BaselineMatcher,
    ConfigMatcher,
    apply_suppressions,
    check_patterns_exist,
    override_severity,
)
from secfound.suppress.baseline import Baseline

VERSIONING = "aws.s3.bucket_versioning_enabled"
TODAY = date(2026, 6, 1)


def _finding(
    address: str = "logs",
    path: str = "infra/main.tf",
    check_id: str = VERSIONING,
    status: Status = Status.FAILED,
) -> Finding:
    ref = ResourceRef(type="AWS::S3::Bucket", address=address)
    location = FileLocation(path=path, line=1)
    return Finding(
        check_id=check_id,
        status=status,
        severity=Severity.LOW,
        message="versioning is off",
        resource=ref,
        location=location,
        fingerprint=fingerprint(check_id, ref, location),
    )


def _rule(**values: object) -> ConfiguredSuppression:
    return ConfiguredSuppression(**{"check": "aws.s3.*", "reason": "logs", **values})  # type: ignore[arg-type]


def test_config_globs_on_check_address_and_path() -> None:
    registry = builtin_registry()
    matcher = ConfigMatcher(
        [
            _rule(
                resources=('module.logs["a"].aws_s3_bucket.this[0]', "archive-*"),
                paths=("infra/*",),
            )
        ],
        registry,
    )
    findings = [
        _finding('module.logs["a"].aws_s3_bucket.this[0]'),
        _finding("archive-2024"),
        _finding("archive-2024", path="other/main.tf"),
        _finding("web"),
    ]
    applied = apply_suppressions(findings, [matcher], TODAY)
    assert [f.suppressed is not None for f in applied.findings] == [True, True, False, False]
    assert applied.findings[0].suppressed.by == "config"  # type: ignore[union-attr]


def test_passed_findings_are_never_marked() -> None:
    matcher = ConfigMatcher([_rule()], builtin_registry())
    applied = apply_suppressions([_finding(status=Status.PASSED)], [matcher], TODAY)
    assert applied.findings[0].suppressed is None


def test_expired_fails_again_and_outranks_the_baseline() -> None:
    finding = _finding()
    expired = ConfigMatcher([_rule(until=date(2026, 5, 31))], builtin_registry())
    baseline = BaselineMatcher(
        Baseline(
            path="b.json",
            created="2026-01-01T00:00:00",
            fingerprints=frozenset({finding.fingerprint}),
        )
    )
    applied = apply_suppressions([finding], [expired, baseline], TODAY)
    assert applied.findings[0].suppressed is None
    assert applied.findings[0].message.endswith("(suppression expired on 2026-05-31)")
    # The last day still counts; the baseline alone suppresses with its own reason.
    still = ConfigMatcher([_rule(until=TODAY)], builtin_registry())
    assert apply_suppressions([finding], [still], TODAY).findings[0].suppressed is not None
    only_baseline = apply_suppressions([finding], [baseline], TODAY).findings[0]
    assert only_baseline.suppressed is not None
    assert only_baseline.suppressed.reason == "in baseline b.json created 2026-01-01"


def test_severity_override_exact_beats_glob() -> None:
    registry = builtin_registry()
    overrides = [
        SeverityOverride(check=VERSIONING, severity="high"),
        SeverityOverride(check="aws.s3.*", severity="info"),
    ]
    findings = [_finding(), _finding(check_id="aws.s3.bucket_access_logging_enabled")]
    result = override_severity(findings, overrides, registry)
    assert [f.severity for f in result] == [Severity.HIGH, Severity.INFO]
    assert result[0].fingerprint == findings[0].fingerprint


def test_a_pattern_matching_no_check_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        check_patterns_exist(
            [_rule(check="aws.s3.bucket_versoning_enabled", line=7)],
            builtin_registry(),
            Path(".secfound.yaml"),
        )
    assert ".secfound.yaml:7:" in str(caught.value)
