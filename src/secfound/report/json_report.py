"""The JSON report: a versioned document whose schema is docs/report.schema.json.

``schema_version`` changes only when a field changes meaning or disappears; new fields may
be added within a version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring as _encode_string
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
    document = report_document(report)
    findings = document["findings"]
    if findings:
        # The findings are written by ``_indented``, byte for byte as ``json.dumps`` would
        # write them: with ``indent``, json falls back to its pure-Python encoder, which
        # made the report the slowest step of a scan with a hundred thousand findings.
        try:
            listed = _indented(findings, 1)
        except _Unsupported:
            pass
        else:
            text = json.dumps({**document, "findings": []}, indent=2, ensure_ascii=False)
            head, marker, tail = text.partition('\n  "findings": [],\n')
            if marker:
                return f'{head}\n  "findings": {listed},\n{tail}\n'
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class _Unsupported(Exception):
    """A value ``_indented`` does not write; ``json.dumps`` writes the whole report."""


def _indented(value: Any, depth: int) -> str:
    """``value`` at nesting ``depth`` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it.

    Strings go through json's own C escaper; what is not a plain dict, list, string, bool,
    int or None raises ``_Unsupported``.
    """
    kind = type(value)
    write = _SCALARS.get(kind)
    if write is not None:
        return write(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = "\n" + "  " * (depth + 1)
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            write = _SCALARS.get(type(item))
            text = write(item) if write is not None else _indented(item, depth + 1)
            items.append(f"{_encode_string(key)}: {text}")
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = "\n" + "  " * (depth + 1)
        items = [_indented(item, depth + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "]"
    if isinstance(value, str):
        return _encode_string(value)  # a str subclass, as json writes it
    raise _Unsupported


_SCALARS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _value: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
    str: _encode_string,
}


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
