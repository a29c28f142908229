"""The risk register: every scored threat as one row, sorted, counted, and written out.

A ``Register`` is what ``secfound threats register`` prints and stores: the same object
comes from scoring now (``register_from_scored``) or from a stored snapshot
(``store.threats.load_register``), so the table, JSON, CSV and the HTML section read the
same whichever way it was made. Pure: no store, no files.

Rows are sorted by residual risk (highest first), then inherent risk, then threat id, so
the first line is what to work on next and equal rows keep a stable order.

CSV columns (one row per threat; lists inside a cell are joined with ``; ``):

``id, rule, title, element, element_kind, stride, likelihood, impact, inherent,
inherent_band, residual_likelihood, residual, residual_band, status, objectives`` (each
``objective=state``), ``failing_resources``, ``evidence_runs``, ``decision``, ``decided_by``,
``decided_until``, ``decision_reason``, ``notes``. A cell that a spreadsheet would read as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed
with ``'``: titles, reasons and notes come from files anyone can edit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from secfound.threats.scoring import ObjectiveEvidence, ScoredThreat, ThreatStatus
from secfound.threats.threat import risk_band

__all__ = [
    "CSV_COLUMNS",
    "REGISTER_SCHEMA_VERSION",
    "Register",
    "RegisterEntry",
    "ThreatChange",
    "ThreatDiff",
    "ThreatFacts",
    "diff_threats",
    "facts_of_entries",
    "facts_of_threats",
    "register_csv",
    "register_document",
    "register_from_scored",
    "sort_entries",
]

REGISTER_SCHEMA_VERSION = 1

CSV_COLUMNS = (
    "id",
    "rule",
    "title",
    "element",
    "element_kind",
    "stride",
    "likelihood",
    "impact",
    "inherent",
    "inherent_band",
    "residual_likelihood",
    "residual",
    "residual_band",
    "status",
    "objectives",
    "failing_resources",
    "evidence_runs",
    "decision",
    "decided_by",
    "decided_until",
    "decision_reason",
    "notes",
)


@dataclass(frozen=True, kw_only=True)
class RegisterEntry:
    """One threat of the register, flat: what a snapshot row stores."""

    threat_id: str
    rule_id: str
    title: str
    element_id: str
    element_kind: str
    element_name: str
    stride: str
    likelihood: int
    impact: int
    residual_likelihood: int
    status: str  # a ThreatStatus value
    objectives: tuple[ObjectiveEvidence, ...] = ()
    decision: Mapping[str, Any] | None = None  # Decision.as_dict()
    notes: tuple[str, ...] = ()

    @property
    def inherent(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual(self) -> int:
        return self.residual_likelihood * self.impact

    @property
    def inherent_band(self) -> str:
        return risk_band(self.inherent)

    @property
    def residual_band(self) -> str:
        return risk_band(self.residual)

    @property
    def runs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(run for item in self.objectives for run in item.runs))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.threat_id,
            "rule": self.rule_id,
            "title": self.title,
            "element": {
                "id": self.element_id,
                "kind": self.element_kind,
                "name": self.element_name,
            },
            "stride": self.stride,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "inherent": self.inherent,
            "inherent_band": self.inherent_band,
            "residual_likelihood": self.residual_likelihood,
            "residual": self.residual,
            "residual_band": self.residual_band,
            "status": self.status,
            "objectives": [item.as_dict() for item in self.objectives],
            "decision": dict(self.decision) if self.decision else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, kw_only=True)
class Register:
    """A register of one model at one moment; ``id`` is set once stored."""

    model_name: str
    model_sha256: str
    created: datetime
    as_of: date
    entries: tuple[RegisterEntry, ...]
    evidence_runs: tuple[str, ...] = ()
    id: str | None = None

    def counts(self) -> dict[str, int]:
        """Threats per status, every status present (zeros included)."""
        found = {str(status): 0 for status in ThreatStatus}
        for entry in self.entries:
            found[entry.status] = found.get(entry.status, 0) + 1
        return found

    @property
    def total_residual(self) -> int:
        return sum(entry.residual for entry in self.entries)

    @property
    def open_residual(self) -> int:
        """Residual risk of the threats still open (what no decision covers)."""
        return sum(entry.residual for entry in self.entries if entry.status == ThreatStatus.OPEN)


def _entry(scored: ScoredThreat) -> RegisterEntry:
    threat = scored.threat
    return RegisterEntry(
        threat_id=threat.id,
        rule_id=threat.rule.id,
        title=threat.rule.title,
        element_id=threat.element_id,
        element_kind=threat.element_kind,
        element_name=threat.element_name,
        stride=str(threat.stride),
        likelihood=threat.likelihood,
        impact=threat.impact,
        residual_likelihood=scored.residual_likelihood,
        status=str(scored.status),
        objectives=scored.objectives,
        decision=scored.decision.as_dict() if scored.decision else None,
        notes=scored.notes,
    )


def sort_entries(entries: Iterable[RegisterEntry]) -> tuple[RegisterEntry, ...]:
    """Residual risk (desc), then inherent risk (desc), then threat id."""
    return tuple(sorted(entries, key=lambda e: (-e.residual, -e.inherent, e.threat_id)))


def register_from_scored(
    scored: Sequence[ScoredThreat],
    *,
    model_name: str,
    model_sha256: str,
    created: datetime,
    as_of: date,
    evidence_runs: Sequence[str] = (),
) -> Register:
    return Register(
        model_name=model_name,
        model_sha256=model_sha256,
        created=created,
        as_of=as_of,
        entries=sort_entries(_entry(item) for item in scored),
        evidence_runs=tuple(evidence_runs),
    )


def register_document(register: Register) -> dict[str, Any]:
    """The JSON form (``schema_version`` 1)."""
    return {
        "schema_version": REGISTER_SCHEMA_VERSION,
        "register": {
            "id": register.id,
            "model": {"name": register.model_name, "sha256": register.model_sha256},
            "created": register.created.isoformat(),
            "as_of": register.as_of.isoformat(),
            "evidence_runs": list(register.evidence_runs),
            "counts": register.counts(),
            "total_residual": register.total_residual,
            "open_residual": register.open_residual,
        },
        "threats": [entry.as_dict() for entry in register.entries],
    }


def register_csv(register: Register) -> str:
    """One row per threat, columns as the module docstring lists them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in register.entries:
        decision = e.decision or {}
        failing = dict.fromkeys(
            f"{item.resource} ({item.check_id})" for o in e.objectives for item in o.failing
        )
        writer.writerow(
            _cell(value)
            for value in (
                e.threat_id,
                e.rule_id,
                e.title,
                e.element_id,
                e.element_kind,
                e.stride,
                e.likelihood,
                e.impact,
                e.inherent,
                e.inherent_band,
                e.residual_likelihood,
                e.residual,
                e.residual_band,
                e.status,
                "; ".join(f"{o.id}={o.state}" for o in e.objectives),
                "; ".join(failing),
                "; ".join(e.runs),
                decision.get("kind", ""),
                decision.get("by", ""),
                decision.get("until", ""),
                decision.get("reason", ""),
                "; ".join(e.notes),
            )
        )
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# -- diff: what a model change adds, removes or changes -------------------------------------


@dataclass(frozen=True, kw_only=True)
class ThreatFacts:
    """What ``threats diff`` compares of a threat: from the matcher or a stored snapshot."""

    id: str
    rule_id: str
    title: str
    element_id: str
    element_name: str
    stride: str
    likelihood: int
    impact: int
    mitigations: tuple[str, ...]

    @property
    def inherent(self) -> int:
        return self.likelihood * self.impact

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule_id,
            "title": self.title,
            "element": self.element_id,
            "element_name": self.element_name,
            "stride": self.stride,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "inherent": self.inherent,
            "mitigations": list(self.mitigations),
        }


_COMPARED = ("title", "element_name", "stride", "likelihood", "impact", "mitigations")


@dataclass(frozen=True, kw_only=True)
class ThreatChange:
    id: str
    fields: tuple[tuple[str, Any, Any], ...]  # (field, before, after)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "changes": {
                name: {"before": _plain(before), "after": _plain(after)}
                for name, before, after in self.fields
            },
        }


@dataclass(frozen=True, kw_only=True)
class ThreatDiff:
    added: tuple[ThreatFacts, ...]
    removed: tuple[ThreatFacts, ...]
    changed: tuple[ThreatChange, ...]
    unchanged: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": [item.as_dict() for item in self.added],
            "removed": [item.as_dict() for item in self.removed],
            "changed": [item.as_dict() for item in self.changed],
            "unchanged": self.unchanged,
        }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def facts_of_threats(threats: Iterable[Any]) -> dict[str, ThreatFacts]:
    """``threats.threat.Threat`` objects by id."""
    return {
        t.id: ThreatFacts(
            id=t.id,
            rule_id=t.rule.id,
            title=t.rule.title,
            element_id=t.element_id,
            element_name=t.element_name,
            stride=str(t.stride),
            likelihood=t.likelihood,
            impact=t.impact,
            mitigations=tuple(t.mitigations),
        )
        for t in threats
    }


def facts_of_entries(entries: Iterable[RegisterEntry]) -> dict[str, ThreatFacts]:
    """A stored snapshot's threats by id (mitigations: the objectives it judged)."""
    return {
        e.threat_id: ThreatFacts(
            id=e.threat_id,
            rule_id=e.rule_id,
            title=e.title,
            element_id=e.element_id,
            element_name=e.element_name,
            stride=e.stride,
            likelihood=e.likelihood,
            impact=e.impact,
            mitigations=tuple(o.id for o in e.objectives),
        )
        for e in entries
    }


def diff_threats(old: Mapping[str, ThreatFacts], new: Mapping[str, ThreatFacts]) -> ThreatDiff:
    """Added and removed threats by id; for ids in both, the fields that differ (the rule's
    title, STRIDE category, likelihood or mitigations; the element's name; the impact its
    data gives)."""
    changed: list[ThreatChange] = []
    unchanged = 0
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        fields = tuple(
            (name, getattr(before, name), getattr(after, name))
            for name in _COMPARED
            if getattr(before, name) != getattr(after, name)
        )
        if fields:
            changed.append(ThreatChange(id=key, fields=fields))
        else:
            unchanged += 1
    return ThreatDiff(
        added=tuple(new[key] for key in sorted(new.keys() - old.keys())),
        removed=tuple(old[key] for key in sorted(old.keys() - new.keys())),
        changed=tuple(changed),
        unchanged=unchanged,
    )
