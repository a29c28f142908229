"""``secfound report``: render a stored run as a self-contained HTML page (or JSON).

The run comes from the run store (``--db``, ``SECFOUND_DB``, ``db:`` in .secfound.yaml,
else the default file, as ``secfound history`` reads it); ``--run`` names it by id or a
prefix of six or more characters, and defaults to the latest run. The HTML page's posture
chart draws the earlier runs of the same scope (up to ``HISTORY_RUNS`` in all), read from
the ``runs`` table's counts. The page also carries the latest threat register snapshot
stored in the same database (``secfound threats register``), when there is one.

HTML goes to ``--output FILE``, or to stdout when stdout is redirected; it is never written
to a terminal, where a page of markup helps nobody. Only click is imported at start-up;
the store (SQLAlchemy) and the renderer (Jinja2) load when the command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from secfound.cli.store_options import db_option_with_help

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from secfound.controls.status import AttestationRecord
    from secfound.report.model import RunReport
    from secfound.report.posture import PosturePoint
    from secfound.store.effectiveness import Effectiveness
    from secfound.threats.register import Register

HISTORY_RUNS = 50  # runs the posture chart draws, the reported one included
DB_HELP = (
    "Read the run from this database (SQLAlchemy URL; also SECFOUND_DB or db: in "
    ".secfound.yaml; default: runs.db in the user data directory)."
)


@click.command("report")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "json"]),
    default="html",
    show_default=True,
    help="html: one self-contained page; json: the JSON report of the stored run.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file (default: stdout, if it is not a terminal for HTML).",
)
@click.option(
    "--run",
    "run_ref",
    metavar="ID",
    default=None,
    help="The stored run: its id or a prefix of 6+ characters (default: the latest run).",
)
@db_option_with_help(DB_HELP)
def report(fmt: str, output: Path | None, run_ref: str | None, db: str | None) -> None:
    """Render a stored run: findings, posture over time, coverage gaps (HTML or JSON)."""
    from secfound.cli.errors import handles_errors

    handles_errors(render_stored_run)(fmt, output, run_ref, db)


def render_stored_run(fmt: str, output: Path | None, run_ref: str | None, db: str | None) -> None:
    from secfound.cli.store_options import open_for_reading
    from secfound.errors import ConfigError, StoreError
    from secfound.store.read import latest_run_id, load_run

    if fmt == "html" and output is None and sys.stdout.isatty():
        raise ConfigError("not writing HTML to a terminal: give --output FILE or redirect stdout")
    engine = open_for_reading(db)
    try:
        run_id = run_ref or latest_run_id(engine)
        if run_id is None:
            raise StoreError("no runs are stored yet; store one with 'secfound scan PATH --db URL'")
        stored = load_run(engine, run_id)
        history = _posture_history(engine, stored) if fmt == "html" else ()
        trend = _objective_trend(engine, stored) if fmt == "html" else None
        threats = _latest_register(engine) if fmt == "html" else None
        attested = _attestations(engine) if fmt == "html" else None
    finally:
        engine.dispose()
    text = _render(stored, fmt, history, trend, threats, attested)
    if output is None:
        _write(sys.stdout, text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as stream:
            _write(stream, text)
    except OSError as exc:
        raise ConfigError(f"cannot write {fmt} report: {exc}", path=output) from exc
    click.echo(f"secfound: wrote the {fmt} report of run {stored.run_id} to {output}", err=True)


def _posture_history(engine: Engine, stored: RunReport) -> Sequence[PosturePoint]:
    """The runs of the reported run's scope up to it (it included), oldest first."""
    from secfound.store.history import posture_points, resolve_run

    run = resolve_run(engine, stored.run_id)
    return posture_points(engine, run.scope_key, HISTORY_RUNS - 1, before=run.started)


def _objective_trend(engine: Engine, stored: RunReport) -> Effectiveness:
    """The effectiveness of the scope's runs up to the reported one (it included)."""
    from secfound.store.effectiveness import effectiveness
    from secfound.store.history import resolve_run

    run = resolve_run(engine, stored.run_id)
    until = run.started + timedelta(microseconds=1)
    return effectiveness(engine, run.scope_key, last=HISTORY_RUNS, until=until)


def _latest_register(engine: Engine) -> Register | None:
    """The latest threat register snapshot of the store: the page's "Threat register"."""
    from secfound.store.threats import load_register

    return load_register(engine)


def _attestations(engine: Engine) -> Mapping[str, AttestationRecord]:
    """The latest attestation per objective, for the page's control objectives."""
    from secfound.controls.status import latest_attestations
    from secfound.store.attestations import list_attestations

    return latest_attestations(list_attestations(engine))


def _render(
    stored: RunReport,
    fmt: str,
    history: Sequence[PosturePoint],
    trend: Effectiveness | None = None,
    threats: Register | None = None,
    attestations: Mapping[str, AttestationRecord] | None = None,
) -> str:
    if fmt == "json":
        from secfound.report.json_report import render_json

        return render_json(stored)
    from secfound.report.html import render_html

    return render_html(
        stored, history=history, trend=trend, threats=threats, attestations=attestations
    )


def _write(stream: TextIO, text: str) -> None:
    stream.write(text)
    stream.flush()
