"""Posture points: the counts of one run that the posture-over-time chart draws.

A point carries counts only, never findings, so the store can produce one per stored run
from the ``runs`` table alone (its count columns) and a trend over fifty runs reads fifty
rows. ``failed_by_severity`` counts open failures: failing and not suppressed, the same
numbers as ``RunReport.summary().failed_by_severity``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from secfound.checks import Severity
from secfound.report.model import RunReport

# Worst first: the order of the chart's stack (bottom up) and of its legend.
SEVERITY_LABELS = tuple(s.label for s in reversed(Severity))


@dataclass(frozen=True, kw_only=True)
class PosturePoint:
    """One run's counts: open failures by severity label, and the other statuses."""

    run_id: str
    started: datetime
    passed: int
    failed_by_severity: Mapping[str, int]
    unknown: int
    errored: int
    suppressed: int

    @property
    def failed(self) -> int:
        """Open (unsuppressed) failures of every severity."""
        return sum(self.failed_by_severity.values())


def point_from_report(report: RunReport) -> PosturePoint:
    """The posture point of a run that is at hand (not necessarily stored)."""
    summary = report.summary()
    return PosturePoint(
        run_id=report.run_id,
        started=report.started,
        passed=summary.by_status["passed"],
        failed_by_severity={
            label: summary.failed_by_severity.get(label, 0) for label in SEVERITY_LABELS
        },
        unknown=summary.by_status["unknown"],
        errored=summary.by_status["error"],
        suppressed=summary.suppressed,
    )


def with_current(history: tuple[PosturePoint, ...], report: RunReport) -> tuple[PosturePoint, ...]:
    """``history`` ordered by start, with the report's own run in it exactly once.

    The store may or may not have included the run being rendered; either way it is drawn
    once, from the report (the numbers a reader sees in the summary above the chart).
    """
    current = point_from_report(report)
    others = [p for p in history if p.run_id != report.run_id]
    return tuple(sorted([*others, current], key=lambda p: (p.started, p.run_id)))
