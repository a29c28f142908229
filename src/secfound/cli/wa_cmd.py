"""``secfound wa``: the AWS Well-Architected Tool, answered from stored evidence.

* ``wa answer --workload-id ID``: read the question ``securely-operate`` of the workload
  (``get_answer``), plan each choice from the wa-sec01 requirement of the same id, print
  the plan, and send it in one ``update_answer`` (unless ``--dry-run``); ``--milestone``
  then records a milestone. The only command of secfound that writes to AWS.
* ``wa lens [-o FILE]``: a custom lens JSON whose choices are the wa-sec01 practices and
  whose risk rules follow the same evidence.

Only click is imported at start-up. Tests reach the Tool through ``WaClients``, passed as
the click context object (``CliRunner().invoke(main, args, obj=WaClients(factory))``),
never by patching botocore.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secfound.cli.controls_cmd import catalog_option
from secfound.cli.errors import handles_errors

if TYPE_CHECKING:
    from datetime import date

    from secfound.collect.live.session import AccessSettings
    from secfound.controls.status import ControlsStatus
    from secfound.integrations.wellarchitected.answer import AnswerPlan, AppliedAnswer

FRAMEWORK_ID = "wa-sec01"
_WORKLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_DB_HELP = (
    "The run store to judge from (SQLAlchemy URL; also SECFOUND_DB or db: in .secfound.yaml; "
    "default: runs.db in the user data directory)."
)
_STYLE = {"select": "green", "unselect": "bold red", "not applicable": "dim", "keep": "cyan"}


@dataclass(frozen=True)
class WaClients:
    """How ``wa`` makes its ``wellarchitected`` client: (settings, region) -> client."""

    factory: Callable[[AccessSettings, str | None], Any]


@click.group("wa")
def wa() -> None:
    """The AWS Well-Architected Tool: answer SEC 1 from evidence, export a custom lens."""


@wa.command("answer")
@click.option("--workload-id", required=True, metavar="ID", help="The WA Tool workload id.")
@click.option(
    "--lens-alias",
    default="wellarchitected",
    show_default=True,
    metavar="ALIAS",
    help="The lens to answer (an alias, or a custom lens ARN).",
)
@click.option(
    "--question-id",
    default="securely-operate",
    show_default=True,
    metavar="ID",
    help="The question (securely_operate in the lens 'secfound wa lens' writes).",
)
@click.option(
    "--milestone", default=None, metavar="NAME", help="Record a milestone after the update."
)
@click.option("--dry-run", is_flag=True, help="Print the plan; send nothing to the Tool.")
@click.option(
    "--mark-not-applicable",
    is_flag=True,
    help="Mark choices with no resource in scope NOT_APPLICABLE (default: unselected).",
)
@click.option(
    "--run",
    "runs",
    multiple=True,
    metavar="ID",
    help="Judge only on these stored runs (repeatable); default: the latest of every scope.",
)
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@catalog_option
@click.option("--profile", default=None, help="AWS profile (default: the standard chain).")
@click.option("--region", default=None, help="The workload's region (default: the profile's).")
@click.option(
    "--endpoint-url", default=None, metavar="URL", help="Send the calls to this endpoint."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@handles_errors
def answer(
    ctx: click.Context,
    workload_id: str,
    lens_alias: str,
    question_id: str,
    milestone: str | None,
    dry_run: bool,
    mark_not_applicable: bool,
    runs: tuple[str, ...],
    db: str | None,
    catalog_dirs: tuple[Path, ...],
    profile: str | None,
    region: str | None,
    endpoint_url: str | None,
    fmt: str,
) -> None:
    """Answer SEC 1 of workload --workload-id from the stored evidence.

    Passing (or attested) practices are selected; failing, unknown or unattested ones are
    unselected with notes citing the failing checks; choices secfound does not know keep
    their state. Needs wellarchitected:GetAnswer and UpdateAnswer (CreateMilestone with
    --milestone).
    """
    from datetime import UTC, datetime

    from secfound.collect.live.session import AccessSettings
    from secfound.errors import ConfigError
    from secfound.integrations.wellarchitected.answer import (
        apply_plan,
        check_milestone_name,
        plan_answer,
        read_answer,
    )

    if not _WORKLOAD_ID.match(workload_id):
        raise ConfigError(f"--workload-id {workload_id!r} is not a WA Tool id (32 hex digits)")
    if milestone is not None and (problem := check_milestone_name(milestone)) is not None:
        raise ConfigError(f"--milestone: {problem}")
    today = datetime.now(UTC).date()
    status = _evidence(db, runs, catalog_dirs, today)
    seam = ctx.find_object(WaClients)
    factory = seam.factory if seam is not None else _open_client
    client = factory(AccessSettings(profile=profile, endpoint_url=endpoint_url), region)
    live = read_answer(client, workload_id, lens_alias, question_id)
    plan = plan_answer(
        live,
        status.requirements,
        workload_id=workload_id,
        lens_alias=lens_alias,
        evidence=status.evidence.runs,
        mark_not_applicable=mark_not_applicable,
        today=today,
    )
    applied = None
    if not dry_run:
        applied = apply_plan(client, plan, milestone=milestone.strip() if milestone else None)
    if fmt == "json":
        document = {"dry_run": dry_run, "plan": plan.as_dict()}
        document["applied"] = applied.as_dict() if applied is not None else None
        click.echo(json.dumps(document, indent=2))
        return
    _print_plan(plan, applied, dry_run)


def _open_client(settings: AccessSettings, region: str | None) -> Any:
    from secfound.integrations.wellarchitected.client import open_client

    return open_client(settings, region)


def _evidence(
    db: str | None, runs: tuple[str, ...], catalog_dirs: tuple[Path, ...], today: date
) -> ControlsStatus:
    """The wa-sec01 requirement statuses from the store (before any call to AWS)."""
    from secfound.cli.controls_cmd import load_user_catalog, user_registry
    from secfound.cli.store_options import open_for_reading
    from secfound.controls.assessment import StatusQuery, controls_status
    from secfound.store.history import require_runs
    from secfound.store.read import resolve_run_id

    registry = user_registry()
    catalog = load_user_catalog(catalog_dirs, registry)
    catalog.framework(FRAMEWORK_ID)  # missing: a ConfigError before the store is opened
    engine = open_for_reading(db)
    try:
        require_runs(engine)
        query = StatusQuery(
            framework=FRAMEWORK_ID, runs=tuple(resolve_run_id(engine, run) for run in runs)
        )
        return controls_status(engine, query, catalog=catalog, registry=registry, today=today)
    finally:
        engine.dispose()


def _print_plan(plan: AnswerPlan, applied: AppliedAnswer | None, dry_run: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    console.print(
        f"Workload {plan.workload_id}, lens {escape(plan.lens_alias)}, "
        f"question {plan.question_id} (risk now: {plan.risk_before or 'unknown'})"
    )
    if not plan.question_applicable:
        console.print("[yellow]The question is marked not applicable in the Tool.[/]")
    for run in plan.evidence:
        when = run.started.strftime("%Y-%m-%d %H:%M")
        console.print(f"  evidence {run.id[:8]}  {when}  {run.command}  {', '.join(run.scope)}")
    table = Table(header_style="bold", title="Choices", title_justify="left")
    for column in ("Choice", "Now", "Plan", "Evidence", "Why"):
        table.add_column(column, overflow="fold")
    for choice in plan.choices:
        style = _STYLE.get(str(choice.action), "")
        table.add_row(
            escape(choice.choice_id),
            choice.current.lower(),
            f"[{style}]{choice.action}[/]",
            choice.state or "-",
            escape(choice.notes or choice.reason),
        )
    console.print(table)
    if plan.not_judged:
        names = ", ".join(c.choice_id for c in plan.not_judged)
        console.print(f"Not judged by secfound (left as they are): {escape(names)}")
    if plan.missing:
        console.print(f"Not in this lens: {', '.join(plan.missing)}")
    if dry_run:
        console.print("Dry run: nothing was sent to the Well-Architected Tool.")
        return
    if applied is not None:
        line = f"Updated: {len(applied.selected)} choice(s) selected; the Tool rates it " + (
            applied.risk or "?"
        )
        if applied.milestone_number is not None:
            line += f"; milestone {applied.milestone_number} recorded"
        console.print(line)


@wa.command("lens")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the lens JSON here (default: standard output).",
)
@click.option(
    "--release",
    default=None,
    metavar="DATE",
    help="The framework release whose practices become choices (default: the latest).",
)
@click.option(
    "--docs-url",
    default=None,
    metavar="URL",
    help="An https:// page each choice's improvement plan links to.",
)
@catalog_option
@handles_errors
def lens(
    output: Path | None, release: str | None, docs_url: str | None, catalog_dirs: tuple[Path, ...]
) -> None:
    """Write a custom lens for SEC 1 whose risk rules follow secfound's evidence.

    Import it with 'aws wellarchitected import-lens', publish a version, and answer it
    with 'secfound wa answer --lens-alias ARN --question-id securely_operate'.
    """
    from secfound.cli.controls_cmd import load_user_catalog
    from secfound.errors import ConfigError
    from secfound.integrations.wellarchitected.lens import build_lens

    if docs_url is not None and not docs_url.startswith("https://"):
        raise ConfigError(f"--docs-url {docs_url!r} must be an https:// address")
    framework = load_user_catalog(catalog_dirs).framework(FRAMEWORK_ID)
    text = json.dumps(build_lens(framework, release=release, docs_url=docs_url), indent=2)
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"secfound: wrote the lens to {output}", err=True)


__all__ = ["WaClients", "wa"]
