"""The "Threat register" section of the HTML report: a stored (or just scored) register.

The section shows every threat of the register in its order (residual risk first): its
element, STRIDE category, inherent and residual risk with their bands, its status with
the decision behind it, and each mitigating objective with its state and the failing
resources that keep it from passing. Python prepares plain rows; the template only
prints them (autoescaped), as for the other sections.

``secfound report`` passes the latest snapshot stored in the same database (whatever the
run it reports: the register is about the workload, the run about one scope);
``secfound threats register --format html`` renders a page holding this section alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from secfound.threats.register import Register

__all__ = ["FAILING_SHOWN", "ObjectiveCell", "ThreatRow", "ThreatsView", "build_threats_view"]

FAILING_SHOWN = 5  # failing resources listed per objective; the rest are counted


@dataclass(frozen=True, kw_only=True)
class ObjectiveCell:
    id: str
    state: str
    css: str  # the state as a CSS class suffix
    reason: str
    failing: tuple[str, ...]  # "resource (check)"
    more: int  # failing resources not listed
    runs: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ThreatRow:
    id: str
    title: str
    element: str
    element_kind: str
    stride: str
    likelihood: int
    impact: int
    inherent: int
    inherent_band: str
    residual_likelihood: int
    residual: int
    residual_band: str
    status: str
    css: str  # the status as a CSS class suffix
    decision: str  # "accepted by alice until 2027-03-31: reason", or ""
    notes: tuple[str, ...]
    objectives: tuple[ObjectiveCell, ...]


@dataclass(frozen=True, kw_only=True)
class ThreatsView:
    snapshot: str | None
    model: str
    model_sha256: str
    created: str
    as_of: str
    counts: Mapping[str, int]
    total_inherent: int
    total_residual: int
    open_residual: int
    rows: tuple[ThreatRow, ...]


def build_threats_view(register: Register) -> ThreatsView:
    rows = []
    for e in register.entries:
        decision = ""
        if e.decision:
            d = e.decision
            decision = f"{d.get('kind', '')} by {d.get('by', '')} until {d.get('until', '')}"
            if d.get("reason"):
                decision += f": {d['reason']}"
        cells = tuple(
            ObjectiveCell(
                id=o.id,
                state=o.state,
                css=o.state.replace(" ", "-"),
                reason=o.reason,
                failing=tuple(
                    dict.fromkeys(f"{f.resource} ({f.check_id})" for f in o.failing[:FAILING_SHOWN])
                ),
                more=max(0, len(o.failing) - FAILING_SHOWN),
                runs=o.runs,
            )
            for o in e.objectives
        )
        rows.append(
            ThreatRow(
                id=e.threat_id,
                title=e.title,
                element=e.element_name or e.element_id,
                element_kind=e.element_kind,
                stride=e.stride,
                likelihood=e.likelihood,
                impact=e.impact,
                inherent=e.inherent,
                inherent_band=e.inherent_band,
                residual_likelihood=e.residual_likelihood,
                residual=e.residual,
                residual_band=e.residual_band,
                status=e.status,
                css=e.status,
                decision=decision,
                notes=e.notes,
                objectives=cells,
            )
        )
    return ThreatsView(
        snapshot=register.id,
        model=register.model_name,
        model_sha256=register.model_sha256,
        created=register.created.strftime("%Y-%m-%d %H:%M UTC"),
        as_of=register.as_of.isoformat(),
        counts=register.counts(),
        total_inherent=sum(e.inherent for e in register.entries),
        total_residual=register.total_residual,
        open_residual=register.open_residual,
        rows=tuple(rows),
    )
