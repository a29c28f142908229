"""``secfound controls``: objectives and framework requirements judged from stored runs.

* ``controls status [--framework ID]``: every objective (and every requirement of the
  framework) as passing, failing, unknown, manual, not applicable or not covered, with
  counts and the failing resources; table or JSON.
* ``controls attest OBJECTIVE --by NAME --evidence URL --expires DATE``: record that an
  objective's manual controls hold; an expired attestation fails the objective.
* ``controls attestations``: the audit trail of attestations.

Only click is imported at start-up; the store and the catalog load inside the commands.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secfound.cli.errors import handles_errors
from secfound.cli.history import history_options, show_effectiveness
from secfound.cli.store_options import open_for_reading

if TYPE_CHECKING:
    from secfound.checks.registry import Registry
    from secfound.controls.catalog import Catalog
    from secfound.controls.status import ControlsStatus, ObjectiveStatus, RequirementStatus

DB_HELP = (
    "The run store (SQLAlchemy URL; also SECFOUND_DB or db: in .secfound.yaml; default: "
    "runs.db in the user data directory)."
)
_SHOWN = 10  # failing resources listed per item in the table form
# Colours of the control states, for every command that prints them.
STATE_STYLE = {
    "passing": "green",
    "failing": "bold red",
    "unknown": "yellow",
    "manual": "cyan",
    "not applicable": "dim",
    "not covered": "dim",
}


@click.group()
def controls() -> None:
    """Control objectives and frameworks, judged from stored runs."""


def catalog_option(function: Any) -> Any:
    """``--catalog DIR`` (repeatable): objectives and framework files of the user's own."""
    return click.option(
        "--catalog",
        "catalog_dirs",
        multiple=True,
        metavar="DIR",
        type=click.Path(path_type=Path),
        help="A directory with objectives.yaml and/or frameworks/*.yaml of your own, added to "
        "the packaged catalog (repeatable; also catalog: in .secfound.yaml).",
    )(function)


def user_registry() -> Registry:
    """The built-in checks and those of the config file's check folders (``checks_dirs``):
    a user's own checks serve the objectives they name, as in a scan."""
    from secfound.checks.registry import builtin_registry, discover_directory
    from secfound.cli.store_options import config_here

    registry = builtin_registry()
    config = config_here()
    for folder in getattr(config, "checks_dirs", ()) if config is not None else ():
        registry = registry.merge(discover_directory(folder.path, namespace=folder.namespace))
    return registry


def load_user_catalog(catalog_dirs: Sequence[Path], registry: Registry | None = None) -> Catalog:
    """The packaged catalog, the user's catalog directory if it exists (where
    ``recommendations import`` puts framework files), then ``--catalog`` directories, else
    those of the config file; checks from ``registry`` (default: ``user_registry()``)."""
    from secfound.cli.store_options import config_here
    from secfound.controls.catalog import load_catalog, user_catalog_dir

    dirs = list(catalog_dirs)
    if not dirs:
        config = config_here()
        dirs = list(getattr(config, "catalog", ()) or ()) if config is not None else []
    imported = user_catalog_dir()
    holds = (imported / "objectives.yaml").is_file() or any(imported.glob("frameworks/*.yaml"))
    if holds and imported not in dirs:
        dirs.insert(0, imported)
    return load_catalog(dirs, registry=registry if registry is not None else user_registry())


@controls.command("status")
@click.option(
    "--framework",
    metavar="ID",
    default=None,
    help="Also every requirement of this framework (cis-aws-5.0, aws-fsbp, ...).",
)
@click.option(
    "--run",
    "runs",
    multiple=True,
    metavar="ID",
    help="Judge only on these stored runs (repeatable); default: the latest run of every scope.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    default=None,
    help="Judge on the runs started by this date (YYYY-MM-DD), and attestations valid then.",
)
@click.option("--failing-only", is_flag=True, help="List only what is failing or unknown.")
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@catalog_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handles_errors
def status(
    framework: str | None,
    runs: tuple[str, ...],
    as_of: str | None,
    failing_only: bool,
    db: str | None,
    catalog_dirs: tuple[Path, ...],
    fmt: str,
) -> None:
    """Where every objective and requirement stands, from the latest evidence."""
    from secfound.controls.assessment import StatusQuery, controls_status
    from secfound.store.history import require_runs
    from secfound.store.read import resolve_run_id

    registry = user_registry()
    catalog = load_user_catalog(catalog_dirs, registry)
    if framework is not None:
        catalog.framework(framework)  # an unknown id fails before the store is opened
    today, until = as_of_window(as_of)
    engine = open_for_reading(db)
    try:
        require_runs(engine)
        query = StatusQuery(
            framework=framework,
            runs=tuple(resolve_run_id(engine, run) for run in runs),
            until=until,
        )
        result = controls_status(engine, query, catalog=catalog, registry=registry, today=today)
    finally:
        engine.dispose()
    if fmt == "json":
        click.echo(json.dumps(status_document(result), indent=2))
        return
    _print_status(result, framework, failing_only)


def status_document(result: ControlsStatus) -> dict[str, Any]:
    """The JSON form of ``controls status``."""
    return {
        "as_of": result.as_of.isoformat(),
        "evidence": [
            {
                "run": run.id,
                "command": run.command,
                "started": run.started.isoformat(),
                "scope": list(run.scope),
                "gaps": run.gaps,
                "input_errors": run.input_errors,
            }
            for run in result.evidence.runs
        ],
        "objectives": {
            "counts": result.counts(result.objectives),
            "items": [item.as_dict() for item in result.objectives],
        },
        "requirements": {
            "counts": result.counts(result.requirements),
            "items": [item.as_dict() for item in result.requirements],
        },
    }


def _print_status(result: ControlsStatus, framework: str | None, failing_only: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    console.print(f"Evidence ({len(result.evidence.runs)} run(s), the latest of each scope):")
    for run in result.evidence.runs:
        extra = []
        if run.gaps:
            extra.append(f"{run.gaps} coverage gap(s)")
        if run.input_errors:
            extra.append(f"{run.input_errors} unreadable input(s)")
        note = f" [yellow]({', '.join(extra)})[/]" if extra else ""
        scope = ", ".join(run.scope) or "(empty scope)"
        when = run.started.strftime("%Y-%m-%d %H:%M")
        console.print(f"  {run.id[:8]}  {when}  {run.command:<6} {scope}{note}")
    wanted = ("failing", "unknown") if failing_only else None
    failing: list[tuple[str, ObjectiveStatus | RequirementStatus]] = []
    item: ObjectiveStatus | RequirementStatus
    if framework is not None:
        table = Table(title=f"{framework}: requirements", header_style="bold", title_justify="left")
        for column in ("Id", "State", "Title", "Why"):
            table.add_column(column, overflow="fold")
        for item in result.requirements:
            if wanted and str(item.state) not in wanted:
                continue
            table.add_row(item.id, _state(item), item.title, item.reason)
            if item.failing:
                failing.append((f"{framework} {item.id}", item))
        console.print(table)
        console.print("Requirements: " + _count_line(result.counts(result.requirements)))
    table = Table(title="Control objectives", header_style="bold", title_justify="left")
    for column in ("Objective", "State", "Pass", "Fail", "Unkn.", "Why"):
        numeric = column in ("Pass", "Fail", "Unkn.")
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for objective in result.objectives:
        if wanted and str(objective.state) not in wanted:
            continue
        table.add_row(
            objective.id,
            _state(objective),
            str(objective.passed),
            str(objective.failed),
            str(objective.unknown),
            objective.reason,
        )
        if objective.failing and framework is None:
            failing.append((objective.id, objective))
    console.print(table)
    console.print("Objectives: " + _count_line(result.counts(result.objectives)))
    if failing:
        console.print("\nFailing resources:")
        for label, item in failing:
            console.print(f"  [bold]{label}[/]")
            for entry in item.failing[:_SHOWN]:
                console.print(f"    ✗ {entry.resource}  [dim]{entry.check_id}[/]")
            if len(item.failing) > _SHOWN:
                console.print(f"    … {len(item.failing) - _SHOWN} more (--format json lists all)")


def _state(item: ObjectiveStatus | RequirementStatus) -> str:
    label = str(item.state)
    if item.attested is not None and label == "manual":
        label += " (attested)" if item.attested else " (not attested)"
    return f"[{STATE_STYLE.get(str(item.state), '')}]{label}[/]"


def _count_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{value} {key}" for key, value in counts.items() if value)


@controls.command("effectiveness")
@history_options
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    default=None,
    help="Only runs started from this date (UTC).",
)
@click.option(
    "--last",
    type=click.IntRange(min=1),
    default=None,
    help="Only the last N runs (default: 30, or every run since --since).",
)
@catalog_option
def effectiveness(
    db: str | None,
    scope: str | None,
    fmt: str,
    since: datetime | None,
    last: int | None,
    catalog_dirs: tuple[Path, ...],
) -> None:
    """How well each control objective holds over a scope's runs: pass rate per run, open
    failures, time to fix (median, p90) and regressions."""

    def show() -> None:
        catalog = load_user_catalog(catalog_dirs)
        show_effectiveness(db, scope, fmt, since, last, objective_catalog=catalog)

    handles_errors(show)()


@controls.command("attest")
@click.argument("objective")
@click.option("--by", "by", required=True, metavar="NAME", help="Who attests (a person or team).")
@click.option(
    "--evidence",
    "evidence",
    required=True,
    metavar="URL",
    help="Where the evidence is kept (ticket, document, audit record).",
)
@click.option(
    "--expires",
    "expires",
    required=True,
    metavar="DATE",
    help="The last day the attestation holds (YYYY-MM-DD); after it, the objective fails.",
)
@click.option("--statement", default="", metavar="TEXT", help="What was checked, in a sentence.")
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@catalog_option
@handles_errors
def attest(
    objective: str,
    by: str,
    evidence: str,
    expires: str,
    statement: str,
    db: str | None,
    catalog_dirs: tuple[Path, ...],
) -> None:
    """Record that OBJECTIVE's manual controls hold, until --expires."""
    from secfound.cli.store_options import open_for_writing
    from secfound.errors import ConfigError
    from secfound.store.attestations import add_attestation

    objectives = load_user_catalog(catalog_dirs).objectives
    found = objectives.get(objective)
    if found is None:
        import difflib

        close = difflib.get_close_matches(objective, list(objectives), n=3)
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else "; 'secfound controls status' lists them"
        )
        raise ConfigError(f"no control objective {objective!r}{hint}")
    if not found.manual_controls:
        raise ConfigError(
            f"objective {objective!r} has no manual controls: its checks judge it, "
            "so there is nothing to attest"
        )
    until = parse_day(expires, "--expires")
    today = datetime.now(UTC).date()
    if until < today:
        raise ConfigError(f"--expires {expires} is in the past: an attestation must hold today")
    if not by.strip():
        raise ConfigError("--by must name who attests")
    engine = open_for_writing(db)
    try:
        record = add_attestation(
            engine,
            objective_id=objective,
            attested_by=by.strip(),
            expires_on=until,
            evidence_uri=evidence,
            statement=statement,
        )
    finally:
        engine.dispose()
    click.echo(
        f"attested {record.objective_id} by {record.attested_by} until {until.isoformat()} "
        f"({len(found.manual_controls)} manual control(s))"
    )


@controls.command("attestations")
@click.option("--objective", default=None, metavar="ID", help="Only this objective's.")
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handles_errors
def attestations(objective: str | None, db: str | None, fmt: str) -> None:
    """Every attestation recorded, oldest first (the audit trail; none is ever removed)."""
    from secfound.store.attestations import list_attestations

    engine = open_for_reading(db)
    try:
        records = list_attestations(engine, objective)
    finally:
        engine.dispose()
    if fmt == "json":
        click.echo(json.dumps({"attestations": [r.as_dict() for r in records]}, indent=2))
        return
    today = datetime.now(UTC).date()
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    for column in ("Objective", "By", "At (UTC)", "Expires", "Valid", "Evidence"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            r.objective_id,
            r.attested_by,
            r.attested_at.strftime("%Y-%m-%d %H:%M"),
            r.expires_on.isoformat() if r.expires_on else "-",
            "yes" if r.valid_on(today) else "[red]expired[/]",
            r.evidence_uri or "",
        )
    Console(highlight=False, soft_wrap=False).print(table)


def print_demo_summary(db_url: str) -> None:
    """The demo's closing lines: objectives and CIS v5.0.0 requirements by state, and the
    command that lists them."""
    from secfound.checks.registry import builtin_registry
    from secfound.controls.assessment import StatusQuery, controls_status
    from secfound.controls.catalog import load_catalog
    from secfound.store.database import mask_url, open_store

    engine = open_store(db_url)
    try:
        result = controls_status(
            engine,
            StatusQuery(framework="cis-aws-5.0"),
            catalog=load_catalog(),
            registry=builtin_registry(),
            today=datetime.now(UTC).date(),
        )
    finally:
        engine.dispose()
    click.echo(
        "secfound: control objectives: " + _count_line(result.counts(result.objectives)),
        err=True,
    )
    click.echo(
        "secfound: CIS AWS Foundations v5.0.0: "
        + _count_line(result.counts(result.requirements))
        + f" (secfound controls status --framework cis-aws-5.0 --db {mask_url(db_url)})",
        err=True,
    )


def parse_day(text: str, option: str) -> date:
    """``text`` as a day (YYYY-MM-DD); a ``ConfigError`` naming ``option`` otherwise."""
    from secfound.errors import ConfigError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


def as_of_window(as_of: str | None) -> tuple[date, datetime | None]:
    """``--as-of DAY``: the day things are judged on and the last moment of it (UTC), the
    limit for runs, attestations and decisions; without it, today and no limit."""
    if as_of is None:
        return datetime.now(UTC).date(), None
    day = parse_day(as_of, "--as-of")
    return day, datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=UTC)


@controls.command("export")
@click.option(
    "--oscal",
    "directory",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write OSCAL JSON here: catalog, profiles, assessment results, POA&M.",
)
@click.option(
    "--run",
    "runs",
    multiple=True,
    metavar="ID",
    help="Results from these stored runs (repeatable); default: the latest run of every scope.",
)
@click.option(
    "--framework",
    "framework_ids",
    multiple=True,
    metavar="ID",
    help="A profile for this framework only (repeatable); default: every framework.",
)
@click.option(
    "--catalog-only",
    is_flag=True,
    help="Only the catalog and profiles, which need no stored run.",
)
@click.option(
    "--timestamp",
    "pinned",
    metavar="DATETIME",
    default=None,
    help="Use this ISO time for last-modified and the status date (reproducible files).",
)
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@catalog_option
@handles_errors
def export(
    directory: Path,
    runs: tuple[str, ...],
    framework_ids: tuple[str, ...],
    catalog_only: bool,
    pinned: str | None,
    db: str | None,
    catalog_dirs: tuple[Path, ...],
) -> None:
    """Write the catalog, framework profiles, assessment results and POA&M as OSCAL.

    The catalog and profiles are written first and need no store; the assessment results
    and the POA&M (only when some objective fails) need a stored run.
    """
    from secfound import __version__
    from secfound.controls.assessment import StatusQuery, controls_status
    from secfound.controls.oscal.export import (
        check_refs,
        select_frameworks,
        write_catalog_files,
        write_results_files,
    )
    from secfound.store.history import require_runs
    from secfound.store.read import resolve_run_id

    moment = _parse_moment(pinned) if pinned else datetime.now(UTC)
    registry = user_registry()
    catalog = load_user_catalog(catalog_dirs, registry)
    objectives = catalog.objectives
    frameworks = select_frameworks(list(catalog.frameworks.values()), framework_ids)
    checks = check_refs(registry)
    written = write_catalog_files(
        directory, objectives, frameworks, checks, last_modified=moment, version=__version__
    )
    for item in written:
        click.echo(f"wrote {item.path}  ({item.what})")
    if catalog_only:
        return
    engine = open_for_reading(db)
    try:
        require_runs(engine)
        query = StatusQuery(runs=tuple(resolve_run_id(engine, run) for run in runs))
        result = controls_status(
            engine, query, catalog=catalog, registry=registry, today=moment.astimezone(UTC).date()
        )
    finally:
        engine.dispose()
    for item in write_results_files(
        directory, result, objectives, checks, last_modified=moment, version=__version__
    ):
        click.echo(f"{'removed' if item.removed else 'wrote'} {item.path}  ({item.what})")
    if not any(str(o.state) == "failing" for o in result.objectives):
        click.echo("no POA&M: no objective fails")


def _parse_moment(text: str) -> datetime:
    from secfound.errors import ConfigError

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--timestamp {text!r} is not an ISO date-time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
