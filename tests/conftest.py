"""Test-wide guards and fixtures: fake AWS credentials, no metadata probe, sockets to
loopback only, a temporary user data folder, and fresh databases (``store_url``)."""

from __future__ import annotations

import ipaddress
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_SESSION_TOKEN", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _loopback_only(address: Any) -> None:
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            if ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            if host == "localhost":
                return
        raise RuntimeError(f"tests may only connect to loopback, not {host!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _loopback_only(address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _loopback_only(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _user_data_in_a_temporary_folder(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Default databases (demo.db, runs.db) go to platformdirs' user data folder, which
    follows XDG_DATA_HOME: tests and the processes they start never write to the home."""
    previous = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("user-data"))
    yield
    if previous is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = previous


@pytest.fixture(autouse=True, scope="session")
def _network_guard() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


# -- databases: ``store_url`` gives a fresh SQLite file or PostgreSQL schema ---------------
# PostgreSQL runs on 127.0.0.1:5432, database ``test``, trust authentication (override with
# SECFOUND_TEST_PG). Each test gets its own schema ``t_<uuid hex>`` through the URL option
# ``-csearch_path=...``, so the URL also works in a subprocess, and the schema is dropped
# afterwards. When PostgreSQL is unreachable the PostgreSQL cases are skipped, except under
# CI=true, where they fail.

PG_URL = os.environ.get("SECFOUND_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START_HINT = (
    "PostgreSQL is not reachable at {url}: {reason}. Start one outside CI with "
    "`docker run -d -p 127.0.0.1:5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust "
    "-e POSTGRES_DB=test postgres:15` (or set SECFOUND_TEST_PG)"
)


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with ``schema`` first on the search path."""
    option = quote(f"-csearch_path={schema}", safe="")
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options={option}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL on a new, empty PostgreSQL schema, dropped (cascade) after the test."""
    import sqlalchemy

    admin = sqlalchemy.create_engine(PG_URL)
    schema = f"t_{uuid.uuid4().hex}"
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sqlalchemy.exc.OperationalError as exc:
        admin.dispose()
        message = START_HINT.format(url=PG_URL, reason=str(exc.orig).strip().splitlines()[0])
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield postgres_schema_url(schema)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of a SQLite file that does not exist yet (in a folder that does not either)."""
    return f"sqlite:///{tmp_path / 'store' / 'runs.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    """A URL of an empty database: a SQLite file, then a PostgreSQL schema."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))
