"""Choosing the run store from the command line, shared by every command that uses it.

The database comes from, in order: ``--db URL``, the environment variable ``SECFOUND_DB``,
the ``db:`` key of ``.secfound.yaml``; then the command's default. ``assess`` and
``history`` default to a SQLite file in the user's data directory
(``resolve_db_url(..., default_when_unset=True)``); a plain ``scan`` stores nothing unless
a database is configured (``default_when_unset=False``).

This module loads neither SQLAlchemy nor Alembic: the store is imported only in
``store_run``, when a run is actually stored. API for other commands::

    @db_option                                   adds --db URL (parameter name ``db``)
    resolve_db_url(flag, config, *, default_when_unset) -> str | None
    store_run(report, url, *, quiet, scope=None, hint=False) -> str   (the run id)
    open_for_reading(flag) -> Engine             the store history and report read
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from secfound.config import Config
    from secfound.report.model import RunReport

F = TypeVar("F", bound=Callable[..., Any])

DB_ENV = "SECFOUND_DB"
DB_HELP = (
    "Store this run in this database (SQLAlchemy URL; also SECFOUND_DB or db: in .secfound.yaml)"
)


def db_option(function: F) -> F:
    """``--db URL``, passed to the command as ``db`` (None when not given)."""
    return click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)(function)


def db_option_with_help(help_text: str) -> Callable[[F], F]:
    """``--db URL`` with a command's own help text (``history``: "Read runs from ...")."""

    def decorate(function: F) -> F:
        return click.option("--db", "db", metavar="URL", default=None, help=help_text)(function)

    return decorate


def resolve_db_url(
    flag: str | None, config: Config | None, *, default_when_unset: bool
) -> str | None:
    """The database to use: flag, then ``SECFOUND_DB``, then ``db:`` in the config file.

    With nothing configured: the default SQLite file when ``default_when_unset``, else None
    (the run is not stored). Empty values count as unset.
    """
    for candidate in (flag, os.environ.get(DB_ENV), config.db if config is not None else None):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    if default_when_unset:
        from secfound.store.paths import default_url

        return default_url()
    return None


def store_run(
    report: RunReport,
    url: str,
    *,
    quiet: bool,
    scope: Sequence[str] | None = None,
    hint: bool = False,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> str:
    """Store ``report`` in ``url`` and say so on stderr (unless ``quiet``); the run id.

    ``hint`` adds the ``secfound history --db ...`` to use (``demo`` keeps its own file).
    ``include``/``exclude``: the run's check selection (``--check``/``--skip-check``); a
    run of some checks only is a scope of its own (``store.write.selection_scope``).
    Raises ``StoreError`` when the database cannot be opened or written.
    """
    from secfound.store.database import mask_url, open_store
    from secfound.store.write import default_scope, save_run, selection_scope

    if scope is None and (include or exclude):
        scope = [*default_scope(report), *selection_scope(include, exclude)]
    engine = open_store(url)
    try:
        run_id = save_run(engine, report, scope=list(scope) if scope is not None else None)
    finally:
        engine.dispose()
    if not quiet:
        shown = mask_url(url)
        extra = f" (secfound history --db {shown})" if hint else ""
        click.echo(f"secfound: stored run {run_id} in {shown}{extra}", err=True)
    return run_id


def open_for_reading(db: str | None) -> Engine:
    """The run store named by ``--db``, SECFOUND_DB or the config, else the default file.

    A SQLite file that does not exist means no run was stored there: say so, rather than
    create an empty database to read nothing from.
    """
    from sqlalchemy.engine import make_url

    from secfound.errors import StoreError
    from secfound.store.database import mask_url, open_store

    url = resolve_db_url(db, config_here(), default_when_unset=True)
    assert url is not None  # default_when_unset
    try:
        parsed = make_url(url)
    except Exception:  # open_store words the error
        return open_store(url)
    database = parsed.database
    if (
        parsed.get_backend_name() == "sqlite"
        and database
        and database != ":memory:"
        and not database.startswith("file:")
        and not Path(database).expanduser().exists()
    ):
        raise StoreError(
            f"no runs are stored yet in {mask_url(url)}; "
            "store one with 'secfound scan PATH --db URL'"
        )
    return open_store(url)


def open_for_writing(db: str | None) -> Engine:
    """The run store named by ``--db``, SECFOUND_DB or the config, else the default file,
    created and migrated if it does not exist yet (decisions can come before any run)."""
    from secfound.store.database import open_store

    url = resolve_db_url(db, config_here(), default_when_unset=True)
    assert url is not None  # default_when_unset
    return open_store(url)


def config_here() -> Any:
    """The ``.secfound.yaml`` found upward from the current directory, or None."""
    from secfound.config import find_config, load_config
    from secfound.discover import repository_root

    here = Path.cwd()
    path = find_config(here, repository_root(here))
    return load_config(path) if path is not None else None
