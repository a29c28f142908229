"""A finding's state in one run, and the one state machine that turns states into events.

``diff``, ``timeline`` and ``effectiveness`` all read the findings of a scope's runs as a
sequence of states per fingerprint. Keeping the classification and the opened / fixed /
reopened rules here means the three commands cannot disagree on what "fixed" means.

The rules (docs/history.md says the same for users):

* **failing** is ``status = failed`` and not suppressed; it is the only *open* state.
* **passed**, and **absent** (the run did not report the finding at all: the resource
  or its file is gone, or the check no longer applies), *clear* a finding.
* **unknown**, **error**, **suppressed** and **unassessed** (absent from a run that
  reported an input error on the finding's file, or a coverage gap in its account and
  region) are *held*: they neither open nor clear it. Unknown is not a pass, a
  suppression is a decision rather than a fix, and a file that could not be read says
  nothing about the resources in it.
* A finding is **opened** by its first failing state, **fixed** by the first clearing
  state after a failing one, and **reopened** by a failing state after it was fixed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


class State(enum.StrEnum):
    """What one run said about one fingerprint."""

    FAILING = "failing"
    PASSED = "passed"
    ABSENT = "absent"
    UNKNOWN = "unknown"
    ERROR = "error"
    SUPPRESSED = "suppressed"
    UNASSESSED = "unassessed"


CLEARING = frozenset({State.PASSED, State.ABSENT})
HELD = frozenset({State.UNKNOWN, State.ERROR, State.SUPPRESSED, State.UNASSESSED})
NOT_JUDGED = frozenset({State.UNKNOWN, State.ERROR, State.UNASSESSED})


def state_of(status: str, suppressed_by: str | None) -> State:
    """The state of a stored finding row (``findings.status``, ``findings.suppressed_by``)."""
    if status == "failed":
        return State.FAILING if suppressed_by is None else State.SUPPRESSED
    if status == "passed":
        return State.PASSED
    if status == "error":
        return State.ERROR
    return State.UNKNOWN


@dataclass(frozen=True, kw_only=True)
class Coverage:
    """What a run said it could not look at: absent findings there are *unassessed*.

    ``paths`` are the files of the run's input errors; ``places`` the (account, region)
    pairs of its coverage gaps.
    """

    paths: frozenset[str] = frozenset()
    places: frozenset[tuple[str, str]] = frozenset()

    def absent_state(self, path: str | None, account: str | None, region: str | None) -> State:
        """ABSENT, or UNASSESSED when the run could not read the finding's file or place."""
        if path is not None and path in self.paths:
            return State.UNASSESSED
        if account is not None and region is not None and (account, region) in self.places:
            return State.UNASSESSED
        return State.ABSENT


class EventKind(enum.StrEnum):
    OPENED = "opened"
    FIXED = "fixed"
    REOPENED = "reopened"


@dataclass(frozen=True, kw_only=True)
class Event:
    """A change of a finding at run ``index`` of the sequence it was computed from.

    ``open_index`` is, for a fix, the index of the run that opened (or reopened) the
    streak it ends; -1 when that run lies before the sequence (see ``Prior``).
    """

    kind: EventKind
    index: int
    open_index: int | None = None


@dataclass(frozen=True, kw_only=True)
class Prior:
    """What happened before a sequence starts, when it does not start at the first run.

    ``failing``: the last judging state before the sequence was failing (None: there was
    none); ``open_since``: when that failing streak began; ``ever_failed``: whether the
    finding failed at any time before the sequence (a later failure is then a reopening).
    """

    failing: bool | None = None
    open_since: datetime | None = None
    ever_failed: bool = False


def events(states: Sequence[State], prior: Prior | None = None) -> list[Event]:
    """The opened / fixed / reopened events of one fingerprint's states, oldest first."""
    prior = prior or Prior()
    failing = prior.failing
    ever_failed = prior.ever_failed or bool(prior.failing)
    open_index: int | None = -1 if prior.failing else None
    found: list[Event] = []
    for index, state in enumerate(states):
        if state is State.FAILING:
            if not failing:
                kind = EventKind.REOPENED if ever_failed else EventKind.OPENED
                found.append(Event(kind=kind, index=index))
                open_index = index
            failing = True
            ever_failed = True
        elif state in CLEARING:
            if failing:
                found.append(Event(kind=EventKind.FIXED, index=index, open_index=open_index))
                open_index = None
            failing = False
    return found


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for ``DateTime(timezone=True)``; they are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def p90(values: Iterable[float]) -> float | None:
    """The 90th percentile by nearest rank: the smallest value that 90% are at or below.

    Nearest rank returns a value that was observed (a real time to fix), never an
    interpolation between two fixes.
    """
    ordered = sorted(values)
    if not ordered:
        return None
    rank = -(-9 * len(ordered) // 10)  # ceil(0.9 n) without floats
    return ordered[rank - 1]
