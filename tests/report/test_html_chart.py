"""The posture chart's geometry and the posture points it draws."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from html_pages import history
from report_samples import PUBLIC, make_finding, make_report

from secfound.checks import Severity, Status
from secfound.findings import Suppression
from secfound.report.posture import point_from_report, with_current
from secfound.report.posture_chart import HEIGHT, MAX_LABELS, TOP, build_chart


def test_a_point_counts_open_failures_by_severity() -> None:
    findings = (
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address="A"),
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address="B"),
        make_finding(
            PUBLIC,
            Status.FAILED,
            Severity.CRITICAL,
            address="C",
            suppressed=Suppression(by="inline", reason="accepted"),
        ),
        make_finding(PUBLIC, Status.PASSED, Severity.HIGH, address="D"),
        make_finding(PUBLIC, Status.ERROR, Severity.HIGH, address="E"),
    )
    point = point_from_report(make_report(findings))
    assert dict(point.failed_by_severity) == {
        "critical": 0,
        "high": 2,
        "medium": 0,
        "low": 0,
        "info": 0,
    }
    assert (point.failed, point.passed, point.errored, point.unknown, point.suppressed) == (
        2,
        1,
        1,
        0,
        1,
    )


def test_with_current_orders_by_start_and_replaces_a_stored_copy() -> None:
    report = make_report((), run_id="run-001")  # the same id as a history point
    points = with_current(tuple(reversed(history(3))), report)
    assert [p.run_id for p in points] == ["run-000", "run-002", "run-001"]
    assert points[-1].started == report.started


@pytest.mark.parametrize(
    ("highest", "top", "step"),
    [(0, 1, 1), (1, 1, 1), (7, 8, 2), (11, 15, 5), (120, 150, 50), (4321, 5000, 1000)],
)
def test_the_axis_ends_on_a_round_value(highest: int, top: int, step: int) -> None:
    (point,) = history(1)
    point = replace(point, failed_by_severity={"high": highest})
    chart = build_chart([point], point.run_id)
    values = [t.value for t in chart.ticks]
    assert values == list(range(0, top + 1, step))
    assert len(values) <= 6
    (column,) = chart.columns
    assert column.total == highest
    # The top tick sits at the top of the plot; the column's height is to scale.
    assert chart.ticks[-1].y == pytest.approx(TOP)
    height = sum(s.height for s in column.segments)
    assert height == pytest.approx((chart.bottom - TOP) * highest / top)


def test_labels_are_thinned_but_the_latest_is_always_labelled() -> None:
    points = history(50)
    chart = build_chart(points, points[-1].run_id)
    labelled = [c for c in chart.columns if c.labelled]
    assert 2 <= len(labelled) <= MAX_LABELS + 1
    assert chart.columns[-1].labelled and chart.columns[0].labelled
    assert chart.columns[-1].current and not chart.columns[0].current
    xs = [c.center for c in chart.columns]
    assert xs == sorted(xs)
    assert all(c.x > 0 and c.x + c.width < chart.width for c in chart.columns)
    assert all(TOP <= s.y <= HEIGHT for c in chart.columns for s in c.segments)


def test_segments_stack_worst_at_the_bottom() -> None:
    (point,) = history(1, start=datetime(2026, 1, 1, tzinfo=UTC))
    chart = build_chart([point], point.run_id)
    (column,) = chart.columns
    assert [s.severity for s in column.segments] == ["critical", "low"]  # high is 0
    critical, low = column.segments
    assert critical.y + critical.height == pytest.approx(chart.bottom)
    assert low.y + low.height == pytest.approx(critical.y)
    assert "1 critical, 0 high" in column.tooltip
    assert "1 run on 2026-01-01" in chart.description


def test_same_day_runs_are_labelled_with_their_time() -> None:
    (point,) = history(1)
    later = replace(point, run_id="later", started=point.started.replace(hour=17, minute=5))
    chart = build_chart([point, later], "later")
    assert [c.label for c in chart.columns] == ["11-01 09:00", "11-01 17:05"]
    assert [c.label for c in build_chart(history(2), "x").columns] == ["2026-11-01", "2026-11-02"]
