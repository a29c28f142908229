"""The JSON report: a versioned document whose schema is docs/report.schema.json.

``schema_version`` changes only when a field changes meaning or disappears; new fields may
be added within a version.
"""

from __future__ import annotations

import json
from typing import Any

from secfound.findings import Finding, InputError
from secfound.model.location import CloudLocation, FileLocation
from secfound.report.model import RunReport

SCHEMA_VERSION = 1


def report_document(report: RunReport) -> dict[str, Any]:
    summary = report.summary()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "secfound", "version": report.tool_version},
        "run": {
            "id": report.run_id,
            "command": report.command,
            "started": report.started.isoformat(),
            "finished": report.finished.isoformat(),
            "roots": list(report.roots),
            "sources": dict(report.source_units),
            "resources": report.resource_count,
            "checks": report.checks_run,
            "summary": {
                "by_status": dict(summary.by_status),
                "failed_by_severity": dict(summary.failed_by_severity),
                "suppressed": summary.suppressed,
            },
        },
        "findings": [_finding(f, report.titles.get(f.check_id)) for f in report.findings],
        "errors": [_error(e) for e in report.errors],
        "gaps": [
            {"account": g.account, "region": g.region, "service": g.service, "reason": g.reason}
            for g in report.gaps
        ],
    }


def render_json(report: RunReport) -> str:
    return indented_json(report_document(report))


def indented_json(document: Any) -> str:
    """``document`` as indented JSON, for the JSON and SARIF reports.

    orjson writes it (byte for byte what ``json.dumps(indent=2, ensure_ascii=False)``
    writes, five times faster: a hundred thousand findings made the report the slowest
    step of a scan); json writes what orjson refuses, such as integers beyond 64 bits.
    """
    import orjson

    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except TypeError:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding(finding: Finding, title: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "check_id": finding.check_id,
        "title": title or finding.check_id,
        "status": finding.status.value,
        "severity": finding.severity.label,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
        "resource": {"type": finding.resource.type, "address": finding.resource.address},
        "location": _location(finding),
        "conditional": finding.conditional,
    }
    if finding.suppressed is not None:
        s = finding.suppressed
        data["suppressed"] = {"by": s.by, "reason": s.reason, "owner": s.owner, "until": s.until}
    return data


def _location(finding: Finding) -> dict[str, Any]:
    location = finding.location
    if isinstance(location, FileLocation):
        return {"path": location.path, "line": location.line, "column": location.column}
    if isinstance(location, CloudLocation):
        return {"account": location.account, "region": location.region, "arn": location.arn}
    raise TypeError(f"unknown location {location!r}")  # pragma: no cover


def _error(error: InputError) -> dict[str, Any]:
    return {
        "path": error.path,
        "line": error.line,
        "column": error.column,
        "message": error.message,
    }
