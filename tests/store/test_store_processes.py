"""Real processes: two writers at once both land; a writer killed half-way leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import sqlalchemy
from store_samples import sample_report

from secfound.store.database import open_store
from secfound.store.read import load_run
from secfound.store.write import save_run

WRITER = Path(__file__).with_name("store_writer.py")
RUN_TABLES = ("findings", "resources", "gaps", "input_errors")


def _writer(url: str, count: int, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, str(count), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"writer ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the writer never reached its first batch")
        time.sleep(0.01)


def test_two_writers_at_once_both_land(store_url: str, tmp_path: Path) -> None:
    # Both start on a new database: the first use migrates, and they race for it too.
    go = tmp_path / "go"
    run_ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    writers = [_writer(store_url, 20_000, "--run-id", rid, "--go", str(go)) for rid in run_ids]
    time.sleep(0.5)
    go.touch()
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    engine = open_store(store_url)
    try:
        with engine.connect() as connection:
            counts = dict(
                connection.execute(
                    sqlalchemy.text("SELECT run_id, count(*) FROM findings GROUP BY run_id")
                ).all()
            )
        assert counts == {run_ids[0]: 20_000, run_ids[1]: 20_000}
    finally:
        engine.dispose()


def test_a_writer_killed_half_way_leaves_no_trace(store_url: str, tmp_path: Path) -> None:
    engine = open_store(store_url)
    earlier = [sample_report(), sample_report()]
    for report in earlier:
        save_run(engine, report)
    engine.dispose()

    marker = tmp_path / "in-transaction"
    killed_id = str(uuid.uuid4())
    writer = _writer(
        store_url, 200_000, "--run-id", killed_id, "--pause-after-first-batch", str(marker)
    )
    _wait_for(marker, writer)
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    engine = open_store(store_url)
    try:
        with engine.connect() as connection:
            runs = set(connection.execute(sqlalchemy.text("SELECT id FROM runs")).scalars())
            assert runs == {report.run_id for report in earlier}
            for table in RUN_TABLES:
                left = connection.execute(
                    sqlalchemy.text(f"SELECT count(*) FROM {table} WHERE run_id = :id"),
                    {"id": killed_id},
                ).scalar()
                assert left == 0, table
            if engine.dialect.name == "sqlite":
                check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
                assert check == "ok"
        for report in earlier:
            loaded = load_run(engine, report.run_id)
            assert loaded.findings == report.findings
            assert loaded.errors == report.errors
            assert loaded.gaps == report.gaps
        # The store still takes new runs after the crash.
        later = sample_report()
        save_run(engine, later)
        assert load_run(engine, later.run_id).findings == later.findings
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_the_sqlite_file_and_its_folder_are_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "runs.db"
    engine = open_store(f"sqlite:///{path}")
    engine.dispose()
    assert path.is_file()
