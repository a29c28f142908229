"""Store benchmark: the history queries on a million stored findings, SQLite and PostgreSQL.

A thousand runs of a thousand findings each (one million ``findings`` rows) are generated
the way a real store fills up: four scopes of 250 runs, about 1,200 fingerprints per
scope of which 1,000 are reported in any run (300 resources come and go), statuses that
flip between passed and failed from run to run (so findings are fixed and reopened),
a few unknown, error and suppressed. The data are bulk-loaded (``executemany`` in one
transaction on SQLite, ``COPY`` on PostgreSQL) into databases created by ``open_store``,
so the tables and indexes are those of the migrations.

Then each query is timed, one warm-up and the median of the repetitions after it:

* trend: ``posture_points`` of a scope (its last 50 runs), target < 200 ms;
* diff: the last two runs of a scope and ``diff`` between them, target < 200 ms;
* timeline of one fingerprint over its scope's 250 runs, and effectiveness over the
  scope's last 30 runs: reported, no target.

Exits 1 when trend or diff misses its target on either database, 2 when PostgreSQL
cannot be reached (unless ``--only sqlite``).

    python bench/store_bench.py [--runs 1000] [--findings 1000] [--repeat 7]
                                [--only sqlite|postgresql] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, insert

from secfound.store.changes import diff, timeline
from secfound.store.database import open_store
from secfound.store.effectiveness import effectiveness
from secfound.store.history import last_two_runs, posture_points
from secfound.store.tables import Run

PG_URL = os.environ.get("SECFOUND_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGET_MS = 200.0
SCOPES = 4
SEVERITIES = ("critical", "high", "medium", "low", "info")
CHECKS = tuple((f"aws.bench.check_{n:02d}", SEVERITIES[n % len(SEVERITIES)]) for n in range(40))
FINDING_COLUMNS = (
    "run_id",
    "fingerprint",
    "check_id",
    "status",
    "severity",
    "message",
    "resource_type",
    "resource_address",
    "path",
    "line",
    "end_line",
    "conditional",
    "suppressed_by",
    "suppression_reason",
)
START = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Shape:
    runs: int  # in all scopes together
    findings: int  # per run
    churn: int  # fingerprints that come and go, on top of the steady ones
    seed: int = 7

    @property
    def steady(self) -> int:
        return self.findings - self.churn // 3


@dataclass
class _Resource:
    fingerprint: str
    check_id: str
    severity: str
    address: str
    path: str
    failing: bool
    suppressed: bool


def _scope_key(scope: int) -> str:
    return hashlib.sha256(f"bench scope {scope}".encode()).hexdigest()


def _resources(shape: Shape, scope: int, rng: random.Random) -> list[_Resource]:
    found = []
    for index in range(shape.steady + shape.churn):
        check_id, severity = CHECKS[index % len(CHECKS)]
        digest = hashlib.sha256(f"{scope}/{index}".encode()).hexdigest()
        found.append(
            _Resource(
                fingerprint=digest[:32],
                check_id=check_id,
                severity=severity,
                address=f"aws_s3_bucket.b{index}",
                path=f"modules/m{index % 60}/main.tf",
                failing=rng.random() < 0.2,
                suppressed=index % 50 == 0,
            )
        )
    return found


def generate(shape: Shape) -> Iterator[tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    """(run row, finding rows) per run, scopes interleaved one hour apart."""
    rng = random.Random(shape.seed)
    per_scope = [_resources(shape, scope, rng) for scope in range(SCOPES)]
    window = shape.churn // 3  # of the churning ones, this many are present in a run
    for number in range(shape.runs):
        scope, index = number % SCOPES, number // SCOPES
        run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        started = START + timedelta(hours=number)
        rows = []
        for position, resource in enumerate(per_scope[scope]):
            churning = position >= shape.steady
            if churning and (position - shape.steady + index) % shape.churn >= window:
                continue
            roll = rng.random()
            if resource.failing and roll < 0.08:
                resource.failing = False
            elif not resource.failing and roll < 0.015:
                resource.failing = True
            status = "failed" if resource.failing else "passed"
            odd = rng.random()
            if odd < 0.005:
                status = "unknown"
            elif odd < 0.007:
                status = "error"
            suppressed = status == "failed" and resource.suppressed
            rows.append(
                (
                    run_id,
                    resource.fingerprint,
                    resource.check_id,
                    status,
                    resource.severity,
                    f"{resource.check_id} {status}",
                    "AWS::S3::Bucket",
                    resource.address,
                    resource.path,
                    12,
                    30,
                    False,
                    "baseline" if suppressed else None,
                    "accepted in the baseline" if suppressed else None,
                )
            )
        yield _run_row(run_id, scope, started, rows), rows


def _run_row(
    run_id: str, scope: int, started: datetime, rows: list[tuple[Any, ...]]
) -> dict[str, Any]:
    status = Counter(row[3] for row in rows)
    failing = Counter(row[4] for row in rows if row[3] == "failed" and row[12] is None)
    return {
        "id": run_id,
        "command": "scan",
        "scope_key": _scope_key(scope),
        "scope": [f"/src/estate-{scope}"],
        "started": started,
        "finished": started + timedelta(seconds=40),
        "tool_version": "0.1.0",
        "sources": {"terraform": 60},
        "resource_count": len(rows),
        "checks_run": len(CHECKS),
        "passed": status["passed"],
        "failed": sum(failing.values()),
        "unknown": status["unknown"],
        "errored": status["error"],
        "suppressed": sum(1 for row in rows if row[12] is not None),
        **{f"failed_{s}": failing[s] for s in SEVERITIES},
        "input_errors": 0,
        "gaps": 0,
    }


def load_sqlite(engine: Engine, shape: Shape) -> int:
    columns = ", ".join(FINDING_COLUMNS)
    marks = ", ".join("?" for _ in FINDING_COLUMNS)
    count = 0
    with engine.begin() as connection:
        # A large page cache while loading only (index pages are updated all over); the
        # queries are then timed with SQLite's default cache, as users run them.
        connection.exec_driver_sql("PRAGMA cache_size = -262144")
        for run, rows in generate(shape):
            connection.execute(insert(Run), [run])
            connection.exec_driver_sql(f"INSERT INTO findings ({columns}) VALUES ({marks})", rows)
            count += len(rows)
        connection.exec_driver_sql("PRAGMA cache_size = -2000")
    return count


def load_postgresql(engine: Engine, shape: Shape) -> int:
    """Runs first (the findings' foreign key), then every finding in one ``COPY``.

    The generator is deterministic, so it runs twice rather than hold a million rows in
    memory: once for the run rows and their counts, once for the findings.
    """
    runs = [run for run, _rows in generate(shape)]
    with engine.begin() as connection:
        for offset in range(0, len(runs), 500):
            connection.execute(insert(Run), runs[offset : offset + 500])
    count = 0
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY findings ({', '.join(FINDING_COLUMNS)}) FROM STDIN") as copy:
                for _run, rows in generate(shape):
                    for row in rows:
                        copy.write_row(row)
                    count += len(rows)
            connection.commit()
            cursor.execute("ANALYZE")  # what autovacuum would have done by the next query
        connection.commit()
    finally:
        raw.close()
    return count


@dataclass(frozen=True)
class Timing:
    database: str
    query: str
    median_ms: float
    target_ms: float | None

    @property
    def ok(self) -> bool:
        return self.target_ms is None or self.median_ms < self.target_ms


def _time(function: Callable[[], object], repeat: int) -> float:
    function()  # warm-up: connection pool, statement caches, pages in memory
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def measure(database: str, engine: Engine, shape: Shape, repeat: int) -> list[Timing]:
    key = _scope_key(1)
    # A fingerprint that comes and goes: the timeline with the most changes.
    rng = random.Random(shape.seed)
    sample = _resources(shape, 1, rng)[shape.steady + 1].fingerprint

    def trend() -> object:
        return posture_points(engine, key, limit=50)

    def diff_last_two() -> object:
        older, newer = last_two_runs(engine, key)
        return diff(engine, older, newer)

    checks: list[tuple[str, Callable[[], object], float | None]] = [
        ("trend (posture points, 50 runs)", trend, TARGET_MS),
        ("diff of the last two runs", diff_last_two, TARGET_MS),
        ("timeline of one finding", lambda: timeline(engine, sample, key), None),
        ("effectiveness, last 30 runs", lambda: effectiveness(engine, key, last=30), None),
    ]
    return [
        Timing(database, name, _time(function, repeat), target) for name, function, target in checks
    ]


def _sanity(engine: Engine, shape: Shape) -> str:
    key = _scope_key(1)
    older, newer = last_two_runs(engine, key)
    result = diff(engine, older, newer)
    window = effectiveness(engine, key, last=30).overall
    return (
        f"diff {result.counts()['new']} new / {result.counts()['fixed']} fixed / "
        f"{result.counts()['still_failing']} still failing; last 30 runs: {window.fixes} "
        f"fixes, {window.regressions} regressions"
    )


def run_sqlite(shape: Shape, repeat: int, folder: Path) -> list[Timing]:
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = open_store(url)
    try:
        began = time.perf_counter()
        rows = load_sqlite(engine, shape)
        took = time.perf_counter() - began
        print(f"sqlite: loaded {rows:,} findings in {took:.1f} s", flush=True)
        print(f"sqlite: {_sanity(engine, shape)}", flush=True)
        return measure("sqlite", engine, shape, repeat)
    finally:
        engine.dispose()


def run_postgresql(shape: Shape, repeat: int, admin_url: str) -> list[Timing]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in admin_url else "?"
    url = f"{admin_url}{separator}options={quote(f'-csearch_path={schema}', safe='')}"
    try:
        engine = open_store(url)
        try:
            began = time.perf_counter()
            rows = load_postgresql(engine, shape)
            took = time.perf_counter() - began
            print(f"postgresql: loaded {rows:,} findings in {took:.1f} s", flush=True)
            print(f"postgresql: {_sanity(engine, shape)}", flush=True)
            return measure("postgresql", engine, shape, repeat)
        finally:
            engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--findings", type=int, default=1000, help="per run")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args(argv)
    shape = Shape(runs=args.runs, findings=args.findings, churn=max(3, args.findings * 3 // 10))
    timings: list[Timing] = []
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory(prefix="secfound-store-bench-") as folder:
            timings += run_sqlite(shape, args.repeat, Path(folder))
    if args.only != "sqlite":
        try:
            timings += run_postgresql(shape, args.repeat, args.pg_url)
        except Exception as exc:  # report what failed, as one line
            line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"postgresql: cannot run the benchmark at {args.pg_url}: {line}")
            return 2
    print()
    print(f"{'query':<36} {'database':<11} {'median ms':>10} {'target':>8}")
    for t in timings:
        target = f"< {t.target_ms:.0f}" if t.target_ms is not None else "-"
        flag = "" if t.ok else "  MISSED"
        print(f"{t.query:<36} {t.database:<11} {t.median_ms:>10.1f} {target:>8}{flag}")
    return 0 if all(t.ok for t in timings) else 1


if __name__ == "__main__":
    sys.exit(main())
