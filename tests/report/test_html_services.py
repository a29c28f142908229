"""The HTML report's "Security services" section: the matrix of a live run, from the run's
resources and findings alone, so a stored run draws what the assessment drew."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from html_pages import IMG, SCRIPT, Page, parse
from report_samples import sample_report

from secfound.checks import Severity, Status
from secfound.checks.registry import builtin_registry
from secfound.cli.main import main
from secfound.collect import SourceResult
from secfound.engine import evaluate
from secfound.findings import Finding, ResourceRef
from secfound.model.aws.services import SecurityService
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved
from secfound.report.html import render_html
from secfound.report.html_view import build_view
from secfound.report.model import RunReport, seen_resources
from secfound.report.services_view import (
    NOT_JUDGED,
    build_matrix,
    cells_from_resources,
    report_matrix,
)

ACCOUNT = "123456789012"
ADMIN = "111122223333"
REGION = "eu-west-1"
Cells = dict[tuple[str, str, str], tuple[str, str | None]]


def _service(
    service: str, state: object, *, expected: bool, region: str = REGION, **extra: object
) -> SecurityService:
    from secfound.controls.blueprint import service_catalog

    spec = service_catalog()[service]
    return SecurityService(
        address=f"{ACCOUNT}/{region}/{service}",
        location=CloudLocation(account=ACCOUNT, region=REGION),
        service=service,
        name=spec.name,
        account_id=ACCOUNT,
        region=region,
        state=state,  # type: ignore[arg-type]
        expected=expected,
        purpose=spec.purpose,
        enable=spec.enable,
        **extra,  # type: ignore[arg-type]
    )


INVENTORY = (
    _service("guardduty", "enabled", expected=True, detail=("S3_DATA_EVENTS",)),
    _service("securityhub", "delegated", expected=True, administrator=ADMIN),
    _service("config", "off", expected=True),
    _service("cloudtrail", Unresolved("cloudtrail:DescribeTrails: AccessDenied"), expected=True),
    _service("macie", "off", expected=False),
    _service("waf", "enabled", expected=False),
    _service("shield-advanced", "off", expected=False, region="global"),
)


def _report(resources: tuple[SecurityService, ...] = INVENTORY) -> RunReport:
    """What ``assess`` makes of the inventory: the real checks' findings, the resources."""
    from datetime import UTC, datetime

    unit = SourceResult(root=f"{ACCOUNT}/{REGION}", kind="live", resources=resources)
    findings = evaluate(builtin_registry(), [unit]).findings
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    return RunReport(
        tool_version="0.4.0",
        command="assess",
        run_id="0b6f7f52-3a7e-4c55-9d1e-6c8d1b2a9f00",
        started=now,
        finished=now,
        roots=(f"{ACCOUNT}/{REGION}",),
        source_units={"live": 1},
        resource_count=len(resources),
        checks_run=len(builtin_registry()),
        findings=findings,
        resources=seen_resources(resources),
    )


def _page_cells(page: Page) -> Cells:
    """(account, region, service) -> (data-state, link) of every matrix cell."""
    cells: Cells = {}
    row: tuple[str, str] = ("", "")
    last: tuple[str, str, str] | None = None
    for element in page.elements:
        classes = (element.attrs.get("class") or "").split()
        if element.tag == "tr" and "svc-row" in classes:
            row = (element.attrs["data-account"] or "", element.attrs["data-region"] or "")
        elif element.tag == "td" and "svc-cell" in classes:
            last = (*row, element.attrs["data-service"] or "")
            cells[last] = (element.attrs["data-state"] or "", None)
        elif element.tag == "a" and last is not None and cells[last][1] is None:
            cells[last] = (cells[last][0], element.attrs.get("href"))
        elif element.tag == "td":
            last = None
    return cells


# --- the matrix of a report --------------------------------------------------------------


def test_cells_say_what_the_findings_say() -> None:
    matrix = report_matrix(_report())
    assert matrix is not None
    by_place = {
        (row.region, cell.service): cell for row in matrix.rows for cell in row.cells if cell
    }
    assert [(row.account, row.region) for row in matrix.rows] == [
        (ACCOUNT, REGION),
        (ACCOUNT, "global"),  # account-wide services last
    ]
    states = {key: cell.state for key, cell in by_place.items()}
    assert states == {
        (REGION, "guardduty"): "enabled",
        (REGION, "securityhub"): "delegated",
        (REGION, "config"): "off",
        (REGION, "cloudtrail"): "unknown",
        (REGION, "macie"): NOT_JUDGED,  # optional: the run keeps no state for it
        (REGION, "waf"): NOT_JUDGED,
        ("global", "shield-advanced"): NOT_JUDGED,
    }
    # The delegated wording comes from the real check: a change there breaks this.
    assert by_place[(REGION, "securityhub")].administrator == ADMIN
    off = by_place[(REGION, "config")]
    assert off.expected_and_off and off.check_id == "aws.services.config_enabled"
    assert "where the blueprint expects it" in (off.message or "")
    assert "AccessDenied" in (by_place[(REGION, "cloudtrail")].reason or "")
    assert {c.id for c in matrix.columns if c.expected} == {
        "guardduty",
        "securityhub",
        "config",
        "cloudtrail",
    }
    assert matrix.expected_off == 1
    assert matrix.counts == {
        "enabled": 1,
        "delegated": 1,
        "off": 1,
        "unknown": 1,
        NOT_JUDGED: 3,
    }


def test_judged_cells_match_the_inventory_services_reads() -> None:
    """The two sources of the matrix agree wherever a check judged the service."""
    live = build_matrix(cells_from_resources(INVENTORY), lambda _service: False)
    stored = report_matrix(_report())
    assert stored is not None
    read = {(c.region, c.service): c.state for r in live.rows for c in r.cells if c}
    judged = {
        (c.region, c.service): c.state
        for r in stored.rows
        for c in r.cells
        if c and c.state != NOT_JUDGED
    }
    assert judged and all(read[key] == state for key, state in judged.items())


def test_a_run_without_the_inventory_has_no_matrix() -> None:
    assert report_matrix(sample_report()) is None


# --- the section -------------------------------------------------------------------------


def test_the_section_draws_the_matrix_with_links_and_purposes() -> None:
    report = _report()
    html = render_html(report)
    page = parse(html)
    assert [a.attrs["href"] for a in page.find("a") if a.attrs.get("href") == "#services"]
    anchors = build_view(report, builtin_registry()).anchors
    cells = _page_cells(page)
    assert cells[(ACCOUNT, REGION, "config")] == (
        "off",
        f"#{anchors['aws.services.config_enabled']}",
    )
    assert cells[(ACCOUNT, REGION, "guardduty")][0] == "enabled"
    assert cells[(ACCOUNT, REGION, "securityhub")][0] == "delegated"
    assert cells[(ACCOUNT, REGION, "cloudtrail")][0] == "unknown"
    assert cells[(ACCOUNT, REGION, "macie")] == (NOT_JUDGED, None)
    assert cells[(ACCOUNT, "global", "shield-advanced")] == (NOT_JUDGED, None)
    assert (ACCOUNT, REGION, "shield-advanced") not in cells  # account-wide only
    (expected_off,) = [
        e for e in page.find("td", "svc-off") if "svc-exp" in (e.attrs.get("class") or "")
    ]
    assert "where the blueprint expects it" in (expected_off.attrs["title"] or "")
    # What each service detects or prevents: on its column, and in the legend.
    (guardduty,) = [e for e in page.find("th", "svc-col") if e.attrs["data-service"] == "guardduty"]
    assert "detects compromised credentials" in (guardduty.attrs["title"] or "")
    text = " ".join("".join(page.text).split())
    assert "Amazon Macie discovers sensitive data in S3 buckets" in text
    assert "not assessed" in text and "account-wide" in text


def test_a_scan_report_has_no_services_section() -> None:
    page = parse(render_html(sample_report()))
    assert not [e for e in page.elements if e.attrs.get("id") == "services"]
    assert not page.find("table", "svc")
    assert "#services" not in [a.attrs.get("href") for a in page.find("a")]


def test_the_section_keeps_the_page_self_contained() -> None:
    page = parse(render_html(_report()))
    assert not [e.tag for e in page.elements if "style" in e.attrs]  # the CSP forbids them
    handlers = [(e.tag, a) for e in page.elements for a in e.attrs if a.startswith("on")]
    assert handlers == []
    for element in page.elements:
        href = element.attrs.get("href")
        assert href is None or href.startswith("#") or href.startswith("data:"), href
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))


def test_hostile_text_in_a_service_finding_is_escaped() -> None:
    report = _report()
    hostile = Finding(
        check_id="aws.services.config_enabled",
        status=Status.FAILED,
        severity=Severity.HIGH,
        message=f"{SCRIPT} {IMG}",
        resource=ResourceRef(type=SecurityService.resource_type, address=f"{ACCOUNT}/{REGION}/waf"),
        location=CloudLocation(account=ACCOUNT, region=REGION),
        fingerprint="0" * 32,
    )
    html = render_html(replace(report, findings=(*report.findings, hostile)))
    assert SCRIPT not in html and IMG not in html
    page = parse(html)
    assert len(page.find("script")) == 1 and not page.find("img")
    titles = [e.attrs.get("title") for e in page.find("td", "svc-cell")]
    assert f"{SCRIPT} {IMG}" in titles


# --- from the command line: assess, store, report ---------------------------------------


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from moto import mock_aws

    monkeypatch.delenv("SECFOUND_DB", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        yield


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_stored_assess_run_draws_the_matrix_the_assessment_drew(
    aws: None, tmp_path: Path
) -> None:
    import boto3

    boto3.client("guardduty", region_name="us-east-1").create_detector(Enable=True)
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    at_assess = tmp_path / "assess.html"
    document = tmp_path / "assess.json"
    done = _cli(
        "assess",
        "--region",
        "us-east-1",
        "--db",
        db,
        "-q",
        "--format",
        f"html:{at_assess}",
        "--format",
        f"json:{document}",
    )
    assert done.exit_code == 1, done.output  # expected services are off
    run_id = json.loads(document.read_text())["run"]["id"]
    stored = tmp_path / "stored.html"
    done = _cli("report", "--db", db, "--run", run_id[:8], "--output", str(stored))
    assert done.exit_code == 0, done.output

    first = _page_cells(parse(at_assess.read_text(encoding="utf-8")))
    again = _page_cells(parse(stored.read_text(encoding="utf-8")))
    assert first == again
    account = os.environ.get("MOTO_ACCOUNT_ID", ACCOUNT)
    assert first[(account, "us-east-1", "guardduty")][0] == "enabled"
    state, link = first[(account, "us-east-1", "securityhub")]
    assert state == "off" and link is not None and link.startswith("#check-")
    assert first[(account, "us-east-1", "macie")] == (NOT_JUDGED, None)
    assert first[(account, "global", "shield-advanced")] == (NOT_JUDGED, None)


def test_a_stored_scan_run_has_no_services_section(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n", encoding="utf-8"
    )
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    assert _cli("scan", str(tmp_path), "-q", "--db", db, "--fail-on", "never").exit_code == 0
    out = tmp_path / "scan.html"
    assert _cli("report", "--db", db, "--output", str(out)).exit_code == 0
    page = parse(out.read_text(encoding="utf-8"))
    assert not page.find("table", "svc")
