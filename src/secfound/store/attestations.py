"""Attestations of manual controls: who said an objective's manual controls hold, until when.

Attestations are never edited or deleted: a new one for the same objective supersedes the
older (``controls.status.latest_attestations``), and the old ones stay as the audit trail.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert, select

from secfound.controls.status import AttestationRecord
from secfound.store.database import write_transaction
from secfound.store.states import as_utc
from secfound.store.tables import Attestation

__all__ = ["add_attestation", "list_attestations"]


def add_attestation(
    engine: Engine,
    *,
    objective_id: str,
    attested_by: str,
    expires_on: date | None,
    evidence_uri: str | None,
    statement: str = "",
    now: datetime | None = None,
) -> AttestationRecord:
    """Store one attestation and return it as recorded."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with write_transaction(engine) as connection:
        connection.execute(
            insert(Attestation),
            [
                {
                    "objective_id": objective_id,
                    "scope_key": None,
                    "statement": statement,
                    "attested_by": attested_by,
                    "attested_at": moment,
                    "expires_on": expires_on,
                    "evidence_uri": evidence_uri,
                }
            ],
        )
    return AttestationRecord(
        objective_id=objective_id,
        attested_by=attested_by,
        attested_at=moment,
        expires_on=expires_on,
        evidence_uri=evidence_uri,
        statement=statement,
    )


def list_attestations(
    engine: Engine, objective_id: str | None = None, *, until: datetime | None = None
) -> list[AttestationRecord]:
    """Every stored attestation (of one objective; made by ``until``), oldest first."""
    query = select(Attestation.__table__).order_by(Attestation.attested_at, Attestation.id)
    if objective_id is not None:
        query = query.where(Attestation.objective_id == objective_id)
    if until is not None:
        query = query.where(Attestation.attested_at <= until)
    with engine.connect() as connection:
        return [
            AttestationRecord(
                objective_id=row.objective_id,
                attested_by=row.attested_by,
                attested_at=as_utc(row.attested_at),
                expires_on=row.expires_on,
                evidence_uri=row.evidence_uri,
                statement=row.statement,
            )
            for row in connection.execute(query)
        ]
