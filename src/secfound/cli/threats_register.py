"""``secfound threats register | accept | diff | history``: the risk register.

* ``register [MODEL]``: raise the model's threats, score them on the store's latest
  evidence (``store.threats.threat_register``), print them sorted by residual risk and store
  a snapshot (unless ``--no-store``); table, JSON, CSV or a self-contained HTML page.
* ``accept THREAT --by --reason --until [--as accepted|transferred|false-positive]``:
  record a decision on a threat; a date in the past is refused.
* ``diff OLD NEW`` (two model files) or ``diff --since-snapshot MODEL``: the threats a
  model change adds, removes or changes, by id.
* ``history``: the stored snapshots with their counts per status and total residual risk.

Only click is imported at start-up; the store, the rules and the renderer load inside the
commands.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import sys
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secfound.cli.controls_cmd import (
    DB_HELP,
    STATE_STYLE,
    as_of_window,
    catalog_option,
    parse_day,
)
from secfound.cli.errors import handles_errors

if TYPE_CHECKING:
    from secfound.threats.model import ThreatModel
    from secfound.threats.register import Register
    from secfound.threats.threat import Threat

__all__ = ["THREAT_ID", "accept", "diff", "history", "register"]

DEFAULT_MODEL = "threatmodel.yaml"
# ``<rule id>@<element id>``: what ``threats.threat.threat_id`` makes.
THREAT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*@[A-Za-z0-9][A-Za-z0-9_.-]*$")
_STATUS_STYLE = {
    "open": "bold red",
    "mitigated": "green",
    "accepted": "cyan",
    "transferred": "cyan",
    "false-positive": "dim",
}
_BAND_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}


def _model_argument(function: Any) -> Any:
    return click.argument(
        "model_path",
        metavar="MODEL",
        required=False,
        type=click.Path(dir_okay=False, path_type=Path),
    )(function)


def _rules_option(function: Any) -> Any:
    return click.option(
        "--rules",
        "rules_dirs",
        multiple=True,
        metavar="PATH",
        type=click.Path(exists=True, path_type=Path),
        help="A rule file of your own, or a directory of them, added to the packaged library "
        "(repeatable).",
    )(function)


def load_threats(
    model_path: Path | None,
    rules_dirs: Sequence[Path],
    objectives: Collection[str] | None = None,
) -> tuple[ThreatModel, list[Threat], str]:
    """The model (``threatmodel.yaml`` here by default), the threats its rules raise, and
    the sha256 of the model file. ``objectives``: the ids rule mitigations may name (the
    catalog's, with the user's own; default: the packaged ones)."""
    from secfound.errors import ConfigError
    from secfound.threats.matcher import raise_threats
    from secfound.threats.rules import load_rules
    from secfound.threats.schema import load_model

    path = model_path if model_path is not None else Path(DEFAULT_MODEL)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise ConfigError(f"cannot read the threat model: {exc.strerror}", path=path) from None
    model = load_model(path)
    rules = load_rules(extra=list(rules_dirs), objectives=objectives)
    return model, list(raise_threats(model, rules)), digest


@click.command("register")
@_model_argument
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@_rules_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "html"]),
    default="table",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the register to this file (default: stdout).",
)
@click.option("--no-store", is_flag=True, help="Do not store a snapshot of the register.")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    default=None,
    help="Score on the runs started by this date (YYYY-MM-DD) and the decisions valid then.",
)
@catalog_option
@handles_errors
def register(
    model_path: Path | None,
    db: str | None,
    rules_dirs: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    no_store: bool,
    as_of: str | None,
    catalog_dirs: tuple[Path, ...],
) -> None:
    """Every threat of MODEL with its inherent and residual risk, sorted by residual risk."""
    from dataclasses import replace

    from secfound.cli.controls_cmd import load_user_catalog, user_registry
    from secfound.cli.store_options import open_for_reading, open_for_writing
    from secfound.errors import StoreError
    from secfound.store.history import require_runs
    from secfound.store.threats import save_register, threat_register

    if fmt == "html" and output is None and sys.stdout.isatty():
        from secfound.errors import ConfigError

        raise ConfigError("not writing HTML to a terminal: give --output FILE or redirect stdout")
    today, until = as_of_window(as_of)
    registry = user_registry()
    catalog = load_user_catalog(catalog_dirs, registry)
    model, threats, digest = load_threats(model_path, rules_dirs, catalog.objectives)
    if no_store:
        try:
            engine = open_for_reading(db)
        except StoreError as exc:  # nothing stored there: score on no evidence at all
            from secfound.store.database import open_store

            click.echo(f"secfound: {exc}", err=True)
            engine = open_store("sqlite://")
    else:
        engine = open_for_writing(db)
    try:
        try:
            require_runs(engine)
        except StoreError:  # a register without evidence is still a register: all open
            click.echo("secfound: no run is stored yet: no threat can count as mitigated", err=True)
        result = threat_register(
            engine,
            model,
            threats,
            catalog=catalog,
            registry=registry,
            today=today,
            model_sha256=digest,
            until=until,
        )
        if not no_store:
            result = replace(result, id=save_register(engine, result))
    finally:
        engine.dispose()
    text = render_register(result, fmt)
    _emit(text, output)
    if result.id is not None:
        click.echo(
            f"secfound: stored threat register {result.id} ({len(result.entries)} threats)",
            err=True,
        )


def render_register(result: Register, fmt: str) -> str:
    """The register in ``fmt`` (table: rich text without colour when not on a terminal)."""
    from secfound.threats.register import register_csv, register_document

    if fmt == "json":
        return json.dumps(register_document(result), indent=2) + "\n"
    if fmt == "csv":
        return register_csv(result)
    if fmt == "html":
        from secfound.report.html import render_register_html

        return render_register_html(result)
    return _table(result)


def _table(result: Register) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", title=f"Threat register: {result.model_name}")
    for column in ("Threat", "Element", "STRIDE", "Inherent", "Residual", "Status", "Objectives"):
        table.add_column(column, overflow="fold")
    for e in result.entries:
        objectives = Text()
        for index, item in enumerate(e.objectives):
            if index:
                objectives.append("\n")
            objectives.append(f"{item.id}: ")
            objectives.append(item.state, style=STATE_STYLE.get(item.state, ""))
        status = Text(e.status, style=_STATUS_STYLE.get(e.status, ""))
        if e.decision:
            status.append(f"\n{e.decision.get('by', '')} until {e.decision.get('until', '')}")
        table.add_row(
            Text(e.threat_id),
            Text(f"{e.element_name} ({e.element_kind})"),
            Text(e.stride),
            Text(f"{e.inherent} {e.inherent_band}", style=_BAND_STYLE.get(e.inherent_band, "")),
            Text(f"{e.residual} {e.residual_band}", style=_BAND_STYLE.get(e.residual_band, "")),
            status,
            objectives if e.objectives else Text("none", style="dim"),
        )
    buffer = io.StringIO()
    tty = sys.stdout.isatty()
    console = Console(
        file=buffer,
        highlight=False,
        soft_wrap=False,
        force_terminal=tty,
        no_color=not tty,
        width=shutil.get_terminal_size((160, 40)).columns if tty else 160,
    )
    console.print(table)
    counts = result.counts()
    line = ", ".join(f"{n} {status}" for status, n in counts.items())
    console.print(
        f"{len(result.entries)} threats: {line}; total residual risk "
        f"{result.total_residual} (open: {result.open_residual})"
    )
    return buffer.getvalue()


def _emit(text: str, output: Path | None) -> None:
    from secfound.errors import ConfigError

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror}", path=output) from None
    click.echo(f"secfound: wrote {output}", err=True)


@click.command("accept")
@click.argument("threat_id", metavar="THREAT")
@click.option("--by", "by", required=True, metavar="NAME", help="Who decides (a person or team).")
@click.option("--reason", required=True, metavar="TEXT", help="Why, in a sentence.")
@click.option(
    "--until",
    "until",
    required=True,
    metavar="DATE",
    help="The last day the decision holds (YYYY-MM-DD); after it the threat is open again.",
)
@click.option(
    "--as",
    "kind",
    type=click.Choice(["accepted", "transferred", "false-positive"]),
    default="accepted",
    show_default=True,
    help="The decision: accept the risk, transfer it (insurance, a provider), or mark the "
    "threat a false positive.",
)
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The threat model the threat comes from (default: ./threatmodel.yaml when there "
    "is one): a threat its rules do not raise is refused.",
)
@_rules_option
@handles_errors
def accept(
    threat_id: str,
    by: str,
    reason: str,
    until: str,
    kind: str,
    db: str | None,
    model_path: Path | None,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Record a decision on THREAT (<rule id>@<element id>) until a date."""
    from secfound.cli.store_options import open_for_writing
    from secfound.errors import ConfigError
    from secfound.store.threats import add_decision

    if not THREAT_ID.match(threat_id):
        raise ConfigError(
            f"{threat_id!r} is not a threat id: expected <rule id>@<element id> "
            "(as 'secfound threats register' lists them)"
        )
    _require_raised(threat_id, model_path, rules_dirs)
    last_day = parse_day(until, "--until")
    if last_day < datetime.now(UTC).date():
        raise ConfigError(f"--until {until} is in the past: a decision must hold today")
    if not by.strip():
        raise ConfigError("--by must name who decides")
    if not reason.strip():
        raise ConfigError("--reason must say why")
    engine = open_for_writing(db)
    try:
        decision = add_decision(
            engine,
            threat_id=threat_id,
            kind=kind,
            by=by.strip(),
            reason=reason.strip(),
            until=last_day,
        )
    finally:
        engine.dispose()
    click.echo(
        f"{decision.kind}: {decision.threat_id} by {decision.by} until {last_day.isoformat()}"
    )


def _require_raised(threat_id: str, model_path: Path | None, rules_dirs: Sequence[Path]) -> None:
    """Refuse a decision on a threat the model does not raise (a typo would be stored for
    good and never apply). Without a model at hand, say that nothing was checked."""
    import difflib

    from secfound.errors import ConfigError

    path = model_path if model_path is not None else Path(DEFAULT_MODEL)
    if model_path is None and not path.is_file():
        click.echo(
            f"secfound: warning: no {DEFAULT_MODEL} here: not checked that {threat_id} is "
            "raised by a model (give --model FILE)",
            err=True,
        )
        return
    _, threats, _ = load_threats(path, rules_dirs)
    known = [threat.id for threat in threats]
    if threat_id not in known:
        close = difflib.get_close_matches(threat_id, known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ConfigError(f"{path} raises no threat {threat_id}{hint}")


@click.command("diff")
@click.argument("models", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--since-snapshot",
    is_flag=True,
    help="Compare MODEL with a stored register snapshot (the latest of the same model name, "
    "or --snapshot ID) instead of with another model file.",
)
@click.option("--snapshot", "snapshot_id", metavar="ID", default=None, help="The snapshot to use.")
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@_rules_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handles_errors
def diff(
    models: tuple[Path, ...],
    since_snapshot: bool,
    snapshot_id: str | None,
    db: str | None,
    rules_dirs: tuple[Path, ...],
    fmt: str,
) -> None:
    """The threats a model change adds, removes or changes: OLD NEW, or --since-snapshot MODEL."""
    from secfound.errors import ConfigError
    from secfound.threats.register import diff_threats, facts_of_entries, facts_of_threats

    if since_snapshot or snapshot_id is not None:
        if len(models) != 1:
            raise ConfigError("--since-snapshot compares one MODEL with a stored snapshot")
        model, threats, _ = load_threats(models[0], rules_dirs)
        snapshot = _snapshot(db, snapshot_id, model.name)
        old = facts_of_entries(snapshot.entries)
        old_name = f"snapshot {snapshot.id} ({snapshot.created:%Y-%m-%d %H:%M} UTC)"
        new_name = str(models[0])
    else:
        if len(models) != 2:
            raise ConfigError("give two model files, OLD and NEW (or --since-snapshot MODEL)")
        _, old_threats, _ = load_threats(models[0], rules_dirs)
        _, threats, _ = load_threats(models[1], rules_dirs)
        old = facts_of_threats(old_threats)
        old_name, new_name = str(models[0]), str(models[1])
    changes = diff_threats(old, facts_of_threats(threats))
    if fmt == "json":
        click.echo(json.dumps({"old": old_name, "new": new_name, **changes.as_dict()}, indent=2))
        return
    click.echo(f"threats: {old_name} -> {new_name}")
    for fact in changes.added:
        click.echo(f"+ {fact.id}  {fact.stride}  {fact.title}  (inherent {fact.inherent})")
    for fact in changes.removed:
        click.echo(f"- {fact.id}  {fact.stride}  {fact.title}")
    for change in changes.changed:
        parts = ", ".join(f"{name} {before} -> {after}" for name, before, after in change.fields)
        click.echo(f"~ {change.id}  {parts}")
    click.echo(
        f"{len(changes.added)} added, {len(changes.removed)} removed, "
        f"{len(changes.changed)} changed, {changes.unchanged} unchanged"
    )


def _snapshot(db: str | None, snapshot_id: str | None, model_name: str) -> Register:
    from secfound.cli.store_options import open_for_reading
    from secfound.errors import StoreError
    from secfound.store.threats import load_register

    engine = open_for_reading(db)
    try:
        found = load_register(engine, snapshot_id, model_name=None if snapshot_id else model_name)
    finally:
        engine.dispose()
    if found is None:
        raise StoreError(
            f"no threat register of model {model_name!r} is stored; "
            "store one with 'secfound threats register'"
        )
    return found


@click.command("history")
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@click.option("--model", "model_name", metavar="NAME", default=None, help="Only this model's.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handles_errors
def history(db: str | None, model_name: str | None, fmt: str) -> None:
    """The stored register snapshots, oldest first: counts per status and total residual risk."""
    from secfound.cli.store_options import open_for_reading
    from secfound.store.threats import register_history

    engine = open_for_reading(db)
    try:
        snapshots = register_history(engine, model_name)
    finally:
        engine.dispose()
    if fmt == "json":
        document = [
            {
                "id": s.id,
                "model": {"name": s.model_name, "sha256": s.model_sha256},
                "created": s.created.isoformat(),
                "as_of": s.as_of.isoformat(),
                "evidence_runs": list(s.evidence_runs),
                "threats": s.threats,
                "counts": s.counts,
                "total_inherent": s.total_inherent,
                "total_residual": s.total_residual,
            }
            for s in snapshots
        ]
        click.echo(json.dumps({"snapshots": document}, indent=2))
        return
    if not snapshots:
        click.echo("no threat register is stored yet; store one with 'secfound threats register'")
        return
    _print_history(snapshots)


def _print_history(snapshots: Sequence[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    for column in ("Snapshot", "Model", "Created (UTC)", "As of", "Threats"):
        table.add_column(column, overflow="fold")
    for status in _STATUS_STYLE:
        table.add_column(status.capitalize(), justify="right")
    table.add_column("Residual", justify="right")
    for s in snapshots:
        table.add_row(
            s.id[:8],
            f"{s.model_name} ({s.model_sha256[:8]})",
            s.created.strftime("%Y-%m-%d %H:%M"),
            s.as_of.isoformat(),
            str(s.threats),
            *(str(s.counts[status]) for status in _STATUS_STYLE),
            str(s.total_residual),
        )
    tty = sys.stdout.isatty()
    Console(highlight=False, soft_wrap=False, width=None if tty else 160).print(table)
