"""Runs and what hangs off them: resources seen, findings, coverage gaps, input errors.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written by hand against secfound/store/tables.py; tests/store/test_migrations.py checks
that the migrated schema equals the tables on SQLite and PostgreSQL. A migration is a
snapshot: it never imports tables.py, which moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["run_id"], ["runs.id"], name=op.f(f"fk_{table}_run_id_runs"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("command", sa.String(32), nullable=False),
        sa.Column("scope_key", sa.String(64), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "resource_count",
                "checks_run",
                "passed",
                "failed",
                "unknown",
                "errored",
                "suppressed",
                "failed_critical",
                "failed_high",
                "failed_medium",
                "failed_low",
                "failed_info",
                "input_errors",
                "gaps",
            )
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_scope_key_started"), "runs", ["scope_key", "started"])
    op.create_index(op.f("ix_runs_started"), "runs", ["started"])

    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(128), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("account", sa.String(12), nullable=True),
        sa.Column("region", sa.String(32), nullable=True),
        sa.Column("arn", sa.Text(), nullable=True),
        _fk("resources"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
    )
    op.create_index(op.f("ix_resources_run_id"), "resources", ["run_id"])

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("check_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("resource_type", sa.String(128), nullable=False),
        sa.Column("resource_address", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("end_line", sa.Integer(), nullable=True),
        sa.Column("account", sa.String(12), nullable=True),
        sa.Column("region", sa.String(32), nullable=True),
        sa.Column("arn", sa.Text(), nullable=True),
        sa.Column("conditional", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("suppressed_by", sa.String(16), nullable=True),
        sa.Column("suppression_reason", sa.Text(), nullable=True),
        sa.Column("suppression_owner", sa.Text(), nullable=True),
        sa.Column("suppression_until", sa.Date(), nullable=True),
        _fk("findings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_run_id_fingerprint"), "findings", ["run_id", "fingerprint"])
    op.create_index(op.f("ix_findings_fingerprint_run_id"), "findings", ["fingerprint", "run_id"])
    op.create_index(op.f("ix_findings_check_id_run_id"), "findings", ["check_id", "run_id"])

    op.create_table(
        "gaps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("account", sa.String(12), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _fk("gaps"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gaps")),
    )
    op.create_index(op.f("ix_gaps_run_id"), "gaps", ["run_id"])

    op.create_table(
        "input_errors",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("column", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        _fk("input_errors"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_input_errors")),
    )
    op.create_index(op.f("ix_input_errors_run_id"), "input_errors", ["run_id"])


def downgrade() -> None:
    for table in ("input_errors", "gaps", "findings", "resources", "runs"):
        op.drop_table(table)
