"""``secfound threats diagram``: the model's data-flow diagram, as Mermaid, DOT or SVG.

Mermaid (the default) needs nothing installed and renders where Markdown does (GitHub,
GitLab, most wikis). ``--format dot`` prints Graphviz's source; ``--format svg`` runs
Graphviz's ``dot`` (Debian package ``graphviz``). Without ``dot`` on PATH the command
says so on stderr, writes the Mermaid next to where the SVG would have gone
(``FILE.mmd``, or ``<model>.mmd`` in the current directory without ``-o``) and exits 0:
a missing renderer must not fail a pipeline that only wanted a picture.

Elements are coloured by the worst residual risk of their threats, from the register's
scoring against the stored evidence (``--db``, SECFOUND_DB or the config, else the
default database); ``--no-risk`` draws the structure alone and reads no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from secfound.cli.errors import handles_errors
from secfound.cli.store_options import db_option_with_help

if TYPE_CHECKING:
    from secfound.threats.diagram import RiskMap
    from secfound.threats.model import ThreatModel

__all__ = ["diagram", "load_threat_model", "residual_risk_by_element"]

GRAPHVIZ_MISSING = (
    "secfound: Graphviz is not installed (apt install graphviz); wrote Mermaid instead to {path}"
)


def load_threat_model(path: Path) -> ThreatModel:
    """The model file, validated by the model loader (errors at file:line, exit 2)."""
    from secfound.threats.schema import load_model

    return load_model(path)


def residual_risk_by_element(
    model: ThreatModel, db: str | None, rules_dirs: Sequence[Path] = ()
) -> RiskMap:
    """Element id → (worst residual band, threat count), as ``secfound threats register
    --no-store`` scores it: the model's threats (packaged rules plus ``rules_dirs``) on
    the latest stored evidence, attestations and decisions, as of today.

    False positives are left out (they are not threats); accepted and transferred threats
    count with their residual risk, which a decision does not remove. Without a database
    or without stored runs every threat is open (residual = inherent), said on stderr.
    """
    from secfound.cli.controls_cmd import load_user_catalog, user_registry
    from secfound.cli.store_options import open_for_reading
    from secfound.errors import StoreError
    from secfound.store.history import require_runs
    from secfound.store.threats import threat_register
    from secfound.threats.diagram import summarize_risk
    from secfound.threats.matcher import raise_threats
    from secfound.threats.rules import load_rules
    from secfound.threats.scoring import ThreatStatus

    registry = user_registry()
    catalog = load_user_catalog((), registry)
    rules = load_rules(extra=list(rules_dirs), objectives=catalog.objectives)
    threats = list(raise_threats(model, rules))
    try:
        engine = open_for_reading(db)
        try:
            require_runs(engine)
        except StoreError:
            click.echo("secfound: no run is stored yet: every threat counts as open", err=True)
    except StoreError as exc:  # no database there: score on no evidence at all
        from secfound.store.database import open_store

        click.echo(f"secfound: {exc}; every threat counts as open", err=True)
        engine = open_store("sqlite://")
    try:
        register = threat_register(
            engine,
            model,
            threats,
            catalog=catalog,
            registry=registry,
            today=datetime.now(UTC).date(),
            model_sha256="",
        )
    finally:
        engine.dispose()
    return summarize_risk(
        (entry.element_id, entry.residual)
        for entry in register.entries
        if entry.status != ThreatStatus.FALSE_POSITIVE
    )


@click.command("diagram")
@click.argument(
    "model_path",
    metavar="[MODEL]",
    required=False,
    default="threatmodel.yaml",
    type=click.Path(path_type=Path, dir_okay=False),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "svg", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid text, Graphviz DOT text, or SVG rendered by Graphviz's dot.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the diagram to this file (default: stdout).",
)
@db_option_with_help(
    "Score residual risk from the evidence in this database (SQLAlchemy URL; also "
    "SECFOUND_DB or db: in .secfound.yaml)"
)
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    metavar="PATH",
    type=click.Path(exists=True, path_type=Path),
    help="A rule file of your own, or a directory of them, added to the packaged library "
    "(repeatable).",
)
@click.option(
    "--no-risk",
    is_flag=True,
    default=False,
    help="Draw the structure only: no residual-risk colours, no database read.",
)
@handles_errors
def diagram(
    model_path: Path,
    fmt: str,
    output: Path | None,
    db: str | None,
    rules_dirs: tuple[Path, ...],
    no_risk: bool,
) -> None:
    """The data-flow diagram with trust boundaries, coloured by residual risk."""
    from secfound.threats.diagram import find_dot, render_svg, to_dot, to_mermaid

    model = load_threat_model(model_path)
    risk = None if no_risk else residual_risk_by_element(model, db, rules_dirs)
    if fmt == "mermaid":
        _emit(to_mermaid(model, risk), output, "Mermaid diagram")
    elif fmt == "dot":
        _emit(to_dot(model, risk), output, "DOT diagram")
    else:
        executable = find_dot()
        if executable is None:
            fallback = _mermaid_fallback_path(model_path, output)
            _write(fallback, to_mermaid(model, risk))
            click.echo(GRAPHVIZ_MISSING.format(path=fallback), err=True)
            return
        _emit(render_svg(to_dot(model, risk), executable=executable), output, "SVG diagram")


def _mermaid_fallback_path(model_path: Path, output: Path | None) -> Path:
    """Where Mermaid goes when SVG was asked and Graphviz is missing: never stdout, where
    the caller expects SVG; ``-o FILE`` gives ``FILE`` with the suffix ``.mmd``."""
    if output is not None:
        return output.with_suffix(".mmd")
    return Path(model_path.stem + ".mmd")


def _emit(text: str, output: Path | None, what: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    click.echo(f"secfound: wrote the {what} to {output}", err=True)


def _write(path: Path, text: str) -> None:
    from secfound.errors import ConfigError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the diagram: {exc.strerror or exc}", path=path) from exc
