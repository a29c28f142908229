"""What changed: between two runs (``diff``), and for one finding over a scope's runs.

A finding is the same finding in two runs when its fingerprint is the same (the check,
the resource and its file or cloud location; never line numbers). Both questions read a
handful of runs through the ``(run_id, fingerprint)`` and ``(fingerprint, run_id)``
indexes, so they answer in milliseconds on a store of a million findings.

``diff(A, B)``, A the older run, sorts every fingerprint failing in either run into one
of these (states as ``store/states.py`` defines them):

* **new**: failing in B, not failing in A (absent, passed, unknown, error or suppressed);
* **fixed**: failing in A; passed in B, or absent from B while B could read its file
  (or region): the resource was removed or changed so the check no longer applies;
* **still failing**: failing in both;
* **suppressed**: failing in A, failing but suppressed in B (a decision, not a fix);
* **not judged**: failing in A; unknown, error, or absent from a file (or region) that B
  reported it could not read. Unknown is not a pass, so these are not counted as fixed.

Separately, ``unknown_new`` and ``unknown_gone`` list the fingerprints that became, or
stopped being, unknown or error: a check that can no longer judge is news too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from secfound.errors import StoreError
from secfound.store.history import RunInfo, scope_runs
from secfound.store.states import (
    NOT_JUDGED,
    Coverage,
    EventKind,
    State,
    events,
    state_of,
)
from secfound.store.tables import CoverageGap, Run, StoredFinding, StoredInputError

F = StoredFinding

_DETAIL_COLUMNS = (
    F.fingerprint,
    F.check_id,
    F.severity,
    F.status,
    F.suppressed_by,
    F.message,
    F.resource_type,
    F.resource_address,
    F.path,
    F.line,
    F.account,
    F.region,
    F.arn,
)

# When a run reports one fingerprint twice, the state that matters most wins.
_RANK = {
    State.FAILING: 5,
    State.SUPPRESSED: 4,
    State.ERROR: 3,
    State.UNKNOWN: 2,
    State.PASSED: 1,
}


@dataclass(frozen=True, kw_only=True)
class FindingRef:
    """What a fingerprint stands for: the check and the resource, where it was seen."""

    fingerprint: str
    check_id: str
    severity: str
    resource_type: str
    resource_address: str
    location: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "check_id": self.check_id,
            "severity": self.severity,
            "resource": {"type": self.resource_type, "address": self.resource_address},
            "location": self.location,
            "message": self.message,
        }


@dataclass(frozen=True, kw_only=True)
class Change:
    """One fingerprint in a diff: its states in A and in B."""

    finding: FindingRef
    before: State
    after: State

    def as_dict(self) -> dict[str, Any]:
        return {**self.finding.as_dict(), "before": self.before.value, "after": self.after.value}


@dataclass(frozen=True, kw_only=True)
class RunDiff:
    """``diff(A, B)``; each tuple sorted by severity (critical first), check, resource."""

    run_a: RunInfo
    run_b: RunInfo
    new: tuple[Change, ...]
    fixed: tuple[Change, ...]
    still_failing: tuple[Change, ...]
    suppressed: tuple[Change, ...]
    not_judged: tuple[Change, ...]
    unknown_new: tuple[Change, ...]
    unknown_gone: tuple[Change, ...]

    @property
    def same_scope(self) -> bool:
        return self.run_a.scope_key == self.run_b.scope_key

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in DIFF_SECTIONS}


DIFF_SECTIONS = (
    "new",
    "fixed",
    "still_failing",
    "suppressed",
    "not_judged",
    "unknown_new",
    "unknown_gone",
)
_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


def _location(m: Any) -> str:
    if m["path"] is not None:
        return f"{m['path']}:{m['line']}" if m["line"] is not None else str(m["path"])
    parts = [m["account"], m["region"], m["arn"]]
    return "/".join(str(p) for p in parts if p)


def _finding_ref(m: Any) -> FindingRef:
    return FindingRef(
        fingerprint=m["fingerprint"],
        check_id=m["check_id"],
        severity=m["severity"],
        resource_type=m["resource_type"],
        resource_address=m["resource_address"],
        location=_location(m),
        message=m["message"],
    )


@dataclass(frozen=True, kw_only=True)
class _Seen:
    state: State
    finding: FindingRef
    path: str | None
    account: str | None
    region: str | None


def _run_findings(engine: Engine, run_id: str) -> dict[str, _Seen]:
    query = select(*_DETAIL_COLUMNS).where(F.run_id == run_id)
    found: dict[str, _Seen] = {}
    with engine.connect() as connection:
        for row in connection.execute(query).all():
            m = row._mapping
            state = state_of(m["status"], m["suppressed_by"])
            kept = found.get(m["fingerprint"])
            if kept is not None and _RANK[kept.state] >= _RANK[state]:
                continue
            found[m["fingerprint"]] = _Seen(
                state=state,
                finding=_finding_ref(m),
                path=m["path"],
                account=m["account"],
                region=m["region"],
            )
    return found


def run_coverage(engine: Engine, run_ids: Iterable[str]) -> dict[str, Coverage]:
    """Per run: the files it could not read and the places it could not look at."""
    ids = list(run_ids)
    paths: dict[str, set[str]] = {run_id: set() for run_id in ids}
    places: dict[str, set[tuple[str, str]]] = {run_id: set() for run_id in ids}
    with engine.connect() as connection:
        errors = select(StoredInputError.run_id, StoredInputError.path).where(
            StoredInputError.run_id.in_(ids)
        )
        for run_id, path in connection.execute(errors):
            paths[run_id].add(path)
        gaps = select(CoverageGap.run_id, CoverageGap.account, CoverageGap.region).where(
            CoverageGap.run_id.in_(ids)
        )
        for run_id, account, region in connection.execute(gaps):
            places[run_id].add((account, region))
    return {
        run_id: Coverage(paths=frozenset(paths[run_id]), places=frozenset(places[run_id]))
        for run_id in ids
    }


def _sorted(changes: list[Change]) -> tuple[Change, ...]:
    return tuple(
        sorted(
            changes,
            key=lambda c: (
                _SEVERITY_ORDER.get(c.finding.severity, 9),
                c.finding.check_id,
                c.finding.resource_address,
                c.finding.location,
            ),
        )
    )


def diff(engine: Engine, run_a: RunInfo, run_b: RunInfo) -> RunDiff:
    """What changed from run A to run B (see the module docstring for each section)."""
    in_a = _run_findings(engine, run_a.id)
    in_b = _run_findings(engine, run_b.id)
    coverage_b = run_coverage(engine, [run_b.id])[run_b.id]
    sections: dict[str, list[Change]] = {name: [] for name in DIFF_SECTIONS}
    for fingerprint in in_a.keys() | in_b.keys():
        seen_a, seen_b = in_a.get(fingerprint), in_b.get(fingerprint)
        if seen_b is not None:
            after = seen_b.state
        else:
            assert seen_a is not None
            after = coverage_b.absent_state(seen_a.path, seen_a.account, seen_a.region)
        before = seen_a.state if seen_a is not None else State.ABSENT
        shown = seen_b or seen_a
        assert shown is not None
        change = Change(finding=shown.finding, before=before, after=after)
        section = _section(before, after)
        if section is not None:
            sections[section].append(change)
        unknown_before = before in (State.UNKNOWN, State.ERROR)
        unknown_after = after in (State.UNKNOWN, State.ERROR)
        if unknown_after and not unknown_before:
            sections["unknown_new"].append(change)
        elif unknown_before and not unknown_after:
            sections["unknown_gone"].append(change)
    return RunDiff(
        run_a=run_a,
        run_b=run_b,
        **{name: _sorted(changes) for name, changes in sections.items()},
    )


def _section(before: State, after: State) -> str | None:
    if before is not State.FAILING:
        return "new" if after is State.FAILING else None
    if after is State.FAILING:
        return "still_failing"
    if after in (State.PASSED, State.ABSENT):
        return "fixed"
    if after is State.SUPPRESSED:
        return "suppressed"
    if after in NOT_JUDGED:
        return "not_judged"
    return None  # pragma: no cover - every State is handled above


# ---------------------------------------------------------------------------------------
# One finding over the runs of its scope


@dataclass(frozen=True, kw_only=True)
class RunMoment:
    run_id: str
    started: datetime

    def as_dict(self) -> dict[str, str]:
        return {"run_id": self.run_id, "started": self.started.isoformat()}


@dataclass(frozen=True, kw_only=True)
class TimelinePoint:
    """The finding in one run of the scope; ``event`` when something changed there."""

    run_id: str
    started: datetime
    state: State
    severity: str | None
    message: str | None
    event: EventKind | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started": self.started.isoformat(),
            "state": self.state.value,
            "severity": self.severity,
            "message": self.message,
            "event": self.event.value if self.event is not None else None,
        }


@dataclass(frozen=True, kw_only=True)
class Timeline:
    """One fingerprint through every run of one scope, oldest first.

    ``first_seen`` / ``last_seen``: the first and last runs that reported the finding in
    any state; ``fixes``: the runs where it stopped failing (a clearing state after a
    failing one); ``reopenings``: the runs where it failed again after a fix;
    ``fixed_at``: the last fix, when the finding is not failing now.
    """

    finding: FindingRef
    scope_key: str
    points: tuple[TimelinePoint, ...]
    first_seen: RunMoment | None
    last_seen: RunMoment | None
    first_failed: RunMoment | None
    fixes: tuple[RunMoment, ...]
    reopenings: tuple[RunMoment, ...]

    @property
    def open_now(self) -> bool:
        return bool(self.points) and self.points[-1].state is State.FAILING

    @property
    def fixed_at(self) -> RunMoment | None:
        if not self.fixes:
            return None
        last_fix = self.fixes[-1]
        reopened_after = self.reopenings and self.reopenings[-1].started >= last_fix.started
        return None if reopened_after else last_fix

    @property
    def reopen_count(self) -> int:
        return len(self.reopenings)


_HEX = frozenset("0123456789abcdef")


def resolve_fingerprint(engine: Engine, reference: str) -> str:
    """The fingerprint that is ``reference`` or starts with it (at least 4 hex digits)."""
    text = reference.strip().lower()
    if len(text) < 4 or len(text) > 32 or not set(text) <= _HEX:
        raise StoreError(f"{reference!r} is not a fingerprint (4 to 32 hexadecimal digits)")
    # A range, not LIKE: it walks the (fingerprint, run_id) index on both databases.
    query = (
        select(F.fingerprint)
        .where(F.fingerprint >= text, F.fingerprint < text + "g")
        .group_by(F.fingerprint)
        .limit(3)
    )
    with engine.connect() as connection:
        found = [row[0] for row in connection.execute(query)]
    if not found:
        raise StoreError(f"no stored finding has a fingerprint starting with {text!r}")
    if len(found) > 1:
        raise StoreError(f"fingerprint {text!r} is ambiguous; give more characters")
    return found[0]


def timeline(engine: Engine, fingerprint: str, scope_key: str | None = None) -> Timeline:
    """The finding ``fingerprint`` through the runs of ``scope_key``.

    Without a scope, the scope of the latest run that reported the finding.
    """
    query = (
        select(*_DETAIL_COLUMNS, F.run_id, Run.scope_key, Run.started)
        .join(Run, Run.id == F.run_id)
        .where(F.fingerprint == fingerprint)
    )
    with engine.connect() as connection:
        rows = [row._mapping for row in connection.execute(query).all()]
    if not rows:
        raise StoreError(f"no stored finding has the fingerprint {fingerprint}")
    if scope_key is None:
        scope_key = max(rows, key=lambda m: (m["started"], m["run_id"]))["scope_key"]
    mine = [m for m in rows if m["scope_key"] == scope_key]
    if not mine:
        raise StoreError(f"finding {fingerprint[:12]} was never reported in scope {scope_key[:12]}")
    latest = max(mine, key=lambda m: (m["started"], m["run_id"]))
    by_run: dict[str, Any] = {}
    for m in mine:
        kept = by_run.get(m["run_id"])
        state = state_of(m["status"], m["suppressed_by"])
        if kept is None or _RANK[state] > _RANK[state_of(kept["status"], kept["suppressed_by"])]:
            by_run[m["run_id"]] = m
    runs = scope_runs(engine, scope_key)
    coverage = _absent_coverage(engine, scope_key, latest)
    states: list[State] = []
    for run in runs:
        found = by_run.get(run.id)
        if found is not None:
            states.append(state_of(found["status"], found["suppressed_by"]))
        else:
            states.append(State.UNASSESSED if run.id in coverage else State.ABSENT)
    return _build_timeline(_finding_ref(latest), scope_key, runs, states, by_run)


def _absent_coverage(engine: Engine, scope_key: str, latest: Any) -> set[str]:
    """The runs of the scope that could not read this finding's file or place."""
    blind: set[str] = set()
    with engine.connect() as connection:
        if latest["path"] is not None:
            query = (
                select(StoredInputError.run_id)
                .join(Run, Run.id == StoredInputError.run_id)
                .where(Run.scope_key == scope_key, StoredInputError.path == latest["path"])
            )
            blind.update(row[0] for row in connection.execute(query))
        if latest["account"] is not None and latest["region"] is not None:
            query = (
                select(CoverageGap.run_id)
                .join(Run, Run.id == CoverageGap.run_id)
                .where(
                    Run.scope_key == scope_key,
                    CoverageGap.account == latest["account"],
                    CoverageGap.region == latest["region"],
                )
            )
            blind.update(row[0] for row in connection.execute(query))
    return blind


def _build_timeline(
    finding: FindingRef,
    scope_key: str,
    runs: Sequence[RunInfo],
    states: Sequence[State],
    by_run: dict[str, Any],
) -> Timeline:
    at = {event.index: event.kind for event in events(states)}
    points = tuple(
        TimelinePoint(
            run_id=run.id,
            started=run.started,
            state=state,
            severity=by_run[run.id]["severity"] if run.id in by_run else None,
            message=by_run[run.id]["message"] if run.id in by_run else None,
            event=at.get(index),
        )
        for index, (run, state) in enumerate(zip(runs, states, strict=True))
    )
    present = [p for p in points if p.state not in (State.ABSENT, State.UNASSESSED)]
    failing = [p for p in points if p.state is State.FAILING]

    def moments(kind: EventKind) -> tuple[RunMoment, ...]:
        return tuple(_moment(p) for p in points if p.event is kind)

    return Timeline(
        finding=finding,
        scope_key=scope_key,
        points=points,
        first_seen=_moment(present[0]) if present else None,
        last_seen=_moment(present[-1]) if present else None,
        first_failed=_moment(failing[0]) if failing else None,
        fixes=moments(EventKind.FIXED),
        reopenings=moments(EventKind.REOPENED),
    )


def _moment(point: TimelinePoint) -> RunMoment:
    return RunMoment(run_id=point.run_id, started=point.started)
