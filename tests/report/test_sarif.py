"""SARIF: what becomes a result, a rule or a notification, and that GitHub would take it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from report_samples import ADMIN, ENCRYPTED, HOSTILE, PUBLIC, make_finding, make_report

from secfound.checks import Severity, Status
from secfound.report.model import RunReport
from secfound.report.sarif import render_sarif, sarif_document


def _run(report: RunReport) -> dict[str, Any]:
    document = json.loads(render_sarif(report))
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    run: dict[str, Any] = document["runs"][0]
    return run


def test_driver_and_rules_describe_the_checks(report: RunReport) -> None:
    run = _run(report)
    driver = run["tool"]["driver"]
    assert driver["name"] == "secfound"
    assert driver["version"] == "0.4.0"
    assert "informationUri" not in driver, "no project address is published yet"
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == sorted([ADMIN, ENCRYPTED, PUBLIC])
    public = rules[PUBLIC]
    assert public["name"] == "S3BucketBlocksPublicAccess"
    assert public["shortDescription"]["text"].startswith("S3 bucket blocks public access")
    assert "Block Public Access" in public["fullDescription"]["text"]
    assert "\n" not in public["fullDescription"]["text"]  # docstring wraps undone
    assert "Remediation" in public["help"]["text"]
    assert "**Remediation**" in public["help"]["markdown"]
    assert public["defaultConfiguration"]["level"] == "error"
    properties = public["properties"]
    assert properties["security-severity"] == "8.0"
    assert "security" in properties["tags"]
    assert properties["tags"] == sorted(properties["tags"])
    assert properties["precision"] in ("very-high", "high", "medium", "low")
    assert rules[ENCRYPTED]["properties"]["security-severity"] == "5.5"
    assert rules[ENCRYPTED]["defaultConfiguration"]["level"] == "warning"


def test_results_are_failed_and_unknown_findings_only(report: RunReport) -> None:
    run = _run(report)
    results = run["results"]
    by_status = sorted(r["properties"]["status"] for r in results)
    assert by_status == ["failed", "failed", "failed", "unknown"]  # no passed, no error
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert set(result["partialFingerprints"]) == {"secfound/v1"}
    unknown = next(r for r in results if r["properties"]["status"] == "unknown")
    assert unknown["kind"] == "review"
    assert unknown["level"] == "none"
    assert unknown["message"]["text"].startswith("Could not be decided: KmsMasterKeyId")
    failed = next(r for r in results if r["properties"]["resource"] == "Bucket")
    assert failed["kind"] == "fail"
    assert failed["level"] == "error"
    assert "suppressions" not in failed


def test_locations_are_relative_to_the_repository_root(report: RunReport) -> None:
    results = _run(report)["results"]
    bucket = next(r for r in results if r["properties"]["resource"] == "Bucket")
    physical = bucket["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "stacks/app.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 3, "startColumn": 5, "endLine": 9}
    assert bucket["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "Bucket"
    queue = next(r for r in results if r["properties"]["resource"] == "Queue")
    assert queue["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}
    whole_file = next(r for r in results if r["properties"]["resource"] == "Site")
    assert "region" not in whole_file["locations"][0]["physicalLocation"]
    old = next(r for r in results if r["properties"]["resource"] == "Old Queue")
    uri = old["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "legacy%20dir/%C3%BCn%C3%AF.yaml"


def test_suppressed_findings_stay_results_with_their_reason(report: RunReport) -> None:
    results = _run(report)["results"]
    inline = next(r for r in results if r["properties"]["resource"] == "Old Queue")
    assert inline["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "legacy | <queue> & `old`",
            "properties": {"by": "inline"},
        }
    ]
    assert inline["message"]["text"] == HOSTILE  # JSON carries any text as it is
    baseline = next(r for r in results if r["properties"]["resource"] == "Site")
    suppression = baseline["suppressions"][0]
    assert suppression["kind"] == "external"
    assert suppression["properties"] == {
        "by": "baseline",
        "owner": "team-web",
        "until": "2027-01-31",
    }


def test_input_and_check_errors_are_notifications(report: RunReport) -> None:
    invocation = _run(report)["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["startTimeUtc"] == "2026-11-28T12:00:00.000000Z"
    notifications = invocation["toolExecutionNotifications"]
    assert all(n["level"] == "error" for n in notifications)
    inputs = [n for n in notifications if n["descriptor"]["id"] == "secfound/input-error"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in inputs] == [
        "bad.tf",
        "broken.yaml",
    ]
    assert inputs[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 7,
    }
    (check_error,) = [n for n in notifications if n["descriptor"]["id"] == "secfound/check-error"]
    assert check_error["associatedRule"]["id"] == ADMIN
    assert "KeyError" in check_error["message"]["text"]


def test_a_clean_run_succeeds_with_no_results() -> None:
    passed = make_finding(PUBLIC, Status.PASSED, Severity.HIGH)
    run = _run(make_report((passed,)))
    assert run["results"] == []
    assert run["invocations"][0] == {
        "executionSuccessful": True,
        "startTimeUtc": "2026-11-28T12:00:00.000000Z",
        "endTimeUtc": "2026-11-28T12:00:02.500000Z",
    }
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [PUBLIC]


def test_a_check_without_metadata_still_gets_a_rule() -> None:
    custom = make_finding("custom.team.bucket_tagged", Status.FAILED, Severity.LOW)
    report = make_report((custom,), titles={"custom.team.bucket_tagged": "Bucket is tagged"})
    (rule,) = sarif_document(report, specs={})["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"] == "Bucket is tagged"
    assert rule["properties"]["security-severity"] == "3.0"
    assert rule["defaultConfiguration"]["level"] == "note"


def test_live_findings_have_a_logical_location(live_report: RunReport) -> None:
    run = _run(live_report)
    (result,) = run["results"]
    assert result["locations"] == [
        {"logicalLocations": [{"fullyQualifiedName": "arn:aws:s3:::logs", "kind": "resource"}]}
    ]
    (gap,) = run["invocations"][0]["toolExecutionNotifications"]
    assert gap["level"] == "warning"
    assert "AccessDenied" in gap["message"]["text"]


def test_output_is_deterministic(report: RunReport) -> None:
    shuffled = make_report(tuple(reversed(report.findings)), errors=tuple(reversed(report.errors)))
    assert render_sarif(report) == render_sarif(shuffled)


def test_valid_sarif_that_github_accepts(
    report: RunReport,
    live_report: RunReport,
    tmp_path: Path,
    validate_sarif: Callable[..., None],
) -> None:
    files = (tmp_path / "iac.sarif", tmp_path / "live.sarif")
    files[0].write_text(render_sarif(report), encoding="utf-8")
    files[1].write_text(render_sarif(live_report), encoding="utf-8")
    validate_sarif(*files)


def test_the_validator_catches_what_github_rejects(
    report: RunReport, tmp_path: Path, validate_sarif: Callable[..., None]
) -> None:
    """The validation is not vacuous: a result without locations is refused."""
    document = sarif_document(report)
    del document["runs"][0]["results"][0]["locations"]
    path = tmp_path / "broken.sarif"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(AssertionError, match="GH1015"):
        validate_sarif(path)
