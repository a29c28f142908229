"""JUnit XML, the test report every CI server (Jenkins, GitLab, Azure DevOps, CircleCI) shows.

One ``testsuite`` per check and one ``testcase`` per finding, the check id as
``classname``: dashboards group test cases by suite and split class names on dots, so a
check reads as a package tree (``aws`` > ``s3`` > ``bucket_blocks_public_access``) whose
suite counts say where a rule fails, and a suite keeps its name when a file moves. The
file and line of a finding are on the test case (``file``, ``line``) and in its name.

- passed: a passing test case;
- failed: ``<failure>`` (``type`` is the severity);
- error (a check raised): ``<error>``;
- unknown: ``<skipped>`` with the reason the value could not be decided;
- suppressed: ``<skipped>`` with who suppressed it and why, whatever its status.

Input errors are ``<error>`` test cases in a ``secfound.inputs`` suite and coverage gaps of
a live run ``<skipped>`` ones in ``secfound.coverage``, so neither disappears from a
dashboard. Text is escaped by ``xml.etree``; characters XML 1.0 cannot hold at all
(most control characters) are written as ``\\xNN`` so the file always parses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable

from secfound.checks import Status
from secfound.findings import Finding, InputError
from secfound.model.location import FileLocation
from secfound.report.model import RunReport

INPUTS_SUITE = "secfound.inputs"
COVERAGE_SUITE = "secfound.coverage"

_ORDER = ("tests", "failures", "errors", "skipped")


def render_junit(report: RunReport) -> str:
    root = ET.Element("testsuites", {"name": "secfound"})
    totals: Counter[str] = Counter()
    by_check: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_check.setdefault(finding.check_id, []).append(finding)
    for check_id in sorted(by_check):
        suite = _suite(root, check_id)
        title = report.titles.get(check_id)
        if title:
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", {"name": "title", "value": _clean(title)})
        counts = Counter[str]()
        for finding in sorted(by_check[check_id], key=_finding_order):
            counts.update(_testcase(suite, finding, title))
        totals.update(_close(suite, counts))
    if report.errors:
        suite = _suite(root, INPUTS_SUITE)
        counts = Counter[str]()
        for error in sorted(report.errors, key=lambda e: (e.path, e.line or 0, e.column or 0)):
            case = _case(suite, INPUTS_SUITE, _where(error), error.path, error.line)
            element = ET.SubElement(
                case, "error", {"type": "InputError", "message": _clean(error.message)}
            )
            element.text = _clean(str(error))
            counts.update(("tests", "errors"))
        totals.update(_close(suite, counts))
    if report.gaps:
        suite = _suite(root, COVERAGE_SUITE)
        counts = Counter[str]()
        for gap in sorted(report.gaps, key=lambda g: (g.account, g.region, g.service, g.reason)):
            name = f"{gap.service} in {gap.account}/{gap.region}"
            case = _case(suite, COVERAGE_SUITE, name, None, None)
            message = f"not assessed: {gap.reason}"
            ET.SubElement(case, "skipped", {"message": _clean(message)})
            counts.update(("tests", "skipped"))
        totals.update(_close(suite, counts))
    for key in _ORDER:
        root.set(key, str(totals.get(key, 0)))
    seconds = (report.finished - report.started).total_seconds()
    root.set("time", f"{seconds:.3f}")
    root.set("timestamp", report.started.isoformat())
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", {"name": _clean(name)})


def _close(suite: ET.Element, counts: Counter[str]) -> Counter[str]:
    """Write the suite's totals (attribute order kept stable for readable diffs)."""
    for key in _ORDER:
        suite.set(key, str(counts.get(key, 0)))
    return counts


def _case(
    suite: ET.Element, classname: str, name: str, path: str | None, line: int | None
) -> ET.Element:
    attributes = {"classname": _clean(classname), "name": _clean(name)}
    if path is not None:
        attributes["file"] = _clean(path)
    if line is not None:
        attributes["line"] = str(line)
    return ET.SubElement(suite, "testcase", attributes)


def _testcase(suite: ET.Element, finding: Finding, title: str | None) -> Iterable[str]:
    """Add one finding's test case; return the counters it adds to."""
    location = finding.location
    path = location.path if isinstance(location, FileLocation) else None
    line = location.line if isinstance(location, FileLocation) else None
    case = _case(suite, finding.check_id, f"{finding.resource.address} at {location}", path, line)
    details = _clean(
        f"{finding.message}\n"
        f"check: {finding.check_id}{f' ({title})' if title else ''}\n"
        f"severity: {finding.severity.label}\n"
        f"resource: {finding.resource.type} {finding.resource.address}\n"
        f"location: {location}\n"
        f"fingerprint: {finding.fingerprint}"
    )
    if finding.suppressed is not None:
        s = finding.suppressed
        message = f"suppressed ({s.by}) {finding.status.value} finding: {s.reason}"
        skipped = ET.SubElement(case, "skipped", {"message": _clean(message)})
        skipped.text = details
        return ("tests", "skipped")
    if finding.status is Status.FAILED:
        element = ET.SubElement(
            case, "failure", {"type": finding.severity.label, "message": _clean(finding.message)}
        )
        element.text = details
        return ("tests", "failures")
    if finding.status is Status.ERROR:
        element = ET.SubElement(
            case, "error", {"type": "CheckError", "message": _clean(finding.message)}
        )
        element.text = details
        return ("tests", "errors")
    if finding.status is Status.UNKNOWN:
        message = f"could not be decided: {finding.message}"
        skipped = ET.SubElement(case, "skipped", {"message": _clean(message)})
        skipped.text = details
        return ("tests", "skipped")
    return ("tests",)


def _where(error: InputError) -> str:
    """``path:line:column`` as far as known: the test case name of an input error."""
    return str(error)[: -len(f": {error.message}")]


def _clean(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (even as references) spelled out."""
    return "".join(c if _allowed(c) else f"\\x{ord(c):02x}" for c in text)


def _allowed(char: str) -> bool:
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _finding_order(finding: Finding) -> tuple[str, int, str, str]:
    location = finding.location
    if isinstance(location, FileLocation):
        return (location.path, location.line or 0, finding.resource.address, finding.fingerprint)
    return (str(location), 0, finding.resource.address, finding.fingerprint)
