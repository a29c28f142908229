"""Alembic, configured in code: the migrations ship inside the package, no alembic.ini.

``upgrade`` runs inside the caller's transaction (``database.write_transaction``), so a
migration either applies completely or not at all, and two processes opening a new
database at once take turns: SQLite through ``BEGIN IMMEDIATE``, PostgreSQL through a
transaction-scoped advisory lock. Alembic's version table lives in the same database (and
PostgreSQL schema) as the tables it describes.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from secfound.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant will do: it only has to be the same for every secfound process.
_PG_LOCK_KEY = 0x5EC0F0D


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    return [script.revision for script in reversed(list(script_directory().walk_revisions()))]


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions the database is at (empty for a new database)."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def is_current(connection: Connection) -> bool:
    """Whether the schema is at this secfound's newest revision (read only, no lock).

    Raises ``StoreError`` for a database written by a newer secfound.
    """
    scripts = script_directory()
    current = current_revisions(connection)
    _refuse_unknown(current, scripts)
    return set(current) == set(scripts.get_heads())


def _refuse_unknown(current: tuple[str, ...], scripts: ScriptDirectory) -> None:
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise StoreError(
            f"the database is at revision {', '.join(unknown)}, which this secfound does "
            "not know: it was written by a newer secfound; upgrade secfound to use it"
        )


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` inside the connection's open transaction.

    Raises ``StoreError`` when the database is at a revision this secfound does not know:
    it was written by a newer secfound and must not be touched.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    scripts = script_directory()
    current = current_revisions(connection)
    _refuse_unknown(current, scripts)
    if revision == "head" and set(current) == set(scripts.get_heads()):
        return
    command.upgrade(alembic_config(connection), revision)
