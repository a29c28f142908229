"""Alembic environment: runs on the connection ``secfound.store.migrate`` hands over.

There is no offline (SQL script) mode and no URL here: the caller owns the connection and
its transaction, so a migration is part of whatever the caller commits.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("secfound migrations run through secfound.store.migrate only")

context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
