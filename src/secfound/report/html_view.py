"""What the HTML report shows, as plain data: findings grouped by check and by resource.

The template only loops and prints; every decision (order, grouping, what is listed and
what is only counted) is made here, where it is typed and unit-tested.

What is listed. Every finding that is not a pass (failed, unknown, error, suppressed) is
listed in full in the by-check view and again, more compactly, under its resource: those
need a reader's attention and are the evidence. Passed findings are counted per check and
per resource, but at most ``passed_limit`` of each check are listed (hidden until the
"passed" filter is ticked), with a line saying how many more the JSON report holds. On a
scan with 100,000 findings, most of them passes, listing every pass twice made a page of
tens of megabytes that a browser takes many seconds to lay out; the counts keep the
evidence complete and the page small.

What is laid out. A browser spends its time laying out visible rows, not parsing hidden
ones: a page with 32,000 visible rows took 16 s to open in headless Chromium, the same page
with them hidden under 2 s. So at first only ``GROUP_CAP`` findings per group and
``VIEW_GROUPS`` groups per view are shown, each group with a "show all" button; search and
filters work on every listed finding, hidden or not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from secfound.checks import Severity, Status
from secfound.checks.registry import CheckSpec, Registry
from secfound.findings import Finding
from secfound.model.location import CloudLocation, FileLocation
from secfound.report.model import RunReport

PASSED_LIMIT = 50  # passed findings listed per check (all are counted)
# What the page lays out before the reader asks for more (the rest is in the page, hidden).
GROUP_CAP = 100  # findings shown per check or resource
VIEW_GROUPS = 200  # checks or resources shown per view
_STATUS_ORDER = {Status.FAILED: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.PASSED: 3}
STATUSES = ("failed", "error", "unknown", "passed")


class Row(NamedTuple):
    """One finding as printed: texts ready for the template (which escapes them).

    A named tuple rather than a frozen dataclass: as immutable, and five times cheaper to
    make, which counts with a row per finding on a 100,000-finding run.
    """

    check_id: str
    status: str
    severity: str
    message: str
    resource_type: str
    address: str
    where: str  # "path:line", or "account / region"
    arn: str | None
    conditional: bool
    suppressed: bool
    suppressed_by: str | None
    suppressed_reason: str | None
    suppressed_owner: str | None
    suppressed_until: str | None


@dataclass(frozen=True)
class CheckGroup:
    anchor: str  # an id made by secfound ("check-3"), never from the check id itself
    check_id: str
    title: str
    severity: str
    rationale: tuple[str, ...]  # paragraphs, each unwrapped to one line
    remediation: str
    known: bool  # False: the check is not in the registry (no rationale to show)
    counts: Mapping[str, int]  # status -> findings, plus "suppressed"
    rows: tuple[Row, ...]  # every finding that is not a pass, then passes up to the limit
    attention: int  # findings that are not passes (the first rows)
    passed_unlisted: int


@dataclass(frozen=True)
class ResourceGroup:
    resource_type: str
    address: str
    where: str
    arn: str | None
    rows: tuple[Row, ...]  # everything but passes
    passed: int


@dataclass(frozen=True)
class ReportView:
    checks: tuple[CheckGroup, ...]
    resources: tuple[ResourceGroup, ...]
    resources_all_passed: int  # resources with findings, all of them passes (not listed)
    listed: int  # finding rows in the by-check view
    anchors: Mapping[str, str]  # check id -> anchor of its group


def build_view(
    report: RunReport, registry: Registry, *, passed_limit: int = PASSED_LIMIT
) -> ReportView:
    # Sorted once: grouping keeps the order, so every group comes out sorted.
    findings = sorted(report.findings, key=_finding_order)
    by_check: dict[str, list[Finding]] = defaultdict(list)
    by_resource: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        by_check[finding.check_id].append(finding)
        by_resource[_resource_key(finding)].append(finding)
    # One row per listed finding, shared by both views.
    rows: dict[int, Row] = {}
    checks = [
        _check_group(check_id, group, report, registry, passed_limit, rows)
        for check_id, group in by_check.items()
    ]
    checks.sort(key=_check_order)
    numbered = tuple(
        replace(group, anchor=f"check-{index}") for index, group in enumerate(checks, start=1)
    )
    resources = []
    all_passed = 0
    for group in by_resource.values():
        listed = [rows[id(f)] for f in group if f.status is not Status.PASSED]
        if not listed:
            all_passed += 1
            continue
        first = listed[0]
        resources.append(
            ResourceGroup(
                resource_type=first.resource_type,
                address=first.address,
                where=_resource_where(group[0]),
                arn=first.arn,
                rows=tuple(listed),
                passed=len(group) - len(listed),
            )
        )
    resources.sort(key=_resource_order)
    return ReportView(
        checks=numbered,
        resources=tuple(resources),
        resources_all_passed=all_passed,
        listed=sum(len(group.rows) for group in numbered),
        anchors={group.check_id: group.anchor for group in numbered},
    )


def _check_group(
    check_id: str,
    findings: list[Finding],
    report: RunReport,
    registry: Registry,
    passed_limit: int,
    rows: dict[int, Row],
) -> CheckGroup:
    spec = _spec(registry, check_id)
    passed = [f for f in findings if f.status is Status.PASSED]
    listed = [f for f in findings if f.status is not Status.PASSED] + passed[:passed_limit]
    for finding in listed:
        rows[id(finding)] = _row(finding)
    counts = Counter(f.status.value for f in findings)
    severity = max((f.severity for f in findings), default=Severity.INFO)
    return CheckGroup(
        anchor="",
        check_id=check_id,
        title=report.titles.get(check_id) or (spec.title if spec else check_id),
        severity=severity.label,
        rationale=_paragraphs(spec.rationale) if spec else (),
        remediation=spec.remediation if spec else "",
        known=spec is not None,
        counts={
            **{status: counts.get(status, 0) for status in STATUSES},
            "suppressed": sum(1 for f in findings if f.suppressed is not None),
            "open": sum(1 for f in findings if _is_open(f)),
        },
        rows=tuple(rows[id(f)] for f in listed),
        attention=len(findings) - len(passed),
        passed_unlisted=max(0, len(passed) - passed_limit),
    )


def _paragraphs(text: str) -> tuple[str, ...]:
    """A docstring's paragraphs with their line breaks folded (the page wraps them)."""
    blocks = (" ".join(block.split()) for block in text.split("\n\n"))
    return tuple(block for block in blocks if block)


def _spec(registry: Registry, check_id: str) -> CheckSpec | None:
    canonical = registry.canonical_id(check_id)
    return registry.specs[canonical] if canonical is not None else None


def _is_open(finding: Finding) -> bool:
    return finding.status is Status.FAILED and finding.suppressed is None


def _row(finding: Finding) -> Row:
    where, arn = _where(finding)
    suppression = finding.suppressed
    return Row(
        check_id=finding.check_id,
        status=finding.status.value,
        severity=finding.severity.label,
        message=finding.message,
        resource_type=finding.resource.type,
        address=finding.resource.address,
        where=where,
        arn=arn,
        conditional=finding.conditional,
        suppressed=suppression is not None,
        suppressed_by=suppression.by if suppression else None,
        suppressed_reason=suppression.reason if suppression else None,
        suppressed_owner=suppression.owner if suppression else None,
        suppressed_until=suppression.until if suppression else None,
    )


def _where(finding: Finding) -> tuple[str, str | None]:
    location = finding.location
    if isinstance(location, FileLocation):
        return str(location), None
    if isinstance(location, CloudLocation):
        return f"{location.account} / {location.region}", location.arn
    raise TypeError(f"unknown location {location!r}")  # pragma: no cover - closed union


def _resource_where(finding: Finding) -> str:
    """Where a resource is: its file (each finding has its own line), or account / region."""
    location = finding.location
    if isinstance(location, FileLocation):
        return location.path
    return f"{location.account} / {location.region}"


def _resource_key(finding: Finding) -> tuple[str, str, str]:
    location = finding.location
    if isinstance(location, FileLocation):
        return (finding.resource.type, finding.resource.address, location.path)
    return (finding.resource.type, finding.resource.address, str(location))


def _finding_order(finding: Finding) -> tuple[int, int, int, str, int, str]:
    location = finding.location
    path = location.path if isinstance(location, FileLocation) else str(location)
    line = (location.line or 0) if isinstance(location, FileLocation) else 0
    return (
        _STATUS_ORDER.get(finding.status, 9),
        finding.suppressed is not None,
        -int(finding.severity),
        path,
        line,
        finding.resource.address,
    )


def _check_order(group: CheckGroup) -> tuple[bool, int, bool, str]:
    """Checks with open failures first, worst severity first; passing checks last."""
    needs_attention = group.counts["open"] + group.counts["error"] + group.counts["unknown"]
    return (
        group.counts["open"] == 0,
        -int(Severity.parse(group.severity)),
        needs_attention == 0,
        group.check_id,
    )


def _resource_order(group: ResourceGroup) -> tuple[int, int, str, str]:
    open_rows = [r for r in group.rows if r.status == "failed" and not r.suppressed]
    worst = max((int(Severity.parse(r.severity)) for r in open_rows), default=-1)
    return (-worst, -len(open_rows), group.where, group.address)
