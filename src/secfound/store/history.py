"""The stored runs as history: which runs, of which scope, and the posture trend.

Every query here reads the ``runs`` table only (its per-run counts and its
``(scope_key, started)`` index), so listing runs and drawing the trend over a thousand
runs never touches the million rows of ``findings``. What changed between runs lives in
``store/changes.py``; how well checks hold over time in ``store/effectiveness.py``.

Runs of the *same scope* are runs that looked at the same thing (the same scanned roots,
or the same accounts and regions): they share ``runs.scope_key``, and only they compare
meaningfully. A run is named by its id or any unique prefix of it; a scope by its key,
a unique prefix of the key, or one of its members (a root or an ``account/region``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Row, func, select

from secfound.errors import StoreError
from secfound.store.states import as_utc
from secfound.store.tables import Run

if TYPE_CHECKING:
    from secfound.report.posture import PosturePoint

SEVERITIES = ("critical", "high", "medium", "low", "info")
_RUN_ID_PREFIX = re.compile(r"^[0-9a-fA-F-]{1,36}$")

_RUN_COLUMNS = (
    Run.id,
    Run.command,
    Run.scope_key,
    Run.scope,
    Run.started,
    Run.finished,
    Run.tool_version,
    Run.resource_count,
    Run.checks_run,
    Run.passed,
    Run.failed,
    Run.unknown,
    Run.errored,
    Run.suppressed,
    Run.failed_critical,
    Run.failed_high,
    Run.failed_medium,
    Run.failed_low,
    Run.failed_info,
    Run.input_errors,
    Run.gaps,
)


@dataclass(frozen=True, kw_only=True)
class RunInfo:
    """One stored run and its counts, as the ``runs`` table keeps them."""

    id: str
    command: str
    scope_key: str
    scope: tuple[str, ...]
    started: datetime
    finished: datetime
    tool_version: str
    resource_count: int
    checks_run: int
    passed: int
    failed: int  # failing and not suppressed
    unknown: int
    errored: int
    suppressed: int
    failed_by_severity: Mapping[str, int]
    input_errors: int
    gaps: int

    @property
    def scope_label(self) -> str:
        return ", ".join(self.scope) or "(empty scope)"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "command": self.command,
            "scope_key": self.scope_key,
            "scope": list(self.scope),
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat(),
            "tool_version": self.tool_version,
            "resource_count": self.resource_count,
            "checks_run": self.checks_run,
            "passed": self.passed,
            "failed": self.failed,
            "failed_by_severity": dict(self.failed_by_severity),
            "unknown": self.unknown,
            "errored": self.errored,
            "suppressed": self.suppressed,
            "input_errors": self.input_errors,
            "gaps": self.gaps,
        }


@dataclass(frozen=True, kw_only=True)
class ScopeInfo:
    """A scope: its key, what it covers, how many runs it has and when the last began."""

    key: str
    scope: tuple[str, ...]
    runs: int
    last_started: datetime

    @property
    def label(self) -> str:
        return ", ".join(self.scope) or "(empty scope)"


def _run_info(row: Row[Any] | Any) -> RunInfo:
    m = row._mapping
    return RunInfo(
        id=m["id"],
        command=m["command"],
        scope_key=m["scope_key"],
        scope=tuple(m["scope"] or ()),
        started=as_utc(m["started"]),
        finished=as_utc(m["finished"]),
        tool_version=m["tool_version"],
        resource_count=m["resource_count"],
        checks_run=m["checks_run"],
        passed=m["passed"],
        failed=m["failed"],
        unknown=m["unknown"],
        errored=m["errored"],
        suppressed=m["suppressed"],
        failed_by_severity={s: m[f"failed_{s}"] for s in SEVERITIES},
        input_errors=m["input_errors"],
        gaps=m["gaps"],
    )


def list_runs(
    engine: Engine, *, scope_key: str | None = None, limit: int | None = 20
) -> list[RunInfo]:
    """The latest ``limit`` runs (of one scope, or of all), newest first."""
    query = select(*_RUN_COLUMNS).order_by(Run.started.desc(), Run.id.desc())
    if scope_key is not None:
        query = query.where(Run.scope_key == scope_key)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [_run_info(row) for row in connection.execute(query)]


def scope_runs(
    engine: Engine,
    scope_key: str,
    *,
    since: datetime | None = None,
    last: int | None = None,
    before: datetime | None = None,
) -> list[RunInfo]:
    """The runs of a scope, oldest first: from ``since``, before ``before``, the last ``last``."""
    query = select(*_RUN_COLUMNS).where(Run.scope_key == scope_key)
    if since is not None:
        query = query.where(Run.started >= since)
    if before is not None:
        query = query.where(Run.started < before)
    query = query.order_by(Run.started.desc(), Run.id.desc())
    if last is not None:
        query = query.limit(last)
    with engine.connect() as connection:
        runs = [_run_info(row) for row in connection.execute(query)]
    runs.reverse()
    return runs


def list_scopes(engine: Engine) -> list[ScopeInfo]:
    """Every scope with its run count, the most recently scanned first."""
    counts = (
        select(Run.scope_key, func.count().label("runs"), func.max(Run.started).label("last"))
        .group_by(Run.scope_key)
        .subquery()
    )
    # The scope itself (JSON, which PostgreSQL cannot group by) from the scope's last run.
    query = (
        select(counts.c.scope_key, counts.c.runs, counts.c.last, Run.scope)
        .join(Run, (Run.scope_key == counts.c.scope_key) & (Run.started == counts.c.last))
        .order_by(counts.c.last.desc())
    )
    found: dict[str, ScopeInfo] = {}
    with engine.connect() as connection:
        for key, runs, last, scope in connection.execute(query):
            found.setdefault(
                key,
                ScopeInfo(key=key, scope=tuple(scope or ()), runs=runs, last_started=as_utc(last)),
            )
    return list(found.values())


def require_runs(engine: Engine) -> None:
    """Raise the one clear error of an empty store."""
    with engine.connect() as connection:
        if connection.execute(select(Run.id).limit(1)).first() is None:
            raise StoreError("no runs are stored yet; store one with 'secfound scan PATH --db URL'")


def resolve_run(engine: Engine, reference: str) -> RunInfo:
    """The run whose id is ``reference`` or starts with it; an error if none or several."""
    text = reference.strip().lower()
    if not _RUN_ID_PREFIX.match(text):
        raise StoreError(f"{reference!r} is not a run id (hexadecimal digits and dashes)")
    require_runs(engine)
    query = select(*_RUN_COLUMNS).where(Run.id.like(f"{text}%")).limit(6)
    with engine.connect() as connection:
        rows = list(connection.execute(query))
    if not rows:
        raise StoreError(f"no stored run has an id starting with {text!r}")
    if len(rows) > 1:
        shown = ", ".join(row.id[:12] for row in rows[:5])
        raise StoreError(f"run id {text!r} is ambiguous ({shown}…); give more characters")
    return _run_info(rows[0])


def resolve_scope(engine: Engine, reference: str | None) -> ScopeInfo:
    """The scope named by ``reference``, else the scope of the latest run.

    A reference is a scope key or a unique prefix of one, or a member of a scope (a
    scanned root as stored, or ``account/region``); several scopes matching is an error.
    """
    require_runs(engine)
    scopes = list_scopes(engine)
    if reference is None:
        return scopes[0]
    text = reference.strip()
    exact = [s for s in scopes if s.key == text.lower()]
    if exact:
        return exact[0]
    matches = [s for s in scopes if s.key.startswith(text.lower()) or text in s.scope]
    if not matches:
        raise StoreError(
            f"no stored scope matches {text!r}; 'secfound history --scopes' lists them"
        )
    if len(matches) > 1:
        shown = "; ".join(f"{s.key[:12]} ({s.label})" for s in matches[:4])
        raise StoreError(f"scope {text!r} is ambiguous: {shown}; give a scope key")
    return matches[0]


def previous_run(engine: Engine, run: RunInfo) -> RunInfo | None:
    """The run of the same scope just before ``run``, if any."""
    query = (
        select(*_RUN_COLUMNS)
        .where(Run.scope_key == run.scope_key)
        .where((Run.started < run.started) | ((Run.started == run.started) & (Run.id < run.id)))
        .order_by(Run.started.desc(), Run.id.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return _run_info(row) if row is not None else None


def last_two_runs(engine: Engine, scope_key: str) -> tuple[RunInfo, RunInfo]:
    """The two latest runs of a scope, older first; an error if it has fewer than two."""
    runs = scope_runs(engine, scope_key, last=2)
    if len(runs) < 2:
        raise StoreError(
            f"scope {scope_key[:12]} has {len(runs)} stored run; a diff needs two "
            "(name two runs to compare runs of different scopes)"
        )
    return runs[0], runs[1]


def posture_points(
    engine: Engine, scope_key: str, limit: int = 50, *, before: datetime | None = None
) -> list[PosturePoint]:
    """The posture trend of a scope: its last ``limit`` runs' counts (those started before
    ``before``, when given), oldest first.

    Read from the ``runs`` table alone, so the trend of a thousand runs stays one index
    range scan however many findings those runs stored.
    """
    from secfound.report.posture import PosturePoint

    return [
        PosturePoint(
            run_id=run.id,
            started=run.started,
            passed=run.passed,
            failed_by_severity=dict(run.failed_by_severity),
            unknown=run.unknown,
            errored=run.errored,
            suppressed=run.suppressed,
        )
        for run in scope_runs(engine, scope_key, before=before, last=limit)
    ]


def run_ids(runs: Sequence[RunInfo]) -> list[str]:
    return [run.id for run in runs]
