"""The threat register in the run store: decisions, snapshots and their history.

* **Decisions** (accepted, transferred, false-positive) live in ``risk_acceptances`` with
  ``risk_id`` = the threat id and ``kind`` saying which. Like attestations they are never
  edited or deleted: a newer decision on the same threat supersedes the older
  (``threats.scoring``), and the old ones stay as the audit trail.
* **Snapshots**: each ``secfound threats register`` stores one row in
  ``threat_registers`` (model name and file hash, when, on which evidence runs, counts per
  status, total risk) and one row per threat in ``threat_register_entries``. The history
  reads the first table only.

``threat_register`` gathers what the scoring needs from the store (the latest evidence,
the attestations, the decisions) and scores the threats: the same inputs ``secfound
controls status`` judges on.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine, insert, select

from secfound.errors import StoreError
from secfound.store.database import write_transaction
from secfound.store.states import as_utc
from secfound.store.tables import RiskAcceptance, ThreatRegisterEntry, ThreatRegisterSnapshot
from secfound.threats.register import Register, RegisterEntry, register_from_scored
from secfound.threats.scoring import (
    DECISION_KINDS,
    Decision,
    ObjectiveEvidence,
    decisions_from_model,
    score_threats,
)

if TYPE_CHECKING:
    from secfound.checks.registry import Registry
    from secfound.controls.catalog import Catalog
    from secfound.threats.model import ThreatModel
    from secfound.threats.threat import Threat

__all__ = [
    "RegisterSummary",
    "add_decision",
    "list_decisions",
    "load_register",
    "register_history",
    "save_register",
    "threat_register",
]


@dataclass(frozen=True, kw_only=True)
class RegisterSummary:
    """A stored snapshot without its threats: one line of ``threats history``."""

    id: str
    model_name: str
    model_sha256: str
    created: datetime
    as_of: date
    evidence_runs: tuple[str, ...]
    threats: int
    counts: dict[str, int]
    total_inherent: int
    total_residual: int


def add_decision(
    engine: Engine,
    *,
    threat_id: str,
    kind: str,
    by: str,
    reason: str,
    until: date,
    now: datetime | None = None,
) -> Decision:
    """Store one decision on a threat and return it as recorded."""
    if kind not in DECISION_KINDS:
        raise ValueError(f"unknown decision kind {kind!r}")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with write_transaction(engine) as connection:
        connection.execute(
            insert(RiskAcceptance),
            [
                {
                    "risk_id": threat_id,
                    "check_id": None,
                    "resource_pattern": None,
                    "reason": reason,
                    "accepted_by": by,
                    "accepted_at": moment,
                    "expires_on": until,
                    "kind": kind,
                }
            ],
        )
    return Decision(
        threat_id=threat_id,
        kind=kind,
        by=by,
        reason=reason,
        until=until,
        source="store",
        recorded_at=moment,
    )


def list_decisions(
    engine: Engine, threat_id: str | None = None, *, until: datetime | None = None
) -> list[Decision]:
    """Every stored decision on a threat (of one threat; recorded by ``until``), oldest
    first."""
    query = (
        select(RiskAcceptance.__table__)
        .where(RiskAcceptance.risk_id.is_not(None), RiskAcceptance.expires_on.is_not(None))
        .order_by(RiskAcceptance.accepted_at, RiskAcceptance.id)
    )
    if threat_id is not None:
        query = query.where(RiskAcceptance.risk_id == threat_id)
    if until is not None:
        query = query.where(RiskAcceptance.accepted_at <= until)
    with engine.connect() as connection:
        return [
            Decision(
                threat_id=row.risk_id,
                kind=row.kind,
                by=row.accepted_by,
                reason=row.reason,
                until=row.expires_on,
                source="store",
                recorded_at=as_utc(row.accepted_at),
            )
            for row in connection.execute(query)
        ]


def threat_register(
    engine: Engine,
    model: ThreatModel,
    threats: Sequence[Threat],
    *,
    catalog: Catalog,
    registry: Registry,
    today: date,
    model_sha256: str,
    until: datetime | None = None,
    now: datetime | None = None,
) -> Register:
    """Score ``threats`` on the store's latest evidence (runs started by ``until``), its
    attestations and decisions plus the model's own, as of ``today``."""
    from secfound.controls.assessment import status_inputs
    from secfound.controls.status import latest_attestations
    from secfound.store.attestations import list_attestations
    from secfound.store.evidence import latest_evidence

    objectives, _ = status_inputs(catalog, registry, None)
    evidence = latest_evidence(engine, until=until)
    attestations = latest_attestations(list_attestations(engine, until=until))
    decisions = [*list_decisions(engine, until=until), *decisions_from_model(model)]
    scored = score_threats(
        threats,
        objectives=objectives,
        evidence=evidence,
        attestations=attestations,
        decisions=decisions,
        today=today,
        model=model,
    )
    return register_from_scored(
        scored,
        model_name=model.name,
        model_sha256=model_sha256,
        created=(now or datetime.now(UTC)).astimezone(UTC),
        as_of=today,
        evidence_runs=[run.id for run in evidence.runs],
    )


def save_register(engine: Engine, register: Register) -> str:
    """Store a snapshot of ``register``; its new id."""
    register_id = str(uuid.uuid4())
    counts = register.counts()
    with write_transaction(engine) as connection:
        connection.execute(
            insert(ThreatRegisterSnapshot),
            [
                {
                    "id": register_id,
                    "model_name": register.model_name,
                    "model_sha256": register.model_sha256,
                    "created": register.created.astimezone(UTC),
                    "as_of": register.as_of,
                    "evidence_runs": list(register.evidence_runs),
                    "threats": len(register.entries),
                    "open": counts["open"],
                    "mitigated": counts["mitigated"],
                    "accepted": counts["accepted"],
                    "transferred": counts["transferred"],
                    "false_positive": counts["false-positive"],
                    "total_inherent": sum(e.inherent for e in register.entries),
                    "total_residual": register.total_residual,
                }
            ],
        )
        if register.entries:
            connection.execute(
                insert(ThreatRegisterEntry),
                [_entry_row(register_id, entry) for entry in register.entries],
            )
    return register_id


def _entry_row(register_id: str, entry: RegisterEntry) -> dict[str, object]:
    return {
        "register_id": register_id,
        "threat_id": entry.threat_id,
        "rule_id": entry.rule_id,
        "title": entry.title,
        "element_id": entry.element_id,
        "element_kind": entry.element_kind,
        "element_name": entry.element_name,
        "stride": entry.stride,
        "likelihood": entry.likelihood,
        "impact": entry.impact,
        "inherent": entry.inherent,
        "residual_likelihood": entry.residual_likelihood,
        "residual": entry.residual,
        "status": entry.status,
        "objectives": [item.as_dict() for item in entry.objectives],
        "decision": dict(entry.decision) if entry.decision else None,
        "notes": list(entry.notes),
    }


def register_history(engine: Engine, model_name: str | None = None) -> list[RegisterSummary]:
    """Every stored snapshot (of one model), oldest first."""
    table = ThreatRegisterSnapshot
    query = select(table.__table__).order_by(table.created, table.id)
    if model_name is not None:
        query = query.where(table.model_name == model_name)
    with engine.connect() as connection:
        return [
            RegisterSummary(
                id=row.id,
                model_name=row.model_name,
                model_sha256=row.model_sha256,
                created=as_utc(row.created),
                as_of=row.as_of,
                evidence_runs=tuple(row.evidence_runs or ()),
                threats=row.threats,
                counts={
                    "open": row.open,
                    "mitigated": row.mitigated,
                    "accepted": row.accepted,
                    "transferred": row.transferred,
                    "false-positive": row.false_positive,
                },
                total_inherent=row.total_inherent,
                total_residual=row.total_residual,
            )
            for row in connection.execute(query)
        ]


def load_register(
    engine: Engine, register_id: str | None = None, *, model_name: str | None = None
) -> Register | None:
    """A stored snapshot with its threats: by id (or a prefix of 6+ characters), else the
    latest (of ``model_name``); None when none is stored. Raises ``StoreError`` when
    ``register_id`` names no snapshot or more than one."""
    table = ThreatRegisterSnapshot
    query = select(table.__table__).order_by(table.created.desc(), table.id.desc())
    if register_id is not None:
        if len(register_id) < 6:
            raise StoreError(f"snapshot id {register_id!r} is too short: give 6+ characters")
        query = query.where(table.id.startswith(register_id, autoescape=True))
    if model_name is not None:
        query = query.where(table.model_name == model_name)
    with engine.connect() as connection:
        rows = list(connection.execute(query.limit(2)))
        if register_id is not None:
            exact = [row for row in rows if row.id == register_id]
            if not rows:
                raise StoreError(f"no threat register snapshot {register_id!r} is stored")
            if len(rows) > 1 and not exact:
                raise StoreError(f"{register_id!r} names more than one snapshot; give more")
            rows = exact or rows
        if not rows:
            return None
        head = rows[0]
        entries = connection.execute(
            select(ThreatRegisterEntry.__table__)
            .where(ThreatRegisterEntry.register_id == head.id)
            .order_by(ThreatRegisterEntry.id)
        )
        loaded = tuple(
            RegisterEntry(
                threat_id=row.threat_id,
                rule_id=row.rule_id,
                title=row.title,
                element_id=row.element_id,
                element_kind=row.element_kind,
                element_name=row.element_name,
                stride=row.stride,
                likelihood=row.likelihood,
                impact=row.impact,
                residual_likelihood=row.residual_likelihood,
                status=row.status,
                objectives=tuple(ObjectiveEvidence.from_dict(o) for o in row.objectives or ()),
                decision=row.decision,
                notes=tuple(row.notes or ()),
            )
            for row in entries
        )
    return Register(
        id=head.id,
        model_name=head.model_name,
        model_sha256=head.model_sha256,
        created=as_utc(head.created),
        as_of=head.as_of,
        evidence_runs=tuple(head.evidence_runs or ()),
        entries=loaded,
    )
