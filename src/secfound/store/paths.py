"""Where the run store lives by default: small and free of SQLAlchemy, so the command line
can name a database without loading the store."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "secfound"
RUNS_FILE = "runs.db"
DEMO_FILE = "demo.db"


def data_dir() -> Path:
    """The user's data directory for secfound (``platformdirs.user_data_path``)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file (absolute, so it means the same from anywhere)."""
    return f"sqlite:///{path.expanduser().resolve()}"


def default_url() -> str:
    """The database of ``assess`` and ``history`` when none is configured."""
    return sqlite_url(data_dir() / RUNS_FILE)


def demo_url() -> str:
    """The database ``secfound demo`` keeps its runs in, apart from real evidence."""
    return sqlite_url(data_dir() / DEMO_FILE)
