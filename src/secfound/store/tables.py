"""The tables of the run store: one schema for SQLite and PostgreSQL.

A run is one ``scan``, ``assess`` or ``demo``: when it started and finished, what it looked
at (its scope), which tool version ran, and its counts. The counts are kept on the run row
itself so the posture trend over a thousand runs reads one small table, not a million
findings. Findings, the resources seen, coverage gaps and input errors hang off their run
and go with it (``ON DELETE CASCADE``).

Changes to these classes need an Alembic revision under ``store/migrations/versions``;
a test compares the migrated schema with this module on both databases.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names are fixed so migrations can name what they alter on both databases.
_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)


_RUN_ID = String(36)  # a UUID in its text form
_FINGERPRINT = String(32)  # secfound.findings.fingerprint


class Run(Base):
    """One stored run with its scope and counts."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(_RUN_ID, primary_key=True)
    command: Mapped[str] = mapped_column(String(32))  # scan | assess | demo
    # The scope identifies "the same thing scanned again": sha256 of the canonical JSON of
    # ``scope`` (sorted roots, or sorted account/region pairs), so runs compare by it.
    scope_key: Mapped[str] = mapped_column(String(64))
    scope: Mapped[list[str]] = mapped_column(JSON)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    tool_version: Mapped[str] = mapped_column(String(32))
    # source kind (cloudformation, terraform, terraform-plan, live) -> units read
    sources: Mapped[dict[str, int]] = mapped_column(JSON)
    resource_count: Mapped[int] = mapped_column(Integer)
    checks_run: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)  # unsuppressed failures
    unknown: Mapped[int] = mapped_column(Integer)
    errored: Mapped[int] = mapped_column(Integer)
    suppressed: Mapped[int] = mapped_column(Integer)
    failed_critical: Mapped[int] = mapped_column(Integer)
    failed_high: Mapped[int] = mapped_column(Integer)
    failed_medium: Mapped[int] = mapped_column(Integer)
    failed_low: Mapped[int] = mapped_column(Integer)
    failed_info: Mapped[int] = mapped_column(Integer)
    input_errors: Mapped[int] = mapped_column(Integer)
    gaps: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index(None, "scope_key", "started"), Index(None, "started"))


class SeenResource(Base):
    """A resource a run looked at, whether or not any check failed on it."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(Text)
    # A file location (IaC) or a cloud location (live); the other columns stay null.
    path: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    account: Mapped[str | None] = mapped_column(String(12))
    region: Mapped[str | None] = mapped_column(String(32))
    arn: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index(None, "run_id"),)


class StoredFinding(Base):
    """A finding as the run reported it, with its suppression if one applied."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(_FINGERPRINT)
    check_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # secfound.checks.Status values
    severity: Mapped[str] = mapped_column(String(16))  # secfound.checks.Severity labels
    message: Mapped[str] = mapped_column(Text)
    resource_type: Mapped[str] = mapped_column(String(128))
    resource_address: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    end_line: Mapped[int | None] = mapped_column(Integer)
    account: Mapped[str | None] = mapped_column(String(12))
    region: Mapped[str | None] = mapped_column(String(32))
    arn: Mapped[str | None] = mapped_column(Text)
    conditional: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the check saw (live API fields, resolved values); null where nothing was kept.
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    suppressed_by: Mapped[str | None] = mapped_column(String(16))  # inline|baseline|config|…
    suppression_reason: Mapped[str | None] = mapped_column(Text)
    suppression_owner: Mapped[str | None] = mapped_column(Text)
    suppression_until: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index(None, "run_id", "fingerprint"),
        Index(None, "fingerprint", "run_id"),
        Index(None, "check_id", "run_id"),
    )


class CoverageGap(Base):
    """Something a run could not look at (a denied call, a service absent in a region)."""

    __tablename__ = "gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    account: Mapped[str] = mapped_column(String(12))
    region: Mapped[str] = mapped_column(String(32))
    service: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index(None, "run_id"),)


class StoredInputError(Base):
    """An input a run could not read: kept so the evidence shows what was not judged."""

    __tablename__ = "input_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index(None, "run_id"),)


class Attestation(Base):
    """A person's statement that a control objective is met where no check can tell."""

    __tablename__ = "attestations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    objective_id: Mapped[str] = mapped_column(String(200))
    scope_key: Mapped[str | None] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)
    attested_by: Mapped[str] = mapped_column(Text)
    attested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_on: Mapped[date | None] = mapped_column(Date)
    evidence_uri: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index(None, "objective_id"),)


class RiskAcceptance(Base):
    """A decision to accept a risk (a threat, or failures of a check) until a date."""

    __tablename__ = "risk_acceptances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    risk_id: Mapped[str | None] = mapped_column(String(200))
    check_id: Mapped[str | None] = mapped_column(String(200))
    resource_pattern: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    accepted_by: Mapped[str] = mapped_column(Text)
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_on: Mapped[date | None] = mapped_column(Date)
    # accepted | transferred | false-positive (revision 0003; older rows are acceptances)
    kind: Mapped[str] = mapped_column(String(16), server_default=text("'accepted'"))

    __table_args__ = (Index(None, "risk_id"), Index(None, "check_id"))


class ThreatRegisterSnapshot(Base):
    """One ``secfound threats register``: which model (name and file hash), when, on which
    evidence, and its counts, so the history reads this table alone."""

    __tablename__ = "threat_registers"

    id: Mapped[str] = mapped_column(_RUN_ID, primary_key=True)
    model_name: Mapped[str] = mapped_column(String(200))
    model_sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[date] = mapped_column(Date)
    evidence_runs: Mapped[list[str]] = mapped_column(JSON)  # run ids the evidence came from
    threats: Mapped[int] = mapped_column(Integer)
    open: Mapped[int] = mapped_column(Integer)
    mitigated: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    transferred: Mapped[int] = mapped_column(Integer)
    false_positive: Mapped[int] = mapped_column(Integer)
    total_inherent: Mapped[int] = mapped_column(Integer)
    total_residual: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index(None, "model_name", "created"), Index(None, "created"))


class ThreatRegisterEntry(Base):
    """One threat of a register snapshot, as ``threats.register.RegisterEntry`` holds it."""

    __tablename__ = "threat_register_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    register_id: Mapped[str] = mapped_column(ForeignKey("threat_registers.id", ondelete="CASCADE"))
    threat_id: Mapped[str] = mapped_column(String(400))
    rule_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    element_id: Mapped[str] = mapped_column(String(200))
    element_kind: Mapped[str] = mapped_column(String(16))
    element_name: Mapped[str] = mapped_column(Text)
    stride: Mapped[str] = mapped_column(String(32))
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    inherent: Mapped[int] = mapped_column(Integer)
    residual_likelihood: Mapped[int] = mapped_column(Integer)
    residual: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    # [ObjectiveEvidence.as_dict()]: state, reason, runs and failing resources per objective
    objectives: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # Decision.as_dict()
    notes: Mapped[list[str]] = mapped_column(JSON)

    __table_args__ = (Index(None, "register_id"), Index(None, "threat_id"))
