"""``secfound history``, ``diff``, ``timeline`` and ``effectiveness``: reading stored runs.

Every stored run is evidence; these commands answer the questions asked of it: which runs
are there (``history``), what changed between two runs (``diff``, by default the last
two runs of the latest scope), what happened to one finding (``timeline``), and how well
each check holds over time (``effectiveness``). Each prints a table, or ``--format json``.

Only click is imported here at start-up, so registering these commands costs a ``scan``
nothing; the store (SQLAlchemy) is imported inside the commands. Errors (an empty store,
an unknown run id) are ``StoreError`` lines on stderr with exit code 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import click

from secfound.cli.store_options import open_for_reading

if TYPE_CHECKING:
    from rich.table import Table

    from secfound.controls.catalog import Catalog
    from secfound.store.changes import Change, RunDiff, Timeline
    from secfound.store.effectiveness import Effectiveness, GroupEffectiveness
    from secfound.store.history import RunInfo

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = (
    "Read runs from this database (SQLAlchemy URL; also SECFOUND_DB or db: in "
    ".secfound.yaml; default: runs.db in the user data directory)."
)
_SPARK = "▁▂▃▄▅▆▇█"


def history_options(function: F) -> F:
    """``--db``, ``--scope`` and ``--format``: shared by the four commands."""
    decorators = [
        click.option("--db", "db", metavar="URL", default=None, help=DB_HELP),
        click.option(
            "--scope",
            "scope",
            metavar="SCOPE",
            default=None,
            help="A scope key (or a prefix of one), or a scanned root or account/region in "
            "it; default: the scope of the latest run. 'secfound history --scopes' lists them.",
        ),
        click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table"),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _guarded(function: Callable[..., None], *args: Any) -> None:
    """Run ``function`` with secfound's one-line errors (imported late: main imports us)."""
    from secfound.cli.errors import handles_errors

    handles_errors(function)(*args)


def _warn(message: str) -> None:
    click.echo(f"secfound: warning: {message}", err=True)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2))


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _table(*columns: str) -> Table:
    from rich.table import Table

    table = Table(header_style="bold")
    for column in columns:
        justify = "right" if column in _NUMERIC else "left"
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    return table


_NUMERIC = frozenset(
    {"Passed", "Failed", "Unknown", "Errors", "Suppressed", "Runs", "Open", "Fixes", "Reg."}
)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _short(run_id: str) -> str:
    return run_id[:8]


def _duration(delta: timedelta | None) -> str:
    if delta is None:
        return "-"
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m" if minutes else "<1m"


def _spark(values: Sequence[float | None], top: float | None = None) -> str:
    """A sparkline of ``values`` (blank where None), scaled to ``top`` or their maximum."""
    known = [v for v in values if v is not None]
    ceiling = top if top is not None else max(known, default=0.0)
    if not known or ceiling <= 0:
        return "".join(" " if v is None else _SPARK[0] for v in values)
    last = len(_SPARK) - 1
    return "".join(
        " " if v is None else _SPARK[min(last, round(v / ceiling * last))] for v in values
    )


# --------------------------------------------------------------------------- history


def show_history(db: str | None, scope: str | None, fmt: str, limit: int, scopes: bool) -> None:
    from secfound.store.history import list_runs, list_scopes, require_runs, resolve_scope

    engine = open_for_reading(db)
    try:
        require_runs(engine)
        if scopes:
            found = list_scopes(engine)
            if fmt == "json":
                _echo_json(
                    {
                        "scopes": [
                            {
                                "key": s.key,
                                "scope": list(s.scope),
                                "runs": s.runs,
                                "last_started": s.last_started.isoformat(),
                            }
                            for s in found
                        ]
                    }
                )
                return
            table = _table("Scope key", "Runs", "Last run", "Scope")
            for s in found:
                table.add_row(s.key[:12], str(s.runs), _when(s.last_started), s.label)
            _console().print(table)
            return
        key = resolve_scope(engine, scope).key if scope is not None else None
        runs = list_runs(engine, scope_key=key, limit=limit)
    finally:
        engine.dispose()
    if fmt == "json":
        _echo_json({"runs": [run.as_dict() for run in runs]})
        return
    _print_runs(runs)


def _print_runs(runs: Sequence[RunInfo]) -> None:
    table = _table(
        "Run",
        "Started (UTC)",
        "Command",
        "Scope",
        "Passed",
        "Failed",
        "crit/high/med/low/info",
        "Unknown",
        "Errors",
        "Suppressed",
    )
    for run in runs:
        by = run.failed_by_severity
        table.add_row(
            _short(run.id),
            _when(run.started),
            run.command,
            f"{run.scope_key[:8]} {run.scope_label}",
            str(run.passed),
            str(run.failed),
            "/".join(str(by.get(s, 0)) for s in ("critical", "high", "medium", "low", "info")),
            str(run.unknown),
            str(run.errored),
            str(run.suppressed),
        )
    console = _console()
    console.print(table)
    console.print(f"{len(runs)} run(s), newest first; 'secfound diff' compares the last two")


# ------------------------------------------------------------------------------ diff


def show_diff(
    db: str | None,
    scope: str | None,
    fmt: str,
    run_a: str | None,
    run_b: str | None,
    show_all: bool,
) -> None:
    from secfound.errors import StoreError
    from secfound.store.changes import diff
    from secfound.store.history import last_two_runs, previous_run, resolve_run, resolve_scope

    engine = open_for_reading(db)
    try:
        if run_a is None:
            older, newer = last_two_runs(engine, resolve_scope(engine, scope).key)
        elif run_b is None:
            newer = resolve_run(engine, run_a)
            found = previous_run(engine, newer)
            if found is None:
                raise StoreError(
                    f"run {_short(newer.id)} is the first of its scope: nothing to compare with"
                )
            older = found
        else:
            older, newer = resolve_run(engine, run_a), resolve_run(engine, run_b)
            if older.scope_key != newer.scope_key:
                _warn(
                    f"runs {_short(older.id)} and {_short(newer.id)} are of different scopes "
                    f"({older.scope_label} / {newer.scope_label}): findings outside the "
                    "other's scope show as new or fixed"
                )
            if older.started > newer.started:
                _warn(f"run {_short(older.id)} is newer than {_short(newer.id)}; compared as given")
        result = diff(engine, older, newer)
    finally:
        engine.dispose()
    if fmt == "json":
        _echo_json(_diff_json(result))
        return
    _print_diff(result, show_all=show_all)


def _diff_json(result: RunDiff) -> dict[str, Any]:
    from secfound.store.changes import DIFF_SECTIONS

    data: dict[str, Any] = {
        "run_a": result.run_a.as_dict(),
        "run_b": result.run_b.as_dict(),
        "same_scope": result.same_scope,
        "counts": result.counts(),
    }
    for name in DIFF_SECTIONS:
        data[name] = [change.as_dict() for change in getattr(result, name)]
    return data


_DIFF_TITLES = {
    "new": "New: failing now, not failing before",
    "fixed": "Fixed: failing before; passing now, or gone",
    "suppressed": "Suppressed since: failing before, suppressed now",
    "not_judged": "Not judged now: failing before; unknown, error or unreadable now",
    "still_failing": "Still failing",
    "unknown_new": "Became unknown or error",
    "unknown_gone": "No longer unknown or error",
}


def _print_diff(result: RunDiff, *, show_all: bool) -> None:
    console = _console()
    a, b = result.run_a, result.run_b
    console.print(f"A  {_short(a.id)}  {_when(a.started)}  {a.scope_label}")
    console.print(f"B  {_short(b.id)}  {_when(b.started)}  {b.scope_label}")
    counts = result.counts()
    console.print(
        f"{counts['new']} new, {counts['fixed']} fixed, {counts['still_failing']} still "
        f"failing, {counts['suppressed']} suppressed, {counts['not_judged']} not judged; "
        f"{counts['unknown_new']} became unknown, {counts['unknown_gone']} no longer unknown"
    )
    sections = ["new", "fixed", "suppressed", "not_judged", "unknown_new", "unknown_gone"]
    if show_all:
        sections.append("still_failing")
    shown: set[str] = set()
    for name in sections:
        # The unknown sections repeat what new, fixed or not judged already listed.
        all_changes: tuple[Change, ...] = getattr(result, name)
        changes = [c for c in all_changes if c.finding.fingerprint not in shown]
        shown.update(c.finding.fingerprint for c in changes)
        if not changes:
            continue
        table = _table("Severity", "Check", "Resource", "Location", "A → B", "Fingerprint")
        for change in changes:
            f = change.finding
            table.add_row(
                f.severity,
                f.check_id,
                f.resource_address,
                f.location,
                f"{change.before.value} → {change.after.value}",
                f.fingerprint[:12],
            )
        console.print()
        console.print(f"[bold]{_DIFF_TITLES[name]}[/bold] ({len(changes)})")
        console.print(table)
    if not show_all and counts["still_failing"]:
        console.print(f"\n{counts['still_failing']} still failing (--all lists them)")


# -------------------------------------------------------------------------- timeline


def show_timeline(db: str | None, scope: str | None, fmt: str, fingerprint: str) -> None:
    from secfound.store.changes import resolve_fingerprint, timeline
    from secfound.store.history import require_runs, resolve_scope

    engine = open_for_reading(db)
    try:
        require_runs(engine)
        key = resolve_scope(engine, scope).key if scope is not None else None
        result = timeline(engine, resolve_fingerprint(engine, fingerprint), key)
    finally:
        engine.dispose()
    if fmt == "json":
        _echo_json(_timeline_json(result))
        return
    _print_timeline(result)


def _timeline_json(result: Timeline) -> dict[str, Any]:
    def moment(m: Any) -> Any:
        return m.as_dict() if m is not None else None

    return {
        "finding": result.finding.as_dict(),
        "scope_key": result.scope_key,
        "first_seen": moment(result.first_seen),
        "last_seen": moment(result.last_seen),
        "first_failed": moment(result.first_failed),
        "fixed_at": moment(result.fixed_at),
        "fixes": [m.as_dict() for m in result.fixes],
        "reopenings": [m.as_dict() for m in result.reopenings],
        "reopen_count": result.reopen_count,
        "open_now": result.open_now,
        "runs": [point.as_dict() for point in result.points],
    }


def _print_timeline(result: Timeline) -> None:
    console = _console()
    f = result.finding
    console.print(f"[bold]{f.check_id}[/bold] on {f.resource_address} ({f.location})")
    console.print(f"fingerprint {f.fingerprint}, scope {result.scope_key[:12]}")

    def at(m: Any) -> str:
        return f"{_when(m.started)} ({_short(m.run_id)})" if m is not None else "-"

    console.print(f"first seen   {at(result.first_seen)}")
    console.print(f"last seen    {at(result.last_seen)}")
    console.print(f"first failed {at(result.first_failed)}")
    console.print(f"fixed at     {at(result.fixed_at)}")
    console.print(f"reopened     {result.reopen_count} time(s)")
    console.print(f"open now     {'yes' if result.open_now else 'no'}")
    # One row per stretch of runs in the same state: a thousand runs stay readable.
    table = _table("From", "To", "Runs", "State", "Event")
    points = result.points
    start = 0
    for index in range(1, len(points) + 1):
        if index < len(points) and points[index].state is points[start].state:
            continue
        first, last = points[start], points[index - 1]
        event = first.event.value if first.event is not None else ""
        table.add_row(
            f"{_when(first.started)} {_short(first.run_id)}",
            f"{_when(last.started)} {_short(last.run_id)}",
            str(index - start),
            first.state.value,
            event,
        )
        start = index
    console.print(table)


# --------------------------------------------------------------------- effectiveness


def show_effectiveness(
    db: str | None,
    scope: str | None,
    fmt: str,
    since: datetime | None,
    last: int | None,
    objective_catalog: Catalog | None = None,
) -> None:
    from secfound.store.effectiveness import DEFAULT_LAST, effectiveness
    from secfound.store.history import resolve_scope

    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    if since is None and last is None:
        last = DEFAULT_LAST
    engine = open_for_reading(db)
    try:
        key = resolve_scope(engine, scope).key
        result = effectiveness(engine, key, since=since, last=last)
    finally:
        engine.dispose()
    if objective_catalog is not None:
        _show_by_objective(result, fmt, objective_catalog)
        return
    if fmt == "json":
        _echo_json(result.as_dict())
        return
    _print_effectiveness(result)


def _show_by_objective(result: Effectiveness, fmt: str, catalog: Catalog) -> None:
    """``controls effectiveness``: the same trends, one row per control objective."""
    from secfound.controls.effectiveness import objective_effectiveness

    objectives = catalog.objectives
    ordered = {key: catalog.serving.get(key, ()) for key in objectives}
    groups = objective_effectiveness(result, ordered)
    if fmt == "json":
        _echo_json(
            {
                "scope_key": result.scope_key,
                "runs": [{"id": r.id, "started": r.started.isoformat()} for r in result.runs],
                "overall": result.overall.as_dict(),
                "by_objective": [
                    {**group.as_dict(), "title": objectives[group.key].title} for group in groups
                ],
            }
        )
        return
    console = _console()
    runs = result.runs
    console.print(
        f"scope {result.scope_key[:12]}: {len(runs)} run(s) from {_when(runs[0].started)} "
        f"to {_when(runs[-1].started)} (oldest to newest in the trends)"
    )
    table = _effectiveness_table("Objective")
    _effectiveness_row(table, "all checks", result.overall)
    for group in groups:
        _effectiveness_row(table, group.key, group)
    console.print(table)
    judged = {group.key for group in groups}
    unjudged = [key for key in objectives if key not in judged]
    if unjudged:
        console.print(f"not judged in these runs: {', '.join(unjudged)}")
    console.print(
        "an objective's trend sums the findings of the checks that serve it; "
        "'secfound effectiveness' shows them per check"
    )


def _print_effectiveness(result: Effectiveness) -> None:
    console = _console()
    runs = result.runs
    console.print(
        f"scope {result.scope_key[:12]}: {len(runs)} run(s) from {_when(runs[0].started)} "
        f"to {_when(runs[-1].started)} (oldest to newest in the trends)"
    )
    severity = _effectiveness_table("Severity")
    for group in (result.overall, *result.by_severity):
        _effectiveness_row(severity, group.key, group)
    console.print(severity)
    checks = _effectiveness_table("Check", "Severity")
    for group in result.by_check:
        _effectiveness_row(checks, group.key, group, group.severity or "")
    console.print(checks)
    console.print(
        "pass rate: passed / (passed + failing) in a run; open: failing, unsuppressed; "
        "time to fix: from the run that opened a failure to the run that fixed it; "
        "reg.: failing again after a fix"
    )


def _effectiveness_table(*first: str) -> Table:
    return _table(
        *first,
        "Pass rate",
        "Pass-rate trend",
        "Open",
        "Open trend",
        "Fixes",
        "Fix median",
        "Fix p90",
        "Reg.",
    )


def _effectiveness_row(table: Table, key: str, group: GroupEffectiveness, *extra: str) -> None:
    rates = [counts.pass_rate for counts in group.per_run]
    opened = [float(counts.failed) for counts in group.per_run]
    latest = rates[-1] if rates else None
    table.add_row(
        key,
        *extra,
        f"{latest:.0%}" if latest is not None else "-",
        _spark(rates, top=1.0),
        str(group.per_run[-1].failed) if group.per_run else "-",
        _spark(opened),
        str(group.fixes),
        _duration(group.time_to_fix_median),
        _duration(group.time_to_fix_p90),
        str(group.regressions),
    )


# -------------------------------------------------------------------------- commands


@click.command("history")
@history_options
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Runs shown."
)
@click.option("--scopes", is_flag=True, help="List the scopes instead: what was scanned.")
def history(db: str | None, scope: str | None, fmt: str, limit: int, scopes: bool) -> None:
    """Stored runs, newest first: when, what, and their counts."""
    _guarded(show_history, db, scope, fmt, limit, scopes)


@click.command("diff")
@click.argument("run_a", required=False)
@click.argument("run_b", required=False)
@history_options
@click.option("--all", "show_all", is_flag=True, help="List the still failing findings too.")
def diff(
    run_a: str | None,
    run_b: str | None,
    db: str | None,
    scope: str | None,
    fmt: str,
    show_all: bool,
) -> None:
    """What changed between two runs: new, fixed and still failing findings.

    With no run, the last two runs of the scope (--scope, default: the latest run's). With
    one, that run against the run before it in its scope. Runs are named by id or a
    unique prefix of it. Runs of different scopes compare, with a warning.
    """
    _guarded(show_diff, db, scope, fmt, run_a, run_b, show_all)


@click.command("timeline")
@click.argument("fingerprint")
@history_options
def timeline(fingerprint: str, db: str | None, scope: str | None, fmt: str) -> None:
    """One finding through the runs of its scope: first seen, fixed, reopened.

    FINGERPRINT is a finding's fingerprint (JSON and SARIF outputs carry it), or a unique
    prefix of at least four digits. The scope defaults to that of the latest run that
    reported the finding.
    """
    _guarded(show_timeline, db, scope, fmt, fingerprint)


@click.command("effectiveness")
@history_options
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    default=None,
    help="Only runs started from this date (UTC).",
)
@click.option(
    "--last",
    type=click.IntRange(min=1),
    default=None,
    help="Only the last N runs (default: 30, or every run since --since).",
)
def effectiveness(
    db: str | None, scope: str | None, fmt: str, since: datetime | None, last: int | None
) -> None:
    """How well each check holds over a scope's runs: pass rate, open findings, time to
    fix (median, p90) and regressions, per severity and per check."""
    _guarded(show_effectiveness, db, scope, fmt, since, last)
