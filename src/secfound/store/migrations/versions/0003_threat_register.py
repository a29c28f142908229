"""The threat register with history, and the kind of a risk decision.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03

``risk_acceptances`` gains ``kind`` (accepted, transferred, false-positive): the three
decisions an owner records on a threat carry the same fields (who, why, until when), so
they share the table; rows written before this revision are acceptances, hence the
server default. ``threat_registers`` holds one row per register snapshot (with its counts,
so the history reads one small table) and ``threat_register_entries`` its threats.

Written by hand against secfound/store/tables.py; tests/store/test_store_migrations.py
checks that the migrated schema equals the tables on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("risk_acceptances") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(16), server_default=sa.text("'accepted'"), nullable=False)
        )

    op.create_table(
        "threat_registers",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("model_name", sa.String(200), nullable=False),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("evidence_runs", sa.JSON(), nullable=False),
        sa.Column("threats", sa.Integer(), nullable=False),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("mitigated", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.Column("false_positive", sa.Integer(), nullable=False),
        sa.Column("total_inherent", sa.Integer(), nullable=False),
        sa.Column("total_residual", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threat_registers")),
    )
    op.create_index(
        op.f("ix_threat_registers_model_name_created"),
        "threat_registers",
        ["model_name", "created"],
    )
    op.create_index(op.f("ix_threat_registers_created"), "threat_registers", ["created"])

    op.create_table(
        "threat_register_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("register_id", sa.String(36), nullable=False),
        sa.Column("threat_id", sa.String(400), nullable=False),
        sa.Column("rule_id", sa.String(200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("element_id", sa.String(200), nullable=False),
        sa.Column("element_kind", sa.String(16), nullable=False),
        sa.Column("element_name", sa.Text(), nullable=False),
        sa.Column("stride", sa.String(32), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("inherent", sa.Integer(), nullable=False),
        sa.Column("residual_likelihood", sa.Integer(), nullable=False),
        sa.Column("residual", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("objectives", sa.JSON(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["register_id"],
            ["threat_registers.id"],
            name=op.f("fk_threat_register_entries_register_id_threat_registers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threat_register_entries")),
    )
    op.create_index(
        op.f("ix_threat_register_entries_register_id"),
        "threat_register_entries",
        ["register_id"],
    )
    op.create_index(
        op.f("ix_threat_register_entries_threat_id"), "threat_register_entries", ["threat_id"]
    )


def downgrade() -> None:
    op.drop_table("threat_register_entries")
    op.drop_table("threat_registers")
    with op.batch_alter_table("risk_acceptances") as batch:
        batch.drop_column("kind")
