"""The JSON report is written byte for byte as ``json.dumps(indent=2)`` would write it."""

from __future__ import annotations

import json

from report_samples import make_report

from secfound.report.json_report import render_json, report_document
from secfound.report.model import RunReport


def _plain(report: RunReport) -> str:
    return json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"


def test_findings_written_as_json_dumps_writes_them(report: RunReport) -> None:
    assert report.findings  # hostile text, suppressions, a finding without a line
    assert render_json(report) == _plain(report)


def test_cloud_locations_written_as_json_dumps_writes_them(live_report: RunReport) -> None:
    assert render_json(live_report) == _plain(live_report)


def test_a_report_without_findings() -> None:
    empty = make_report(())
    assert render_json(empty) == _plain(empty)
    assert json.loads(render_json(empty))["findings"] == []
