"""Opening the run store: one engine per URL, configured for safe concurrent writers.

``open_store(url)`` is the only way in. It creates the folder of a SQLite file, builds the
engine and upgrades the schema to the newest migration, so every caller (``scan --db``,
``assess``, ``history``, ``report --run``) sees the same tables. Every failure becomes one
``StoreError`` line with the password masked, never a traceback.

SQLite gets WAL (readers never block the writer), a 30 s busy timeout (a second writer
waits instead of failing) and foreign keys on. pysqlite's own transaction handling is
switched off and ``BEGIN`` is issued here instead, so DDL is transactional and a run is
written in exactly one transaction; ``write_transaction`` begins with ``BEGIN IMMEDIATE``
so a writer holds the lock from its first statement.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from secfound.errors import StoreError
from secfound.store.paths import default_url, demo_url

BUSY_TIMEOUT_MS = 30_000
# Page cache per connection (negative: KiB). The findings indexes are keyed on random
# fingerprints; with the 2 MiB default, storing 100k findings spills pages and takes twice
# as long. Memory is taken only as pages are used.
CACHE_KIB = 65_536
# Execution option that makes the next SQLite transaction start with BEGIN IMMEDIATE.
_IMMEDIATE = "secfound_immediate"

__all__ = [
    "default_url",
    "demo_url",
    "mask_url",
    "open_store",
    "store_engine",
    "write_transaction",
]


def mask_url(url: str | URL) -> str:
    """The URL as it may be shown: the password replaced by ``***``."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        text = str(url)
        # Unparsable: hide anything between "://user:" and "@" all the same.
        scheme, sep, rest = text.partition("://")
        creds, at, host = rest.rpartition("@")
        if sep and at and ":" in creds:
            return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
        return text
    return parsed.render_as_string(hide_password=True)


def open_store(url: str) -> Engine:
    """An engine on ``url`` with the schema upgraded to this secfound's newest migration.

    Raises ``StoreError`` when the database cannot be reached, the URL is wrong, or the
    database was written by a newer secfound.
    """
    from secfound.store.migrate import is_current, upgrade

    engine = store_engine(url)
    try:
        # Most opens find the schema current: check without taking the write lock, so a
        # reader never waits for a run being stored.
        with engine.connect() as connection:
            current = is_current(connection)
        if not current:
            with write_transaction(engine) as connection:
                upgrade(connection)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise _cannot_open(url, exc) from None
    return engine


def store_engine(url: str) -> Engine:
    """The configured engine without touching the schema (tests migrate step by step)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise _cannot_open(url, f"not a database URL ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        _make_sqlite_folder(url, parsed)
    try:
        engine = sqlalchemy.create_engine(parsed)
    except NoSuchModuleError:
        raise _cannot_open(url, f"unknown database kind {parsed.drivername!r}") from None
    except ImportError as exc:
        hint = " (pip install 'secfound[postgres]')" if "postgres" in parsed.drivername else ""
        raise _cannot_open(url, f"driver not installed: {exc}{hint}") from None
    except (ArgumentError, TypeError, ValueError) as exc:
        raise _cannot_open(url, str(exc)) from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write: committed on success, rolled back on any error.

    On SQLite it starts with ``BEGIN IMMEDIATE``: the write lock is taken (waiting up to
    the busy timeout) before anything is read, so two writers queue instead of failing.
    """
    with engine.connect() as connection:
        connection.execution_options(**{_IMMEDIATE: True})
        with connection.begin():
            yield connection


def _make_sqlite_folder(url: str, parsed: URL) -> None:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_open(url, f"cannot create its folder: {exc.strerror or exc}") from None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level: BEGIN comes from _on_begin below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _cannot_open(url: str, reason: object) -> StoreError:
    return StoreError(f"cannot open the database {mask_url(url)}: {_reason_text(reason)}")


def _reason_text(reason: object) -> str:
    """The first line of the driver's message: the useful part, without SQL or links."""
    if isinstance(reason, SQLAlchemyError):
        original = getattr(reason, "orig", None)
        text = str(original) if original is not None else str(reason)
    else:
        text = str(reason)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else type(reason).__name__
