"""How well the checks hold over time: per check and per severity, over a scope's runs.

Control objectives need evidence that a control keeps working, not a snapshot. For a
window of runs of one scope (by default the last 30; ``since`` and ``last`` narrow it):

* **pass rate per run**: passed / (passed + failing) among the findings of that run;
  suppressed failures, unknown and error are in neither (a suppression is an accepted
  risk, unknown is not a verdict); None when nothing was judged;
* **open-count trend**: the failing (unsuppressed) findings per run;
* **time to fix**: for every fix inside the window, the time from the run that opened
  (or reopened) the failing streak, possibly before the window, to the fixing run;
  median and 90th percentile (nearest rank) in seconds;
* **regressions**: reopenings inside the window: failing again after a fix.

Opening, fixing and reopening follow ``store/states.py``. The window's findings are read
in one query through the ``(run_id, fingerprint)`` index; what happened before the window
(was a finding failing when it began, since when, had it ever failed) is read only for the
fingerprints whose first verdict in the window depends on it, walking back run by run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from secfound.errors import StoreError
from secfound.store.changes import run_coverage
from secfound.store.history import SEVERITIES, RunInfo, scope_runs
from secfound.store.states import (
    CLEARING,
    Coverage,
    EventKind,
    Prior,
    State,
    as_utc,
    events,
    median,
    p90,
    state_of,
)
from secfound.store.tables import Run, StoredFinding

F = StoredFinding
DEFAULT_LAST = 30
_LOOKBACK_CHUNK = 32  # runs read per step when walking back before the window
_IN_LIST_MAX = 500  # above this many fingerprints, filter in Python rather than in SQL


@dataclass(frozen=True, kw_only=True)
class RunCounts:
    """One run of the window for one group: passing and failing (open) findings."""

    run_id: str
    started: datetime
    passed: int
    failed: int

    @property
    def pass_rate(self) -> float | None:
        judged = self.passed + self.failed
        return self.passed / judged if judged else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.pass_rate
        return {
            "run_id": self.run_id,
            "started": self.started.isoformat(),
            "passed": self.passed,
            "open": self.failed,
            "pass_rate": round(rate, 4) if rate is not None else None,
        }


@dataclass(frozen=True, kw_only=True)
class GroupEffectiveness:
    """One check, one severity, or everything (``key`` "all") over the window."""

    key: str
    severity: str | None
    per_run: tuple[RunCounts, ...]
    fix_seconds: tuple[float, ...]  # one per fix in the window
    regressed: tuple[str, ...]  # fingerprints, once per reopening

    @property
    def fixes(self) -> int:
        return len(self.fix_seconds)

    @property
    def regressions(self) -> int:
        return len(self.regressed)

    @property
    def time_to_fix_median(self) -> timedelta | None:
        value = median(self.fix_seconds)
        return timedelta(seconds=value) if value is not None else None

    @property
    def time_to_fix_p90(self) -> timedelta | None:
        value = p90(self.fix_seconds)
        return timedelta(seconds=value) if value is not None else None

    def as_dict(self) -> dict[str, Any]:
        ttf_median, ttf_p90 = self.time_to_fix_median, self.time_to_fix_p90
        return {
            "key": self.key,
            "severity": self.severity,
            "fixes": self.fixes,
            "time_to_fix_median_seconds": ttf_median.total_seconds() if ttf_median else None,
            "time_to_fix_p90_seconds": ttf_p90.total_seconds() if ttf_p90 else None,
            "regressions": self.regressions,
            "regressed": sorted(set(self.regressed)),
            "runs": [counts.as_dict() for counts in self.per_run],
        }


@dataclass(frozen=True, kw_only=True)
class Effectiveness:
    scope_key: str
    runs: tuple[RunInfo, ...]
    overall: GroupEffectiveness
    by_severity: tuple[GroupEffectiveness, ...]  # critical first, every severity
    by_check: tuple[GroupEffectiveness, ...]  # severity, then check id

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope_key": self.scope_key,
            "runs": [{"id": run.id, "started": run.started.isoformat()} for run in self.runs],
            "overall": self.overall.as_dict(),
            "by_severity": [group.as_dict() for group in self.by_severity],
            "by_check": [group.as_dict() for group in self.by_check],
        }


@dataclass
class _Track:
    """One fingerprint's rows in the window (mutable while reading, then discarded)."""

    check_id: str = ""
    severity: str = ""
    path: str | None = None
    account: str | None = None
    region: str | None = None
    states: dict[str, State] = field(default_factory=dict)


def effectiveness(
    engine: Engine,
    scope_key: str,
    *,
    since: datetime | None = None,
    last: int | None = DEFAULT_LAST,
    until: datetime | None = None,
) -> Effectiveness:
    """Pass rate, open count, time to fix and regressions for a window of a scope's runs
    (those started before ``until``, when given: a report on an older run)."""
    window = scope_runs(engine, scope_key, since=since, last=last, before=until)
    if not window:
        raise StoreError(f"scope {scope_key[:12]} has no stored run in that period")
    earlier = _earlier_runs(engine, scope_key, window[0].started)
    before = earlier[0] if earlier else None
    ids = ([before[0]] if before else []) + [run.id for run in window]  # oldest first
    tracks = _read_tracks(engine, ids)
    coverage = run_coverage(engine, ids)
    sequences = {
        fingerprint: [_state_in(track, run.id, coverage[run.id]) for run in window]
        for fingerprint, track in tracks.items()
    }
    priors: dict[str, Prior] = {}
    if before is not None:
        priors = _priors(engine, scope_key, earlier, tracks, sequences, window[0].started)
    return _summarize(scope_key, window, tracks, sequences, priors)


def _state_in(track: _Track, run_id: str, coverage: Coverage) -> State:
    state = track.states.get(run_id)
    if state is not None:
        return state
    return coverage.absent_state(track.path, track.account, track.region)


def _earlier_runs(engine: Engine, scope_key: str, start: datetime) -> list[tuple[str, datetime]]:
    """(id, started) of the scope's runs before the window, newest first."""
    query = (
        select(Run.id, Run.started)
        .where(Run.scope_key == scope_key, Run.started < start)
        .order_by(Run.started.desc(), Run.id.desc())
    )
    with engine.connect() as connection:
        return [(run_id, as_utc(started)) for run_id, started in connection.execute(query)]


_RANK = {
    State.FAILING: 5,
    State.SUPPRESSED: 4,
    State.ERROR: 3,
    State.UNKNOWN: 2,
    State.PASSED: 1,
}


def _read_tracks(engine: Engine, run_ids: Sequence[str]) -> dict[str, _Track]:
    query = select(
        F.run_id,
        F.fingerprint,
        F.check_id,
        F.severity,
        F.status,
        F.suppressed_by,
        F.path,
        F.account,
        F.region,
    ).where(F.run_id.in_(run_ids))
    order = {run_id: index for index, run_id in enumerate(run_ids)}
    newest: dict[str, int] = {}
    tracks: dict[str, _Track] = defaultdict(_Track)
    with engine.connect() as connection:
        for (
            run_id,
            fp,
            check_id,
            severity,
            status,
            suppressed_by,
            path,
            account,
            region,
        ) in connection.execute(query).all():
            track = tracks[fp]
            state = state_of(status, suppressed_by)
            kept = track.states.get(run_id)
            if kept is None or _RANK[state] > _RANK[kept]:
                track.states[run_id] = state
            # Describe the fingerprint as its newest row does (run_ids are oldest first).
            if order[run_id] >= newest.get(fp, -1):
                newest[fp] = order[run_id]
                track.check_id, track.severity = check_id, severity
                track.path, track.account, track.region = path, account, region
    return dict(tracks)


def _priors(
    engine: Engine,
    scope_key: str,
    earlier: Sequence[tuple[str, datetime]],
    tracks: Mapping[str, _Track],
    sequences: Mapping[str, list[State]],
    start: datetime,
) -> dict[str, Prior]:
    """What each fingerprint's window needs to know about the runs before it.

    Walking back from the run just before the window: the first judging state is the
    verdict the window starts with; for a failing verdict the walk goes on to the run that
    opened the streak. After a clear verdict, a failure in the window is a reopening if the
    finding ever failed before: one query over the earlier failures answers that.
    """
    walk = _BackwardWalk(engine, earlier, tracks)
    priors: dict[str, Prior] = {}
    needs_history: list[str] = []
    for fingerprint, (failing, open_since) in walk.verdicts().items():
        if failing is None:
            continue
        if failing:
            priors[fingerprint] = Prior(failing=True, open_since=open_since, ever_failed=True)
            continue
        if State.FAILING in sequences[fingerprint]:  # opened, or reopened?
            needs_history.append(fingerprint)
        priors[fingerprint] = Prior(failing=False)
    for fingerprint in _ever_failed(engine, scope_key, start, needs_history):
        priors[fingerprint] = Prior(failing=False, ever_failed=True)
    return priors


class _BackwardWalk:
    """Reads earlier runs newest first, in chunks, for the fingerprints still undecided."""

    def __init__(
        self,
        engine: Engine,
        earlier: Sequence[tuple[str, datetime]],
        tracks: Mapping[str, _Track],
    ) -> None:
        self.engine = engine
        self.earlier = earlier
        self.tracks = tracks

    def verdicts(self) -> dict[str, tuple[bool | None, datetime | None]]:
        """Per fingerprint: (failing at the window's start, when that streak opened)."""
        result: dict[str, tuple[bool | None, datetime | None]] = {}
        # fingerprint -> earliest failing run seen so far (the walk is still in its streak)
        streak: dict[str, datetime] = {}
        pending = set(self.tracks)
        offset, size = 0, 1  # most fingerprints are decided by the run just before
        while pending and offset < len(self.earlier):
            chunk = self.earlier[offset : offset + size]
            offset, size = offset + size, min(size * 4, _LOOKBACK_CHUNK)
            states = self._states(chunk, pending)
            coverage = run_coverage(self.engine, [run_id for run_id, _ in chunk])
            for run_id, started in chunk:
                for fingerprint in list(pending):
                    state = states.get((run_id, fingerprint))
                    if state is None:
                        track = self.tracks[fingerprint]
                        state = coverage[run_id].absent_state(
                            track.path, track.account, track.region
                        )
                    if state is State.FAILING:
                        streak[fingerprint] = started
                    elif state in CLEARING:
                        pending.discard(fingerprint)
                        opened = streak.pop(fingerprint, None)
                        result[fingerprint] = (opened is not None, opened)
        for fingerprint in pending:  # reached the scope's first run
            opened = streak.get(fingerprint)
            result[fingerprint] = (True, opened) if opened is not None else (None, None)
        return result

    def _states(
        self, chunk: Sequence[tuple[str, datetime]], pending: set[str]
    ) -> dict[tuple[str, str], State]:
        query = select(F.run_id, F.fingerprint, F.status, F.suppressed_by).where(
            F.run_id.in_([run_id for run_id, _ in chunk])
        )
        if len(pending) <= _IN_LIST_MAX:
            query = query.where(F.fingerprint.in_(sorted(pending)))
        found: dict[tuple[str, str], State] = {}
        with self.engine.connect() as connection:
            for run_id, fingerprint, status, suppressed_by in connection.execute(query).all():
                if fingerprint not in pending:
                    continue
                state = state_of(status, suppressed_by)
                kept = found.get((run_id, fingerprint))
                if kept is None or _RANK[state] > _RANK[kept]:
                    found[(run_id, fingerprint)] = state
        return found


def _ever_failed(
    engine: Engine, scope_key: str, start: datetime, fingerprints: Sequence[str]
) -> set[str]:
    """Those of ``fingerprints`` failing (unsuppressed) in a run of the scope before ``start``."""
    found: set[str] = set()
    for offset in range(0, len(fingerprints), _IN_LIST_MAX):
        batch = fingerprints[offset : offset + _IN_LIST_MAX]
        query = (
            select(F.fingerprint)
            .join(Run, Run.id == F.run_id)
            .where(
                F.fingerprint.in_(batch),
                Run.scope_key == scope_key,
                Run.started < start,
                F.status == "failed",
                F.suppressed_by.is_(None),
            )
            .group_by(F.fingerprint)
        )
        with engine.connect() as connection:
            found.update(row[0] for row in connection.execute(query))
    return found


def _summarize(
    scope_key: str,
    window: Sequence[RunInfo],
    tracks: Mapping[str, _Track],
    sequences: Mapping[str, list[State]],
    priors: Mapping[str, Prior],
) -> Effectiveness:
    counts: dict[str, Counter[tuple[str, State]]] = defaultdict(Counter)  # group -> (run, state)
    fixes: dict[str, list[float]] = defaultdict(list)
    regressed: dict[str, list[str]] = defaultdict(list)
    severity_of_check: dict[str, str] = {}
    for fingerprint, track in tracks.items():
        groups = ("all", f"severity:{track.severity}", f"check:{track.check_id}")
        severity_of_check.setdefault(track.check_id, track.severity)
        states = sequences[fingerprint]
        for run, state in zip(window, states, strict=True):
            if state in (State.PASSED, State.FAILING) and run.id in track.states:
                for group in groups:
                    counts[group][(run.id, state)] += 1
        prior = priors.get(fingerprint)
        for event in events(states, prior):
            if event.kind is EventKind.FIXED:
                opened = _opened_at(event.open_index, window, prior)
                if opened is None:
                    continue
                seconds = (window[event.index].started - opened).total_seconds()
                for group in groups:
                    fixes[group].append(seconds)
            elif event.kind is EventKind.REOPENED:
                for group in groups:
                    regressed[group].append(fingerprint)

    def summary(name: str, key: str, severity: str | None) -> GroupEffectiveness:
        tally = counts.get(name, Counter())
        return GroupEffectiveness(
            key=key,
            severity=severity,
            per_run=tuple(
                RunCounts(
                    run_id=run.id,
                    started=run.started,
                    passed=tally[(run.id, State.PASSED)],
                    failed=tally[(run.id, State.FAILING)],
                )
                for run in window
            ),
            fix_seconds=tuple(sorted(fixes.get(name, ()))),
            regressed=tuple(regressed.get(name, ())),
        )

    checks = sorted(severity_of_check.items(), key=lambda item: (_severity_rank(item[1]), item[0]))
    return Effectiveness(
        scope_key=scope_key,
        runs=tuple(window),
        overall=summary("all", "all", None),
        by_severity=tuple(summary(f"severity:{s}", s, s) for s in _severities(tracks.values())),
        by_check=tuple(summary(f"check:{c}", c, s) for c, s in checks),
    )


def _opened_at(
    open_index: int | None, window: Sequence[RunInfo], prior: Prior | None
) -> datetime | None:
    if open_index is None:
        return None
    if open_index >= 0:
        return window[open_index].started
    return prior.open_since if prior is not None else None


def _severity_rank(label: str) -> int:
    return SEVERITIES.index(label) if label in SEVERITIES else len(SEVERITIES)


def _severities(tracks: Iterable[_Track]) -> list[str]:
    extra = sorted({t.severity for t in tracks} - set(SEVERITIES))
    return [*SEVERITIES, *extra]
