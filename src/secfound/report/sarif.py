"""SARIF 2.1.0: the report code-scanning services (GitHub, Azure DevOps, IDEs) ingest.

One run, whose ``tool.driver.rules`` describe every check that produced a finding (passed
ones too, so a consumer can tell which checks met resources). What becomes what:

- a **failed** finding is a result of ``kind: "fail"`` whose ``level`` follows the check's
  severity (critical, high: ``error``; medium: ``warning``; low, info: ``note``);
- an **unknown** finding is a result of ``kind: "review"``: a person must look, because a
  value could not be resolved. The specification (3.27.10) requires ``level: "none"`` for
  any kind but ``fail``; GitHub ignores ``kind`` and ranks the alert by its rule's
  ``security-severity``, so the message starts with "Could not be decided" to say why;
- an **error** finding (a check raised on one resource) is not a statement about the code,
  so it is a tool execution notification of level ``error`` naming the check
  (``associatedRule``) and the resource's location, never a result;
- a **passed** finding is not a result: SARIF consumers treat every result as something
  to show, and a pass is the absence of one;
- a **suppressed** finding stays a result, with ``suppressions`` (``inSource`` for an
  inline comment, ``external`` for a baseline, the configuration or a mutelist) carrying
  the reason as ``justification``: a consumer shows it as dismissed instead of losing it.

Input errors (a file that could not be read or parsed, a suppression that could not be
applied) and coverage gaps are tool execution notifications too; input errors make
``executionSuccessful`` false, because the run did not do all it was asked.

Locations are relative to ``%SRCROOT%``, the repository root; the ``secfound/v1`` partial
fingerprint is the finding's fingerprint, which ignores line numbers, so code scanning
keeps one alert per (check, resource, file) across edits. Everything is sorted, so one
report always renders to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from secfound.checks import Severity, Status
from secfound.checks.registry import CheckSpec, builtin_registry
from secfound.findings import Finding, Gap, InputError
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.json_report import indented_json
from secfound.report.model import RunReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
# The project's home page, shown by consumers next to the tool name.
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "secfound/v1"

# Numeric severities GitHub code scanning reads from a rule's ``security-severity``
# property (over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low).
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# Checks evaluate declared configuration deterministically; "high" rather than
# "very-high" because a resolved value may still differ from what gets deployed.
PRECISION = "high"
SUPPRESSION_KIND = {"inline": "inSource"}  # baseline, config, mutelist: "external"

_RESULT_STATUSES = (Status.FAILED, Status.UNKNOWN)


def render_sarif(report: RunReport, specs: Mapping[str, CheckSpec] | None = None) -> str:
    """The SARIF log as text; ``specs`` gives rule metadata (default: the built-in checks)."""
    document = sarif_document(report, specs)
    return indented_json(document)


def sarif_document(
    report: RunReport, specs: Mapping[str, CheckSpec] | None = None
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict (one run)."""
    if specs is None:
        specs = builtin_registry().specs
    findings = sorted(report.findings, key=_finding_order)
    rule_ids = sorted({f.check_id for f in findings})
    rule_index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [_rule(rule_id, specs.get(rule_id), report.titles, findings) for rule_id in rule_ids]
    results = [_result(f, rule_index[f.check_id]) for f in findings if f.status in _RESULT_STATUSES]
    notifications = [
        *(_input_error_notification(e) for e in sorted(report.errors, key=_error_order)),
        *(
            _check_error_notification(f, rule_index[f.check_id])
            for f in findings
            if f.status is Status.ERROR
        ),
        *(_gap_notification(g) for g in sorted(report.gaps, key=_gap_order)),
    ]
    invocation: dict[str, Any] = {
        "executionSuccessful": not report.errors,
        "startTimeUtc": _utc(report.started),
        "endTimeUtc": _utc(report.finished),
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "secfound",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The repository root: the git top level, else the scanned directory."
                }
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "runId": report.run_id,
            "command": report.command,
            "resources": report.resource_count,
            "checks": report.checks_run,
        },
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


# ---------------------------------------------------------------------------------------
# Rules


def _rule(
    rule_id: str,
    spec: CheckSpec | None,
    titles: Mapping[str, str],
    findings: Iterable[Finding],
) -> dict[str, Any]:
    """A reporting descriptor; a check unknown to ``specs`` still gets its title and the
    severity its findings carry, so every result has a rule to point at."""
    if spec is not None:
        title, rationale, remediation = spec.title, spec.rationale, spec.remediation
        severity, objectives, checkov = spec.severity, spec.objectives, spec.checkov
    else:
        title = titles.get(rule_id, rule_id)
        rationale = remediation = ""
        severity = max(
            (f.severity for f in findings if f.check_id == rule_id), default=Severity.INFO
        )
        objectives = checkov = ()
    rationale_text = _unwrap(rationale) or title
    properties: dict[str, Any] = {
        "tags": sorted({"security", *objectives}),
        "security-severity": SECURITY_SEVERITY[severity],
        "precision": PRECISION,
        "severity": severity.label,
    }
    if checkov:
        properties["checkov"] = sorted(checkov)
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": rationale_text},
        "help": {
            "text": _help_text(rationale_text, remediation, severity, checkov),
            "markdown": _help_markdown(title, rationale_text, remediation, severity, checkov),
        },
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": properties,
    }


def _rule_name(rule_id: str) -> str:
    """``aws.s3.bucket_blocks_public_access`` -> ``S3BucketBlocksPublicAccess``: the
    readable identifier SARIF's ``name`` asks for; the service keeps names unique."""
    parts = rule_id.split(".")
    words = parts[1:] if len(parts) > 1 else parts
    return "".join(w[:1].upper() + w[1:] for part in words for w in part.split("_"))


def _unwrap(text: str) -> str:
    """Docstring prose with its hard wraps undone; blank lines still separate paragraphs."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _help_text(
    rationale: str, remediation: str, severity: Severity, checkov: tuple[str, ...]
) -> str:
    parts = [rationale]
    if remediation:
        parts.append(f"Remediation:\n{remediation.strip()}")
    parts.append(f"Severity: {severity.label}.")
    if checkov:
        parts.append(f"Checkov equivalents: {', '.join(sorted(checkov))}.")
    return "\n\n".join(parts)


def _help_markdown(
    title: str, rationale: str, remediation: str, severity: Severity, checkov: tuple[str, ...]
) -> str:
    parts = [f"**{_md(title)}**", _md(rationale)]
    if remediation:
        lines = [_md(line.strip()) for line in remediation.strip().splitlines() if line.strip()]
        parts.append("**Remediation**\n\n" + "  \n".join(lines))
    parts.append(f"Severity: **{severity.label}**.")
    if checkov:
        parts.append("Checkov equivalents: " + ", ".join(f"`{c}`" for c in sorted(checkov)) + ".")
    return "\n\n".join(parts)


def _md(text: str) -> str:
    """Plain prose made literal in Markdown (placeholders such as ``<log group ARN>`` and
    ``*`` in policies must not turn into HTML or emphasis)."""
    out = []
    for char in text:
        if char in "\\`*_[]<>|#":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Results and notifications


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    failed = finding.status is Status.FAILED
    message = finding.message if failed else f"Could not be decided: {finding.message}"
    result: dict[str, Any] = {
        "ruleId": finding.check_id,
        "ruleIndex": rule_index,
        "kind": "fail" if failed else "review",
        "level": LEVEL[finding.severity] if failed else "none",
        "message": {"text": message},
        "locations": [_location(finding.location, finding)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "status": finding.status.value,
            "severity": finding.severity.label,
            "resourceType": finding.resource.type,
            "resource": finding.resource.address,
            "conditional": finding.conditional,
        },
    }
    if finding.suppressed is not None:
        s = finding.suppressed
        suppression: dict[str, Any] = {
            "kind": SUPPRESSION_KIND.get(s.by, "external"),
            "status": "accepted",
            "justification": s.reason,
            "properties": {"by": s.by},
        }
        if s.owner is not None:
            suppression["properties"]["owner"] = s.owner
        if s.until is not None:
            suppression["properties"]["until"] = s.until
        result["suppressions"] = [suppression]
    return result


def _check_error_notification(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "level": "error",
        "descriptor": {"id": "secfound/check-error"},
        "associatedRule": {"id": finding.check_id, "index": rule_index},
        "message": {
            "text": f"Check {finding.check_id} failed on {finding.resource.address}: "
            f"{finding.message}"
        },
        "locations": [_location(finding.location, finding)],
        "properties": {
            "resourceType": finding.resource.type,
            "resource": finding.resource.address,
            "fingerprint": finding.fingerprint,
        },
    }


def _input_error_notification(error: InputError) -> dict[str, Any]:
    location = FileLocation(path=error.path, line=error.line, column=error.column)
    return {
        "level": "error",
        "descriptor": {"id": "secfound/input-error"},
        "message": {"text": f"Input error in {error.path}: {error.message}"},
        "locations": [_location(location, None)],
    }


def _gap_notification(gap: Gap) -> dict[str, Any]:
    return {
        "level": "warning",
        "descriptor": {"id": "secfound/coverage-gap"},
        "message": {
            "text": f"{gap.service} in account {gap.account}, region {gap.region} "
            f"was not assessed: {gap.reason}"
        },
    }


def _location(location: Location, finding: Finding | None) -> dict[str, Any]:
    """A physical location for files; the resource as a logical location either way, and
    the only location of a live resource (it has no file)."""
    result: dict[str, Any] = {}
    if isinstance(location, FileLocation):
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": _uri(location.path), "uriBaseId": SRCROOT}
        }
        region = _region(location)
        if region:
            physical["region"] = region
        result["physicalLocation"] = physical
        if finding is not None:
            result["logicalLocations"] = [
                {"fullyQualifiedName": finding.resource.address, "kind": "resource"}
            ]
    elif isinstance(location, CloudLocation):
        name = location.arn or (
            f"{location.account}/{location.region}/{finding.resource.address}"
            if finding is not None
            else f"{location.account}/{location.region}"
        )
        result["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "resource"}]
    return result


def _region(location: FileLocation) -> dict[str, int]:
    """Lines and columns are 1-based in secfound and in SARIF; absent ones are omitted
    (a finding on a whole file has no region)."""
    if location.line is None or location.line < 1:
        return {}
    region = {"startLine": location.line}
    if location.column is not None and location.column >= 1:
        region["startColumn"] = location.column
    if location.end_line is not None and location.end_line >= location.line:
        region["endLine"] = location.end_line
    return region


def _uri(path: str) -> str:
    """A relative URI reference: ``/`` kept, everything else a URI may not hold escaped."""
    return quote(path.replace("\\", "/"), safe="/")


def _utc(moment: datetime) -> str:
    """SARIF asks for UTC date-times ending in ``Z``; a naive time is taken to be UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---------------------------------------------------------------------------------------
# Order


def _finding_order(finding: Finding) -> tuple[str, int, int, str, str, str]:
    location = finding.location
    if isinstance(location, FileLocation):
        where = location.path
        line, column = location.line or 0, location.column or 0
    else:
        where = f"{location.account}/{location.region}/{location.arn or ''}"
        line = column = 0
    return (where, line, column, finding.check_id, finding.resource.address, finding.fingerprint)


def _error_order(error: InputError) -> tuple[str, int, int, str]:
    return (error.path, error.line or 0, error.column or 0, error.message)


def _gap_order(gap: Gap) -> tuple[str, str, str, str]:
    return (gap.account, gap.region, gap.service, gap.reason)
