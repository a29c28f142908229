"""The command line stores runs: --db, SECFOUND_DB, db: in .secfound.yaml, and demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy

TEMPLATE = """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Queue:
    Type: AWS::SQS::Queue
"""

MODULES_SCRIPT = """
import json, sys
from secfound.cli.main import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SECFOUND_DB"}
    # platformdirs follows XDG_DATA_HOME: the default databases land in the test's folder.
    env.update(NO_COLOR="1", COLUMNS="200", XDG_DATA_HOME=str(tmp_path / "data"), **extra)
    return env


def _secfound(
    tmp_path: Path, *args: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "secfound", *args],
        cwd=cwd or tmp_path,
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "t.yaml").write_text(TEMPLATE)
    return root


def _runs(url: str) -> list[tuple[str, str, int]]:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text("SELECT id, command, failed + passed FROM runs ORDER BY started")
            ).all()
    finally:
        engine.dispose()
    return [(row[0], row[1], row[2]) for row in rows]


def test_scan_with_db_stores_the_run_and_says_so(
    tmp_path: Path, repo: Path, store_url: str
) -> None:
    done = _secfound(tmp_path, "scan", str(repo), "--db", store_url, "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    runs = _runs(store_url)
    assert len(runs) == 1
    run_id, command, judged = runs[0]
    assert command == "scan"
    assert judged > 0
    assert f"secfound: stored run {run_id} in " in done.stderr


def test_quiet_scan_stores_silently(tmp_path: Path, repo: Path, sqlite_url: str) -> None:
    done = _secfound(tmp_path, "scan", str(repo), "--db", sqlite_url, "-q", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(_runs(sqlite_url)) == 1


def test_the_environment_names_the_database(tmp_path: Path, repo: Path, sqlite_url: str) -> None:
    done = _secfound(tmp_path, "scan", str(repo), "--fail-on", "never", SECFOUND_DB=sqlite_url)
    assert done.returncode == 0, done.stderr
    assert len(_runs(sqlite_url)) == 1


def test_the_config_file_names_the_database(tmp_path: Path, repo: Path) -> None:
    from_file = tmp_path / "file.db"
    from_env = tmp_path / "env.db"
    from_flag = tmp_path / "flag.db"
    (repo / ".secfound.yaml").write_text(f"db: sqlite:///{from_file}\n")
    plain = _secfound(tmp_path, "scan", str(repo), "--fail-on", "never")
    assert plain.returncode == 0, plain.stderr
    assert len(_runs(f"sqlite:///{from_file}")) == 1
    # The environment beats the file, and the flag beats both.
    env = _secfound(
        tmp_path, "scan", str(repo), "--fail-on", "never", SECFOUND_DB=f"sqlite:///{from_env}"
    )
    assert env.returncode == 0, env.stderr
    flag = _secfound(
        tmp_path,
        "scan",
        str(repo),
        "--fail-on",
        "never",
        "--db",
        f"sqlite:///{from_flag}",
        SECFOUND_DB=f"sqlite:///{from_env}",
    )
    assert flag.returncode == 0, flag.stderr
    assert len(_runs(f"sqlite:///{from_file}")) == 1
    assert len(_runs(f"sqlite:///{from_env}")) == 1
    assert len(_runs(f"sqlite:///{from_flag}")) == 1


def test_a_plain_scan_stores_nothing(tmp_path: Path, repo: Path) -> None:
    done = _secfound(tmp_path, "scan", str(repo), "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    assert "stored run" not in done.stderr
    assert not (tmp_path / "data").exists()


def test_a_bad_database_url_is_one_line_and_exit_2(tmp_path: Path, repo: Path) -> None:
    url = "postgresql+psycopg://alice:s3cret@127.0.0.1:1/evidence"
    done = _secfound(tmp_path, "scan", str(repo), "--db", url, "--fail-on", "never", "-q")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(
        "secfound: error: cannot open the database "
        "postgresql+psycopg://alice:***@127.0.0.1:1/evidence: "
    )
    assert "Traceback" not in done.stderr


def test_a_url_that_is_not_one_is_exit_2(tmp_path: Path, repo: Path) -> None:
    done = _secfound(tmp_path, "scan", str(repo), "--db", "nonsense", "-q", "--fail-on", "never")
    assert done.returncode == 2
    assert done.stderr.startswith("secfound: error: cannot open the database nonsense: ")


def test_demo_keeps_its_own_database_and_names_it(tmp_path: Path) -> None:
    # The IaC half only (the live half, stored beside it: tests/live/test_demo_live.py).
    done = _secfound(
        tmp_path, "demo", "--no-live", "--format", "json", "-o", str(tmp_path / "r.json")
    )
    assert done.returncode == 0, done.stderr
    demo_db = tmp_path / "data" / "secfound" / "demo.db"
    url = f"sqlite:///{demo_db}"
    ((run_id, command, _),) = _runs(url)
    assert command == "demo"
    assert f"secfound: stored run {run_id} in {url} (secfound history --db {url})" in done.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["findings"]
    quiet = _secfound(tmp_path, "demo", "--no-live", "-q", "-o", str(tmp_path / "r.txt"))
    assert quiet.returncode == 0
    assert quiet.stderr == ""
    assert len(_runs(url)) == 2
    assert not (tmp_path / "data" / "secfound" / "runs.db").exists()


def test_demo_with_db_stores_there(tmp_path: Path, sqlite_url: str) -> None:
    done = _secfound(
        tmp_path, "demo", "--no-live", "--db", sqlite_url, "-q", "-o", str(tmp_path / "r.txt")
    )
    assert done.returncode == 0, done.stderr
    assert [command for _, command, _ in _runs(sqlite_url)] == ["demo"]


def _modules(tmp_path: Path, repo: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MODULES_SCRIPT,
            "scan",
            str(repo),
            "-q",
            "--fail-on",
            "never",
            *args,
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        check=False,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_only_a_stored_scan_loads_the_store(tmp_path: Path, repo: Path, sqlite_url: str) -> None:
    plain = _modules(tmp_path, repo)
    for heavy in ("sqlalchemy", "alembic", "platformdirs", "secfound.store.database"):
        assert heavy not in plain, f"{heavy} was imported by a plain scan"
    stored = _modules(tmp_path, repo, "--db", sqlite_url)
    assert {"sqlalchemy", "alembic", "secfound.store.write"} <= stored
