"""``secfound assess``: the checks on what is deployed, and ``secfound permissions``.

``assess`` reads accounts with the live collectors, runs the same registry as ``scan``
on what they return, and writes the same outputs with the same exit codes. Coverage gaps
(a denied call, a region not opted in) are in every output; they change the exit code
only with ``--fail-on-gaps``. Each run is stored (default: runs.db in the user data
folder) unless ``--no-store``.
"""

from __future__ import annotations

import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from secfound.cli.errors import handles_errors
from secfound.cli.options import report_options

if TYPE_CHECKING:
    from secfound.cli.run import ReportSettings
    from secfound.collect.live.assess import AssessSettings, LiveRun
    from secfound.config import Config
    from secfound.controls.blueprint import Blueprint
    from secfound.report.model import RunReport


F = TypeVar("F", bound=Callable[..., Any])


@click.command()
@click.option("--profile", default=None, help="AWS profile (default: the standard chain).")
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="REGION",
    help="A region to assess; repeatable (default: every region enabled for the account).",
)
@click.option(
    "--endpoint-url",
    default=None,
    metavar="URL",
    help="Send every call to this endpoint (moto_server, a private endpoint); "
    "AWS_ENDPOINT_URL works too.",
)
@click.option("--org", is_flag=True, help="Assess every account of the organization.")
@click.option(
    "--role-name",
    default="OrganizationAccountAccessRole",
    show_default=True,
    help="With --org: the role assumed in each member account.",
)
@click.option(
    "--role-arn-template",
    default=None,
    metavar="TEMPLATE",
    help="With --org: the role ARN, with {partition} and {account_id} (wins over --role-name).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=16,
    show_default=True,
    help="API calls in flight at once, across accounts and regions.",
)
@click.option("--fail-on-gaps", is_flag=True, help="Coverage gaps fail the run (exit 1).")
@click.option("--no-store", is_flag=True, help="Do not keep this run in the database.")
@click.option(
    "--api-calls",
    "api_calls_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the API calls the run made, counted by operation, to this JSON file.",
)
@click.option(
    "--mutelist",
    "mutelist_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Findings to mute (a YAML file with a 'mutelist' list); wins over .secfound.yaml.",
)
@click.option(
    "--blueprint",
    "blueprint_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your account blueprint (YAML: expected security services, organization layout); "
    "wins over blueprint: in .secfound.yaml (default: the packaged blueprint).",
)
@click.option(
    "--db",
    "db",
    metavar="URL",
    default=None,
    help="Store the run in this database (default: runs.db in the user data folder; "
    "also SECFOUND_DB or db: in .secfound.yaml).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Configuration file (default: .secfound.yaml found from the current folder).",
)
@report_options
@handles_errors
def assess(
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    org: bool,
    role_name: str,
    role_arn_template: str | None,
    workers: int,
    fail_on_gaps: bool,
    no_store: bool,
    api_calls_path: Path | None,
    mutelist_path: Path | None,
    blueprint_path: Path | None,
    db: str | None,
    config_path: Path | None,
    **report_flags: Any,
) -> None:
    """Assess live AWS accounts (read-only) with the same checks as scan."""
    from secfound.cli.gc_tuning import fewer_collections
    from secfound.cli.run import settings_from_options, write_outputs
    from secfound.cli.store_options import resolve_db_url, store_run
    from secfound.collect.live.assess import AssessSettings
    from secfound.collect.live.session import AccessSettings
    from secfound.config import Config, find_config, load_config
    from secfound.discover import repository_root

    here = Path.cwd()
    path = config_path or find_config(here, repository_root(here))
    config = load_config(path) if path is not None else Config()
    if mutelist_path is not None:
        from secfound.config_schema import load_mutelist

        config = replace(config, mutelist=load_mutelist(mutelist_path.resolve()))
    settings = settings_from_options(config, **report_flags)
    settings = replace(settings, policy=replace(settings.policy, fail_on_gaps=fail_on_gaps))
    blueprint = blueprint_setting(blueprint_path, config, quiet=settings.quiet)
    live = AssessSettings(
        access=AccessSettings(profile=profile, endpoint_url=endpoint_url),
        regions=regions,
        org=org,
        role_name=role_name,
        role_arn_template=role_arn_template,
        workers=workers,
        blueprint=blueprint,
    )
    with fewer_collections():
        report, run = assess_report(settings, live)
        write_outputs(report, settings)
    if not settings.quiet:
        _coverage_summary(run)
    if api_calls_path is not None:
        _write_api_calls(run, api_calls_path)
    if not no_store:
        url = resolve_db_url(db, config, default_when_unset=True)
        if url is not None:
            store_run(
                report,
                url,
                quiet=settings.quiet,
                include=settings.include,
                exclude=settings.exclude,
            )
    from secfound.cli.exit_codes import exit_code_for

    sys.exit(int(exit_code_for(report, settings.policy)))


def blueprint_setting(option: Path | None, config: Config, *, quiet: bool) -> Blueprint | None:
    """The blueprint the run is judged by: ``--blueprint``, else ``blueprint:`` of the
    configuration file, else None (the packaged default). Read and validated here, before
    any AWS call, so a bad file ends the command (exit 2) at its line; its path and sha256
    go to stderr, since no stored field records which blueprint judged a run."""
    import hashlib

    from secfound.controls.blueprint import load_blueprint
    from secfound.errors import ConfigError

    path = option.resolve() if option is not None else config.blueprint
    if path is None:
        return None
    if not path.is_file():
        raise ConfigError(
            f"the blueprint file does not exist (named by 'blueprint:' in {config.source})",
            path=path,
        )
    blueprint = load_blueprint(path)
    if not quiet:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        click.echo(f"secfound: blueprint {path} (sha256 {digest})", err=True)
    return blueprint


def assess_report(settings: ReportSettings, live: AssessSettings) -> tuple[RunReport, LiveRun]:
    """Collect, evaluate and apply configured suppressions, as ``scan_report`` does."""
    from secfound._version import __version__
    from secfound.cli.run import known_checks, progress_printer
    from secfound.collect.live.assess import assess
    from secfound.engine import evaluate
    from secfound.report.model import RunReport, seen_resources
    from secfound.suppress.apply import suppress_run

    started = datetime.now(UTC)
    progress = None if settings.quiet else progress_printer
    known = known_checks(settings)
    registry = known.select(settings.include, settings.exclude)
    run = assess(live, progress=progress)
    result = evaluate(registry, run.results)
    outcome = suppress_run(
        result.findings,
        annotations={},
        roots=[],
        tags={r.address: r.tags for unit in run.results for r in unit.resources if r.tags},
        registry=known,
        config=settings.config,
        baseline=None,
        today=started.date(),
    )
    report = RunReport(
        tool_version=__version__,
        command="assess",
        run_id=str(uuid.uuid4()),
        started=started,
        finished=datetime.now(UTC),
        roots=tuple(f"{account}/{region}" for account in run.accounts for region in run.regions),
        source_units=dict(Counter(r.kind for r in run.results)),
        resource_count=sum(len(r.resources) for r in run.results),
        checks_run=len(registry),
        findings=outcome.findings,
        titles={spec.id: spec.title for spec in registry},
        errors=outcome.errors,
        gaps=run.gaps,
        resources=seen_resources(r for unit in run.results for r in unit.resources),
    )
    return report, run


def _coverage_summary(run: LiveRun) -> None:
    """One line per account and region: services read, and those with gaps."""
    cells: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for cell in run.coverage:
        cells.setdefault((cell.account, cell.region), []).append((cell.service, cell.gaps))
    for (account, region), services in sorted(cells.items()):
        read = sorted({s for s, gaps in services if not gaps})
        missed = sorted({s for s, gaps in services if gaps})
        line = f"secfound: coverage {account}/{region}: {len(read)} service(s) read"
        if missed:
            line += f"; gaps in {', '.join(missed)}"
        click.echo(line, err=True)
    click.echo(f"secfound: {run.api_calls} API call(s)", err=True)


def _write_api_calls(run: LiveRun, path: Path) -> None:
    """``{"total": N, "by_operation": {"service:Operation": n}}``: what the run cost in
    calls, for benchmarks and for sizing a run against API rate limits."""
    import json

    document = {
        "total": run.api_calls,
        "by_operation": dict(sorted(run.calls_by_operation.items())),
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "actions"]), default="json")
@click.option(
    "--role-name",
    default="OrganizationAccountAccessRole",
    show_default=True,
    help="The role 'assess --org' assumes in member accounts (the policy names it).",
)
@click.option(
    "--wa",
    "well_architected",
    is_flag=True,
    help="Instead: the policy of 'secfound wa answer', the one command that writes (to the "
    "Well-Architected Tool only), kept apart from the read-only assess policy.",
)
def permissions(fmt: str, role_name: str, well_architected: bool) -> None:
    """The IAM policy 'secfound assess' needs: every action its collectors call."""
    import json

    from secfound.collect.live.assess import CORE_ACTIONS
    from secfound.collect.live.collector import builtin_collectors, required_actions

    if well_architected:
        from secfound.integrations.wellarchitected.client import REQUIRED_ACTIONS

        wa_actions = sorted(REQUIRED_ACTIONS)
        if fmt == "actions":
            click.echo("\n".join(wa_actions))
            return
        statement = {
            "Sid": "SecfoundWellArchitectedAnswer",
            "Effect": "Allow",
            "Action": wa_actions,
            "Resource": "arn:*:wellarchitected:*:*:workload/*",
        }
        click.echo(json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2))
        return
    actions = sorted({*CORE_ACTIONS, *required_actions(builtin_collectors())})
    if fmt == "actions":
        click.echo("\n".join(actions))
        return
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SecfoundAssessReadOnly",
                "Effect": "Allow",
                "Action": actions,
                "Resource": "*",
            },
            {
                "Sid": "SecfoundAssessMemberAccounts",
                "Effect": "Allow",
                "Action": ["sts:AssumeRole"],
                "Resource": f"arn:*:iam::*:role/{role_name}",
            },
        ],
    }
    click.echo(json.dumps(policy, indent=2))


def assess_options(*names: str) -> Callable[[F], F]:
    """A decorator giving a command the options ``names`` of ``secfound assess`` itself
    (the same click parameters: one definition and one help text for every command that
    reads live accounts)."""

    def decorate(function: F) -> F:
        for param in reversed(assess.params):
            if param.name in names:
                added = [*getattr(function, "__click_params__", []), param]
                setattr(function, "__click_params__", added)  # noqa: B010 - click's own slot
        return function

    return decorate
