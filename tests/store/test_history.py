"""Runs, scopes, the posture trend, diffs and timelines on the known history of
``history_scenario`` (six runs of one scope, three of another), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from history_scenario import DAY, START, Scenario, fp, write_scenario
from sqlalchemy import Engine

from secfound.errors import StoreError
from secfound.store.changes import diff, resolve_fingerprint, timeline
from secfound.store.database import open_store
from secfound.store.history import (
    last_two_runs,
    list_runs,
    list_scopes,
    posture_points,
    previous_run,
    resolve_run,
    resolve_scope,
    scope_runs,
)
from secfound.store.states import EventKind, State


@pytest.fixture
def store(store_url: str) -> Iterator[tuple[Engine, Scenario]]:
    engine = open_store(store_url)
    try:
        yield engine, write_scenario(engine)
    finally:
        engine.dispose()


def _letters(changes: tuple[object, ...]) -> set[str]:
    by_fp = {fp(letter): letter for letter in "ABCDEFGHIZ"}
    return {by_fp[c.finding.fingerprint] for c in changes}  # type: ignore[attr-defined]


def test_runs_are_listed_newest_first_and_filtered_by_scope(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    everything = list_runs(engine, limit=None)
    assert [r.id for r in everything[:3]] == [s.repo_runs[5], s.repo_runs[4], s.repo_runs[3]]
    assert len(everything) == 9
    assert [r.id for r in list_runs(engine, scope_key=s.other_key)] == list(reversed(s.other_runs))
    assert len(list_runs(engine, limit=4)) == 4
    first = everything[-1]
    assert first.id == s.repo_runs[0]
    assert first.started == START  # timezone-aware, UTC, on both databases
    assert first.scope == ("/work/repo",)


def test_scopes_and_their_resolution(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    scopes = list_scopes(engine)
    assert [(x.key, x.runs) for x in scopes] == [(s.repo_key, 6), (s.other_key, 3)]
    assert resolve_scope(engine, None).key == s.repo_key  # the latest run's scope
    assert resolve_scope(engine, s.other_key[:8]).key == s.other_key
    assert resolve_scope(engine, "/work/other").key == s.other_key
    with pytest.raises(StoreError, match="no stored scope matches 'nowhere'"):
        resolve_scope(engine, "nowhere")


def test_run_ids_resolve_by_unique_prefix(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    assert resolve_run(engine, s.repo_runs[3][:8]).id == s.repo_runs[3]
    assert resolve_run(engine, s.repo_runs[3].upper()).id == s.repo_runs[3]
    with pytest.raises(StoreError, match="ambiguous"):
        resolve_run(engine, "a")
    with pytest.raises(StoreError, match="no stored run has an id starting with 'c'"):
        resolve_run(engine, "c")
    with pytest.raises(StoreError, match="not a run id"):
        resolve_run(engine, "x%")


def test_an_empty_store_says_so(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        with pytest.raises(StoreError, match="no runs are stored yet"):
            resolve_scope(engine, None)
        with pytest.raises(StoreError, match="no runs are stored yet"):
            resolve_run(engine, "abc")
    finally:
        engine.dispose()


def test_posture_points_come_from_the_run_counts(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    points = posture_points(engine, s.repo_key)
    assert [p.run_id for p in points] == list(s.repo_runs)
    assert [p.passed for p in points] == [3, 2, 4, 6, 5, 4]
    assert [p.failed for p in points] == [5, 4, 4, 3, 2, 4]
    assert dict(points[0].failed_by_severity) == {
        "critical": 1,
        "high": 1,
        "medium": 1,
        "low": 2,
        "info": 0,
    }
    assert [p.suppressed for p in points] == [0, 1, 0, 0, 0, 0]
    assert [p.unknown for p in points] == [0, 1, 0, 0, 0, 0]
    assert [p.errored for p in points] == [0, 0, 0, 0, 1, 0]
    assert [p.run_id for p in posture_points(engine, s.repo_key, limit=2)] == list(s.repo_runs[4:])


def test_neighbouring_runs(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    older, newer = last_two_runs(engine, s.repo_key)
    assert (older.id, newer.id) == s.repo_runs[4:]
    run3 = resolve_run(engine, s.repo_runs[3])
    before = previous_run(engine, run3)
    assert before is not None and before.id == s.repo_runs[2]
    assert previous_run(engine, resolve_run(engine, s.repo_runs[0])) is None
    window = scope_runs(engine, s.repo_key, since=START + 2 * DAY, last=2)
    assert [r.id for r in window] == list(s.repo_runs[4:])
    assert [r.id for r in scope_runs(engine, s.repo_key, since=START + 4 * DAY)] == list(
        s.repo_runs[4:]
    )


@pytest.mark.parametrize(
    ("older", "newer", "expected"),
    [
        (
            4,
            5,
            {"new": "FH", "still_failing": "AC", "unknown_gone": "I"},
        ),
        (
            3,
            4,
            {"new": "A", "fixed": "DH", "still_failing": "C", "unknown_new": "I"},
        ),
        (
            1,
            2,
            {
                "new": "DEF",
                "fixed": "AH",
                "still_failing": "C",
                "not_judged": "G",
                "unknown_gone": "E",
            },
        ),
        (
            0,
            1,
            {
                "new": "H",
                "still_failing": "ACG",
                "suppressed": "F",
                "not_judged": "E",
                "unknown_new": "E",
            },
        ),
        (
            0,
            5,
            {"new": "H", "fixed": "EG", "still_failing": "ACF"},
        ),
    ],
)
def test_diff_sorts_every_fingerprint(
    store: tuple[Engine, Scenario], older: int, newer: int, expected: dict[str, str]
) -> None:
    engine, s = store
    result = diff(
        engine, resolve_run(engine, s.repo_runs[older]), resolve_run(engine, s.repo_runs[newer])
    )
    assert result.same_scope
    sections = ("new", "fixed", "still_failing", "suppressed", "not_judged")
    sections += ("unknown_new", "unknown_gone")
    got = {name: _letters(getattr(result, name)) for name in sections}
    assert got == {name: set(expected.get(name, "")) for name in sections}


def test_diff_entries_carry_states_and_sort_by_severity(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    result = diff(engine, resolve_run(engine, s.repo_runs[1]), resolve_run(engine, s.repo_runs[2]))
    assert [c.finding.severity for c in result.new] == ["medium", "medium", "low"]
    fixed = {c.finding.fingerprint: (c.before, c.after) for c in result.fixed}
    assert fixed == {
        fp("A"): (State.FAILING, State.PASSED),
        fp("H"): (State.FAILING, State.PASSED),
    }
    (g,) = result.not_judged
    assert (g.before, g.after) == (State.FAILING, State.UNASSESSED)
    assert g.finding.location == "infra/g.tf:3"
    assert result.counts()["new"] == 3


def test_diff_of_runs_of_different_scopes_is_allowed(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    result = diff(engine, resolve_run(engine, s.other_runs[2]), resolve_run(engine, s.repo_runs[5]))
    assert not result.same_scope
    assert _letters(result.still_failing) == {"A"}
    assert _letters(result.new) == {"C", "F", "H"}


def test_timeline_of_a_reopened_finding(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    line = timeline(engine, fp("A"))
    assert line.scope_key == s.repo_key  # the scope of the latest run that reported it
    assert [p.state for p in line.points] == [
        State.FAILING,
        State.FAILING,
        State.PASSED,
        State.PASSED,
        State.FAILING,
        State.FAILING,
    ]
    assert [p.event for p in line.points] == [
        EventKind.OPENED,
        None,
        EventKind.FIXED,
        None,
        EventKind.REOPENED,
        None,
    ]
    assert line.first_seen is not None and line.first_seen.run_id == s.repo_runs[0]
    assert line.last_seen is not None and line.last_seen.run_id == s.repo_runs[5]
    assert [m.run_id for m in line.fixes] == [s.repo_runs[2]]
    assert [m.run_id for m in line.reopenings] == [s.repo_runs[4]]
    assert line.reopen_count == 1
    assert line.open_now
    assert line.fixed_at is None


def test_timeline_of_a_finding_that_disappeared(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    line = timeline(engine, fp("D"), s.repo_key)
    assert [p.state.value for p in line.points] == [
        "absent",
        "absent",
        "failing",
        "failing",
        "absent",
        "absent",
    ]
    assert line.first_seen is not None and line.first_seen.run_id == s.repo_runs[2]
    assert line.last_seen is not None and line.last_seen.run_id == s.repo_runs[3]
    assert line.fixed_at is not None and line.fixed_at.run_id == s.repo_runs[4]
    assert line.fixed_at.started - line.first_seen.started == 2 * DAY
    assert not line.open_now
    assert line.reopen_count == 0


def test_timeline_holds_through_unknown_suppressed_and_unreadable(
    store: tuple[Engine, Scenario],
) -> None:
    engine, s = store
    for letter in "EFG":
        line = timeline(engine, fp(letter), s.repo_key)
        assert [m.run_id for m in line.fixes] == [s.repo_runs[3]], letter
    assert timeline(engine, fp("G")).points[2].state is State.UNASSESSED
    flaky = timeline(engine, fp("H"))
    assert [m.run_id for m in flaky.fixes] == [s.repo_runs[2], s.repo_runs[4]]
    assert [m.run_id for m in flaky.reopenings] == [s.repo_runs[3], s.repo_runs[5]]
    assert flaky.reopen_count == 2


def test_timeline_in_another_scope(store: tuple[Engine, Scenario]) -> None:
    engine, s = store
    line = timeline(engine, fp("A"), s.other_key)
    assert [p.run_id for p in line.points] == list(s.other_runs)
    assert line.points[0].started == START + timedelta(hours=12)
    assert {p.state for p in line.points} == {State.FAILING}
    with pytest.raises(StoreError, match="never reported in scope"):
        timeline(engine, fp("C"), s.other_key)


def test_fingerprints_resolve_by_prefix(store: tuple[Engine, Scenario]) -> None:
    engine, _ = store
    assert resolve_fingerprint(engine, fp("C")[:10]) == fp("C")
    assert resolve_fingerprint(engine, fp("C").upper()) == fp("C")
    with pytest.raises(StoreError, match="no stored finding has a fingerprint starting with"):
        resolve_fingerprint(engine, "0000000000")
    with pytest.raises(StoreError, match="not a fingerprint"):
        resolve_fingerprint(engine, "xyz")
    with pytest.raises(StoreError, match="no stored finding has the fingerprint"):
        timeline(engine, "f" * 32)
