"""The "Control objectives" section of the HTML report: each objective's state in this run,
and its pass rate over the earlier runs of the same scope.

The states come from ``controls.status`` applied to the run's own findings, so the
section reads the same whether the page is written at scan time or later from the store.
The trend needs the store (``store.effectiveness`` summed per objective); without it the
section shows the states alone. The trend is a strip of cells per objective, one per run,
coloured by pass rate: Python computes the cells, the template draws them as SVG
``<rect>`` elements with a ``<title>`` tooltip each, so no script is needed and every text
is escaped by the template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from secfound.controls.status import (
    AttestationRecord,
    ControlState,
    Evidence,
    EvidenceFinding,
    EvidenceRun,
    ObjectiveInput,
    evaluate,
)
from secfound.report.model import RunReport

if TYPE_CHECKING:  # the store (SQLAlchemy) is not loaded for a page written at scan time
    from secfound.store.effectiveness import GroupEffectiveness

__all__ = ["CELL", "ControlsView", "ObjectiveRow", "TrendCell", "build_controls_view"]

CELL = 14  # px: width and height of one run's cell in a strip
_GAP = 2
_ORDER = {
    ControlState.FAILING: 0,
    ControlState.UNKNOWN: 1,
    ControlState.MANUAL: 2,
    ControlState.PASSING: 3,
    ControlState.NOT_APPLICABLE: 4,
    ControlState.NOT_COVERED: 5,
}


@dataclass(frozen=True, kw_only=True)
class TrendCell:
    run_id: str
    x: int
    rate: float | None
    passed: int
    failed: int
    tooltip: str
    band: str  # CSS suffix: none | low | mid | high | full
    current: bool


@dataclass(frozen=True, kw_only=True)
class ObjectiveRow:
    id: str
    title: str
    type: str
    state: str
    css: str  # the state as a CSS class suffix
    reason: str
    passed: int
    failed: int
    unknown: int
    suppressed: int
    checks: tuple[str, ...]  # the checks that failed: the ones worth a link
    trend: tuple[TrendCell, ...]
    rank: int  # failing first, then unknown, manual, passing, not applicable


@dataclass(frozen=True, kw_only=True)
class ControlsView:
    rows: tuple[ObjectiveRow, ...]
    counts: Mapping[str, int]
    runs: int  # runs in the trend (0: no store at hand)
    strip_width: int
    attestations_read: bool = False  # False: manual controls shown as not attested
    cell: int = CELL


def build_controls_view(
    report: RunReport,
    objectives: Sequence[ObjectiveInput],
    titles: Mapping[str, tuple[str, str]],
    *,
    trend: Sequence[GroupEffectiveness] = (),
    trend_runs: Sequence[str] = (),
    today: date,
    attestations: Mapping[str, AttestationRecord] | None = None,
) -> ControlsView | None:
    """The section's content; None when the run judged nothing (no section then).

    ``titles``: objective id -> (title, type). ``trend``: one group per objective (from
    ``controls.effectiveness``) over ``trend_runs`` (run ids, oldest first).
    """
    if not report.findings:
        return None
    status = evaluate(objectives, _evidence(report), attestations or {}, today=today)
    by_objective = {group.key: group for group in trend}
    rows = []
    for item in status.objectives:
        if item.state is ControlState.NOT_APPLICABLE and item.id not in by_objective:
            continue
        failing_checks = tuple(dict.fromkeys(f.check_id for f in item.failing))
        title, kind = titles.get(item.id, (item.title, ""))
        rows.append(
            ObjectiveRow(
                id=item.id,
                title=title,
                type=kind,
                state=_label(item.state, item.attested),
                css=str(item.state).replace(" ", "-"),
                reason=item.reason,
                passed=item.passed,
                failed=item.failed,
                unknown=item.unknown,
                suppressed=item.suppressed,
                checks=failing_checks,
                trend=_cells(by_objective.get(item.id), report.run_id),
                rank=_ORDER[item.state],
            )
        )
    rows.sort(key=lambda row: (row.rank, row.id))
    counts = {str(state): 0 for state in ControlState}
    for item in status.objectives:
        counts[str(item.state)] += 1
    width = len(trend_runs) * (CELL + _GAP)
    return ControlsView(
        rows=tuple(rows),
        counts=counts,
        runs=len(trend_runs),
        strip_width=width,
        attestations_read=attestations is not None,
    )


def _evidence(report: RunReport) -> Evidence:
    run = EvidenceRun(
        id=report.run_id,
        command=report.command,
        started=report.started,
        scope=report.roots,
        gaps=len(report.gaps),
        input_errors=len(report.errors),
        gap_services=frozenset(gap.service for gap in report.gaps),
    )
    findings = tuple(
        EvidenceFinding(
            check_id=finding.check_id,
            status=finding.status.value,
            suppressed=finding.suppressed is not None,
            resource=finding.resource.address,
            run_id=report.run_id,
            message=finding.message,
            address=finding.resource.address,
        )
        for finding in report.findings
    )
    return Evidence(runs=(run,), findings=findings)


def _label(state: ControlState, attested: bool | None) -> str:
    if state is ControlState.MANUAL:
        return "manual (attested)" if attested else "manual (not attested)"
    if state is ControlState.UNKNOWN and attested is False:
        return "unknown (not attested)"
    return str(state)


def _cells(group: GroupEffectiveness | None, current: str) -> tuple[TrendCell, ...]:
    if group is None:
        return ()
    cells = []
    for index, counts in enumerate(group.per_run):
        rate = counts.pass_rate
        when = counts.started.strftime("%Y-%m-%d %H:%M")
        judged = (
            f"{rate:.0%} passing ({counts.passed} passed, {counts.failed} failing)"
            if rate is not None
            else "nothing judged"
        )
        cells.append(
            TrendCell(
                run_id=counts.run_id,
                x=index * (CELL + _GAP),
                rate=rate,
                passed=counts.passed,
                failed=counts.failed,
                tooltip=f"run {counts.run_id[:8]}, {when} UTC: {judged}",
                band=_band(rate),
                current=counts.run_id == current,
            )
        )
    return tuple(cells)


def _band(rate: float | None) -> str:
    if rate is None:
        return "none"
    if rate >= 1.0:
        return "full"
    if rate >= 0.8:
        return "high"
    if rate >= 0.5:
        return "mid"
    return "low"
