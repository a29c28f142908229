"""Effectiveness (pass rate, open count, time to fix, regressions) and the state machine
under it: known answers on ``history_scenario``, and windows that must agree with the
whole history on random ones."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from history_scenario import DAY, START, Scenario, fp, write_scenario, write_scope
from sqlalchemy import Engine

from secfound.errors import StoreError
from secfound.store.database import open_store
from secfound.store.effectiveness import effectiveness
from secfound.store.states import (
    Event,
    EventKind,
    Prior,
    State,
    events,
    median,
    p90,
    state_of,
)

F, P, A, U, S = State.FAILING, State.PASSED, State.ABSENT, State.UNKNOWN, State.SUPPRESSED


@pytest.fixture
def store(store_url: str) -> Iterator[tuple[Engine, Scenario]]:
    engine = open_store(store_url)
    try:
        yield engine, write_scenario(engine)
    finally:
        engine.dispose()


# -- the state machine ------------------------------------------------------------------


def test_states_of_stored_rows() -> None:
    assert state_of("failed", None) is State.FAILING
    assert state_of("failed", "inline") is State.SUPPRESSED
    assert state_of("passed", None) is State.PASSED
    assert state_of("unknown", None) is State.UNKNOWN
    assert state_of("error", None) is State.ERROR


def test_events_open_fix_and_reopen() -> None:
    assert events([F, F, P, A, F, U, P]) == [
        Event(kind=EventKind.OPENED, index=0),
        Event(kind=EventKind.FIXED, index=2, open_index=0),
        Event(kind=EventKind.REOPENED, index=4),
        Event(kind=EventKind.FIXED, index=6, open_index=4),
    ]


def test_held_states_neither_open_nor_fix() -> None:
    assert events([U, S, U]) == []
    assert events([F, U, S, F]) == [Event(kind=EventKind.OPENED, index=0)]
    assert events([P, U, F]) == [Event(kind=EventKind.OPENED, index=2)]


def test_events_continue_what_came_before() -> None:
    since = datetime(2025, 1, 1, tzinfo=UTC)
    assert events([U, P], Prior(failing=True, open_since=since, ever_failed=True)) == [
        Event(kind=EventKind.FIXED, index=1, open_index=-1)
    ]
    assert events([F], Prior(failing=False, ever_failed=True)) == [
        Event(kind=EventKind.REOPENED, index=0)
    ]
    assert events([F], Prior(failing=False)) == [Event(kind=EventKind.OPENED, index=0)]


def test_median_and_nearest_rank_p90() -> None:
    assert median([]) is None and p90([]) is None
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert p90([float(v) for v in range(1, 11)]) == 9.0
    assert p90([float(v) for v in range(1, 12)]) == 10.0
    assert p90([5.0]) == 5.0


# -- effectiveness on the known history ---------------------------------------------------


def _days(delta: timedelta | None) -> float | None:
    return delta / DAY if delta is not None else None


def test_effectiveness_over_every_run(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    result = effectiveness(engine, s.repo_key, last=None)
    assert [r.id for r in result.runs] == list(s.repo_runs)
    overall = result.overall
    assert [c.passed for c in overall.per_run] == [3, 2, 4, 6, 5, 4]
    assert [c.failed for c in overall.per_run] == [5, 4, 4, 3, 2, 4]
    assert overall.per_run[3].pass_rate == pytest.approx(6 / 9)
    # fixes: A 2d, D 2d, E 3d, F 3d, G 3d, H 1d and 1d
    assert sorted(_days(timedelta(seconds=x)) or 0 for x in overall.fix_seconds) == [
        1,
        1,
        2,
        2,
        3,
        3,
        3,
    ]
    assert _days(overall.time_to_fix_median) == 2
    assert _days(overall.time_to_fix_p90) == 3
    assert overall.regressions == 4
    assert sorted(overall.regressed) == sorted([fp("A"), fp("F"), fp("H"), fp("H")])


def test_effectiveness_per_check_and_severity(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    result = effectiveness(engine, s.repo_key, last=None)
    checks = {g.key: g for g in result.by_check}
    versioning = checks["aws.s3.bucket_versioning_enabled"]  # A, B, H
    assert versioning.severity == "high"
    assert [(c.passed, c.failed) for c in versioning.per_run] == [
        (2, 1),
        (1, 2),
        (3, 0),
        (2, 1),
        (2, 1),
        (1, 2),
    ]
    assert versioning.per_run[2].pass_rate == 1.0
    assert _days(versioning.time_to_fix_median) == 1
    assert _days(versioning.time_to_fix_p90) == 2
    assert versioning.regressions == 3
    root = checks["aws.iam.root_user_has_hardware_mfa"]
    assert [c.pass_rate for c in root.per_run] == [0.0] * 6
    assert root.fixes == 0 and root.time_to_fix_median is None
    tagged = checks["aws.s3.bucket_tagged"]  # I, error in r4: judged nothing there
    assert tagged.per_run[4].pass_rate is None
    assert result.by_check[0].key == "aws.iam.root_user_has_hardware_mfa"
    severities = {g.key: g for g in result.by_severity}
    assert list(severities) == ["critical", "high", "medium", "low", "info"]
    medium = severities["medium"]  # D and F
    assert [c.failed for c in medium.per_run] == [1, 0, 2, 1, 0, 1]
    assert medium.fixes == 2 and _days(medium.time_to_fix_median) == 2.5
    assert medium.regressions == 1


def test_a_window_reads_what_came_before(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    result = effectiveness(engine, s.repo_key, last=3)
    assert [r.id for r in result.runs] == list(s.repo_runs[3:])
    overall = result.overall
    # fixes in r3..r5: E, F, G at r3 (open since r0), D at r4 (since r2), H at r4 (since r3)
    assert sorted(x / 86400 for x in overall.fix_seconds) == [1, 2, 3, 3, 3]
    assert _days(overall.time_to_fix_median) == 3
    # A (fixed at r2, before the window) failing again at r4 is a regression
    assert sorted(overall.regressed) == sorted([fp("A"), fp("F"), fp("H"), fp("H")])
    since = effectiveness(engine, s.repo_key, since=START + 3 * DAY, last=None)
    assert since.as_dict() == result.as_dict()


def test_effectiveness_of_an_empty_period(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    with pytest.raises(StoreError, match="no stored run in that period"):
        effectiveness(engine, s.repo_key, since=START + 30 * DAY)


def test_effectiveness_as_json(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    data = effectiveness(engine, s.repo_key, last=2).as_dict()
    assert data["scope_key"] == s.repo_key
    assert [r["id"] for r in data["runs"]] == list(s.repo_runs[4:])
    assert data["overall"]["runs"][1] == {
        "run_id": s.repo_runs[5],
        "started": (START + 5 * DAY).isoformat(),
        "passed": 4,
        "open": 4,
        "pass_rate": 0.5,
    }
    assert data["overall"]["regressed"] == sorted({fp("A"), fp("F"), fp("H")})


# -- windows agree with the whole history ------------------------------------------------

_CODES = "FFFPPPP--USEx"
_STATE_OF_CODE = {
    "F": State.FAILING,
    "P": State.PASSED,
    "-": State.ABSENT,
    "U": State.UNKNOWN,
    "E": State.ERROR,
    "S": State.SUPPRESSED,
    "x": State.UNASSESSED,
}


def _expected(table: dict[str, str], first: int) -> tuple[list[float], list[str]]:
    """Fixes (seconds) and reopenings inside runs ``first``.. from the whole sequences.

    Only fingerprints reported in the window or in the run before it count (the rule the
    module documents).
    """
    fixes: list[float] = []
    reopened: list[str] = []
    for name, codes in table.items():
        seen = codes[max(first - 1, 0) :]
        if all(c in "-x" for c in seen):
            continue
        for event in events([_STATE_OF_CODE[c] for c in codes]):
            if event.index < first:
                continue
            if event.kind is EventKind.FIXED:
                assert event.open_index is not None
                fixes.append((event.index - event.open_index) * 86400.0)
            elif event.kind is EventKind.REOPENED:
                reopened.append(fp(name))
    return sorted(fixes), sorted(reopened)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_windows_agree_with_the_whole_history(store_url: str, seed: int) -> None:
    rng = random.Random(seed)
    runs = 14
    table = {f"r{seed}-{i}": "".join(rng.choice(_CODES) for _ in range(runs)) for i in range(25)}
    key = hashlib.sha256(f"random {seed}".encode()).hexdigest()
    engine = open_store(store_url)
    try:
        write_scope(engine, "random", key, table, timedelta(0))
        for last in (1, 2, 5, 9, runs):
            result = effectiveness(engine, key, last=last).overall
            fixes, reopened = _expected(table, runs - last)
            assert list(result.fix_seconds) == fixes, (last, table)
            assert sorted(result.regressed) == reopened, (last, table)
    finally:
        engine.dispose()
