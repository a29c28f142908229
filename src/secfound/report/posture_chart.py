"""The geometry of the posture chart: open failures by severity, one stacked column per run.

Python computes numbers only (positions, heights, tick values, label texts); the template
turns them into SVG elements, so every text goes through Jinja's autoescaping and no markup
is assembled from strings. A JavaScript chart library would need a CDN or a large inlined
bundle, and would draw nothing when scripts are off or the page is printed; a static SVG
does both, and its ``<title>`` elements give a tooltip per column without any script.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from secfound.report.posture import SEVERITY_LABELS, PosturePoint

WIDTH = 960
HEIGHT = 300
LEFT = 64  # room for the y tick labels and the axis title
RIGHT = 16
TOP = 40  # room for the legend
BOTTOM = 60  # room for the x labels and the axis title
MAX_LABELS = 8  # x labels drawn at most; the others are in each column's tooltip
MAX_BAR = 56.0


@dataclass(frozen=True)
class Segment:
    severity: str
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    run_id: str
    label: str  # shown under the axis when ``labelled``
    tooltip: str
    x: float  # left edge of the bar
    width: float
    center: float
    top: float  # y of the stack's top: where the run's point is drawn
    total: int
    segments: tuple[Segment, ...]
    labelled: bool
    current: bool


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class LegendItem:
    severity: str
    x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int  # x of the plot's right edge
    top: int
    bottom: int  # y of the plot's baseline
    columns: tuple[Column, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    title: str
    description: str


def build_chart(points: Sequence[PosturePoint], current_run: str) -> Chart:
    """Columns for ``points`` (already in time order); ``current_run`` is highlighted."""
    plot_right = WIDTH - RIGHT
    baseline = HEIGHT - BOTTOM
    plot_height = baseline - TOP
    highest = max((p.failed for p in points), default=0)
    step = _step(highest)
    # A round value at or above the highest column (at least 1: an empty chart has a scale).
    top_value = max(1, math.ceil(highest / step) * step)
    ticks = tuple(
        Tick(value=v, y=baseline - plot_height * v / top_value)
        for v in range(0, top_value + 1, step)
    )
    slot = (plot_right - LEFT) / max(len(points), 1)
    bar = min(MAX_BAR, slot * 0.7)
    every = max(1, math.ceil(len(points) / MAX_LABELS))
    # Dates alone when each run has its own day; else the time tells same-day runs apart.
    days = {p.started.date() for p in points}
    label_format = "%Y-%m-%d" if len(days) == len(points) else "%m-%d %H:%M"
    columns = []
    for index, point in enumerate(points):
        center = LEFT + slot * (index + 0.5)
        y = float(baseline)
        segments = []
        for severity in SEVERITY_LABELS:
            count = point.failed_by_severity.get(severity, 0)
            if not count:
                continue
            height = plot_height * count / top_value
            y -= height
            segments.append(Segment(severity=severity, count=count, y=y, height=height))
        last = index == len(points) - 1
        columns.append(
            Column(
                run_id=point.run_id,
                label=point.started.strftime(label_format),
                tooltip=_tooltip(point),
                x=center - bar / 2,
                width=bar,
                center=center,
                top=y,
                total=point.failed,
                segments=tuple(segments),
                labelled=last or (index % every == 0 and len(points) - 1 - index >= every / 2),
                current=point.run_id == current_run,
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=plot_right,
        top=TOP,
        bottom=baseline,
        columns=tuple(columns),
        ticks=ticks,
        legend=tuple(
            LegendItem(severity=s, x=LEFT + 96 * i) for i, s in enumerate(SEVERITY_LABELS)
        ),
        title="Open failing findings by severity, per run",
        description=_description(points),
    )


def _step(value: int) -> int:
    """A tick step of 1, 2 or 5 times a power of ten giving at most five intervals."""
    magnitude: int = 10 ** max(0, int(math.log10(max(value, 1))) - 1)
    for factor in (1, 2, 5, 10, 20, 50, 100):
        if value / (factor * magnitude) <= 5:
            return factor * magnitude
    return 100 * magnitude  # pragma: no cover - the loop always returns


def _tooltip(point: PosturePoint) -> str:
    counts = ", ".join(f"{point.failed_by_severity.get(s, 0)} {s}" for s in SEVERITY_LABELS)
    started = point.started.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"run {point.run_id} ({started}): {point.failed} open failures ({counts}); "
        f"{point.passed} passed, {point.unknown} unknown, {point.errored} error, "
        f"{point.suppressed} suppressed"
    )


def _description(points: Sequence[PosturePoint]) -> str:
    if not points:
        return "No runs to draw."
    first, last = points[0], points[-1]
    counts = ", ".join(f"{last.failed_by_severity.get(s, 0)} {s}" for s in SEVERITY_LABELS)
    span = (
        f"{len(points)} runs from {first.started:%Y-%m-%d} to {last.started:%Y-%m-%d}"
        if len(points) > 1
        else f"1 run on {last.started:%Y-%m-%d}"
    )
    return f"{span}. Latest run: {last.failed} open failures ({counts})."
