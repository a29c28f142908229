"""Decisions kept beside the runs: attestations and risk acceptances.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02

Written by hand against secfound/store/tables.py; tests/store/test_migrations.py checks
that the migrated schema equals the tables on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "attestations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("objective_id", sa.String(200), nullable=False),
        sa.Column("scope_key", sa.String(64), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("attested_by", sa.Text(), nullable=False),
        sa.Column("attested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("evidence_uri", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attestations")),
    )
    op.create_index(op.f("ix_attestations_objective_id"), "attestations", ["objective_id"])

    op.create_table(
        "risk_acceptances",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("risk_id", sa.String(200), nullable=True),
        sa.Column("check_id", sa.String(200), nullable=True),
        sa.Column("resource_pattern", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("accepted_by", sa.Text(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_acceptances")),
    )
    op.create_index(op.f("ix_risk_acceptances_risk_id"), "risk_acceptances", ["risk_id"])
    op.create_index(op.f("ix_risk_acceptances_check_id"), "risk_acceptances", ["check_id"])


def downgrade() -> None:
    op.drop_table("risk_acceptances")
    op.drop_table("attestations")
