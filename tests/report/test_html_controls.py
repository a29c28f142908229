"""The HTML report's "Control objectives" section: states from the run's findings, and a
pass-rate strip per objective when the report is made from the store."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from html_pages import parse

from secfound.checks import Severity, Status
from secfound.findings import Finding, ResourceRef, fingerprint
from secfound.model.location import FileLocation
from secfound.report.html import render_html
from secfound.report.model import RunReport, SeenResourceRef
from secfound.store.database import open_store
from secfound.store.effectiveness import effectiveness
from secfound.store.history import resolve_run
from secfound.store.write import save_run

VERSIONING = "aws.s3.bucket_versioning_enabled"  # serves data-recoverable-after-deletion
PUBLIC = "aws.s3.bucket_blocks_public_access"  # serves data-not-publicly-accessible
T0 = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


def report(results: dict[str, Status], started: datetime = T0) -> RunReport:
    bucket = ResourceRef(type="AWS::S3::Bucket", address="aws_s3_bucket.logs")
    where = FileLocation(path="main.tf", line=1)
    findings = tuple(
        Finding(
            check_id=check,
            status=status,
            severity=Severity.MEDIUM,
            message=f"{check}: {status.value}",
            resource=bucket,
            location=where,
            fingerprint=fingerprint(check, bucket, where),
        )
        for check, status in results.items()
    )
    return RunReport(
        tool_version="0.1.0",
        command="scan",
        run_id=str(uuid.uuid4()),
        started=started,
        finished=started + timedelta(seconds=1),
        roots=("/repo",),
        source_units={"terraform": 1},
        resource_count=1,
        checks_run=len(results),
        findings=findings,
        resources=(SeenResourceRef(resource=bucket, location=where),),
    )


def rows(html: str) -> dict[str, str]:
    page = parse(html)
    return {
        e.attrs["data-objective"] or "": e.attrs["data-state"] or ""
        for e in page.find("tr", "ctl-row")
    }


def test_objective_states_come_from_the_runs_findings() -> None:
    html = render_html(report({VERSIONING: Status.FAILED, PUBLIC: Status.PASSED}))
    states = rows(html)
    assert states["data-recoverable-after-deletion"] == "failing"
    # Its checks pass, but it has manual controls and one run carries no attestation.
    assert states["data-not-publicly-accessible"] == "unknown"
    assert "unknown (not attested)" in html
    # Objectives nothing in the run bears on are left out, not shown as passing.
    assert "data-stores-protected-from-deletion" not in states
    page = parse(html)
    assert page.find("section") and any(
        e.attrs.get("id") == "objectives" for e in page.find("section")
    )
    # The failing check links to its group of findings.
    assert f"<code>{VERSIONING}</code></a>" in html
    assert not page.find("svg", "ctl-strip")  # no store: no trend


def test_a_run_without_findings_has_no_section() -> None:
    html = render_html(report({}))
    assert 'id="objectives"' not in html


def test_the_strip_shows_the_pass_rate_of_each_earlier_run(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'runs.db'}")
    runs = [
        report({VERSIONING: Status.FAILED, PUBLIC: Status.PASSED}, T0),
        report({VERSIONING: Status.PASSED, PUBLIC: Status.PASSED}, T0 + timedelta(days=1)),
        report({VERSIONING: Status.FAILED, PUBLIC: Status.PASSED}, T0 + timedelta(days=2)),
    ]
    for item in runs:
        save_run(engine, item)
    middle = runs[1]
    stored = resolve_run(engine, middle.run_id)
    trend = effectiveness(
        engine, stored.scope_key, until=stored.started + timedelta(microseconds=1)
    )
    html = render_html(middle, trend=trend)
    page = parse(html)
    strips = page.find("svg", "ctl-strip")
    assert strips
    bands = [
        e.attrs.get("class") for e in page.find("rect") if "band-" in (e.attrs.get("class") or "")
    ]
    # data-recoverable-after-deletion: failing, then passing (the reported run, last).
    assert "band-low" in bands
    assert "band-full current" in bands
    # The report on the middle run does not show the later run.
    assert len(trend.runs) == 2
    assert "under 50%" in html


def test_a_stored_attestation_reaches_the_page() -> None:
    from secfound.controls.status import AttestationRecord

    attested = {
        "data-not-publicly-accessible": AttestationRecord(
            objective_id="data-not-publicly-accessible",
            attested_by="alice",
            attested_at=T0,
            expires_on=None,
        )
    }
    findings = {VERSIONING: Status.FAILED, PUBLIC: Status.PASSED}
    html = render_html(report(findings), attestations=attested)
    assert rows(html)["data-not-publicly-accessible"] == "passing"
    assert "read from the run store" in html
    assert "read from the run store" not in render_html(report(findings))
