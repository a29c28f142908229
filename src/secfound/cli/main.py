"""The ``secfound`` command group and its commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from secfound._version import __version__
from secfound.cli import history as history_commands
from secfound.cli.assess_cmd import assess as assess_command
from secfound.cli.assess_cmd import permissions as permissions_command
from secfound.cli.errors import handles_errors
from secfound.cli.exit_codes import ExitCode
from secfound.cli.options import report_options
from secfound.cli.report_cmd import report as report_command
from secfound.cli.services_cmd import services as services_command
from secfound.cli.store_options import db_option
from secfound.errors import ConfigError

F = TypeVar("F", bound=Callable[..., Any])


class _LazyGroup(click.Group):
    """A group whose heavier command groups are imported when named (or listed by --help),
    so ``secfound scan`` does not pay for loading ``controls``, ``threats`` and the rest."""

    lazy = {
        "controls": "secfound.cli.controls_cmd:controls",
        "recommendations": "secfound.cli.recommendations_cmd:recommendations",
        "threats": "secfound.cli.threats_cmd:threats",
        "wa": "secfound.cli.wa_cmd:wa",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        import importlib

        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="secfound")
def main() -> None:
    """secfound: the AWS Well-Architected SEC01 foundations, put into practice and kept proven."""


def _key_values(values: tuple[str, ...], flag: str) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r}: expected KEY=VALUE", param_hint=flag)
        parsed[key.strip()] = value
    return parsed


def scan_input_options(function: F) -> F:
    """What to scan and with which values: shared by ``scan`` and ``baseline create``."""
    decorators = [
        click.argument(
            "paths",
            nargs=-1,
            required=True,
            type=click.Path(exists=True, path_type=Path),
        ),
        click.option(
            "--param",
            "params",
            multiple=True,
            metavar="KEY=VALUE",
            help="A CloudFormation parameter value; repeatable.",
        ),
        click.option(
            "--param-file",
            "param_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help='CloudFormation parameters file (AWS CLI list form or {"Parameters": {...}}).',
        ),
        click.option(
            "--var",
            "tf_vars",
            multiple=True,
            metavar="KEY=VALUE",
            help="A Terraform variable value; repeatable.",
        ),
        click.option(
            "--var-file",
            "var_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="A Terraform .tfvars or .tfvars.json file; repeatable.",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Configuration file (default: .secfound.yaml found upward to the "
            "repository root).",
        ),
        click.option(
            "--exclude",
            multiple=True,
            metavar="GLOB",
            help="Skip paths matching this glob (relative to the repository root); repeatable.",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=None,
            help="Processes to scan with (default: one per core; large scans only).",
        ),
        click.option(
            "--checks-dir",
            "checks_dirs",
            multiple=True,
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="A folder of your own checks (ids custom.<path>); repeatable.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _prepare_scan(
    paths: tuple[Path, ...],
    params: tuple[str, ...],
    param_files: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    var_files: tuple[Path, ...],
    config_path: Path | None,
    exclude: tuple[str, ...],
    jobs: int | None = None,
) -> tuple[Any, Any]:
    """(configuration, ``ScanInputs``): flags over the configuration file."""
    from secfound.scan import ScanInputs

    config = _load_config(config_path, paths[0])
    inputs = ScanInputs(
        paths=paths,
        parameters={**config.parameters, **_key_values(params, "--param")},
        parameter_files=config.parameter_files + param_files,
        var_files=config.var_files + var_files,
        variables={**config.variables, **_key_values(tf_vars, "--var")},
        exclude=config.exclude + exclude,
        jobs=jobs,
    )
    return config, inputs


@main.command()
@scan_input_options
@click.option(
    "--baseline",
    "baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Findings in this baseline file are suppressed: only new findings fail.",
)
@report_options
@db_option
@handles_errors
def scan(
    paths: tuple[Path, ...],
    params: tuple[str, ...],
    param_files: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    var_files: tuple[Path, ...],
    config_path: Path | None,
    exclude: tuple[str, ...],
    jobs: int | None,
    checks_dirs: tuple[Path, ...],
    baseline: Path | None,
    db: str | None,
    **report: Any,
) -> None:
    """Scan CloudFormation templates and Terraform configurations under PATHS."""
    from dataclasses import replace

    from secfound.cli.run import run_scan, settings_from_options
    from secfound.cli.store_options import resolve_db_url

    config, inputs = _prepare_scan(
        paths, params, param_files, tf_vars, var_files, config_path, exclude, jobs
    )
    settings = settings_from_options(config, checks_dirs=checks_dirs, baseline=baseline, **report)
    settings = replace(settings, db_url=resolve_db_url(db, config, default_when_unset=False))
    sys.exit(int(run_scan("scan", inputs, settings)))


def _load_config(explicit: Path | None, first_path: Path) -> Any:
    from secfound.config import Config, find_config, load_config
    from secfound.discover import repository_root

    path = explicit or find_config(first_path, repository_root(first_path))
    if path is None:
        return Config()
    return load_config(path)


@main.command()
@report_options
@click.option(
    "--db",
    "db",
    metavar="URL",
    default=None,
    help="Store the demo runs in this database (SQLAlchemy URL; default: demo.db in the "
    "user data directory, apart from real runs).",
)
@click.option(
    "--no-live",
    is_flag=True,
    help="Skip the live half (the sample organization in an in-process moto).",
)
@handles_errors
def demo(db: str | None, no_live: bool, **report: Any) -> None:
    """Scan the bundled sample estate (CloudFormation and Terraform), then assess a sample
    AWS organization running it, simulated in-process by moto; no AWS account needed."""
    from dataclasses import replace

    from secfound.cli.run import run_scan, settings_from_options
    from secfound.config import Config
    from secfound.demo import estate_path
    from secfound.scan import ScanInputs
    from secfound.store.paths import demo_url

    estate = estate_path()
    settings = settings_from_options(Config(), **report)
    settings = replace(settings, db_url=db or demo_url())
    if not settings.quiet:
        click.echo(f"secfound: scanning the sample estate in {estate}", err=True)
    run_scan("demo", ScanInputs(paths=(estate,), root=estate), settings)
    if not no_live:
        from secfound.cli.demo_live import run_live_demo

        run_live_demo(settings)
    if not settings.quiet:
        click.echo(
            "secfound: the demo exits 0 whatever it finds; run "
            f"'secfound scan {estate}' to see the exit code a pipeline would get",
            err=True,
        )
    if settings.db_url is not None:
        from secfound.cli.controls_cmd import print_demo_summary
        from secfound.cli.demo_threats import print_demo_register

        if not settings.quiet:
            print_demo_summary(settings.db_url)
        # The demo ends with the sample workload's threat register (SEC01 BP07).
        print_demo_register(settings.db_url, estate, quiet=settings.quiet)
    sys.exit(int(ExitCode.OK))


@main.group()
def checks() -> None:
    """The check library."""


@checks.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handles_errors
def checks_list(fmt: str) -> None:
    """Every check: id, title, severity, resource types, objectives, references."""
    from secfound.cli.checks_view import list_checks

    list_checks(fmt)


@checks.command("show")
@click.argument("check_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@handles_errors
def checks_show(check_id: str, fmt: str) -> None:
    """One check in full: rationale, remediation, objectives, references."""
    from secfound.cli.checks_view import show_check

    show_check(check_id, fmt)


@checks.command("test")
@click.argument(
    "directories",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--namespace", default="custom", help="The id prefix of the folder's checks.")
@handles_errors
def checks_test(directories: tuple[Path, ...], namespace: str) -> None:
    """Run the case files of your own checks, as the built-in checks' tests do.

    A check DIR/s3/bucket_tagged.py has its cases in DIR/s3/bucket_tagged.yaml (or in
    DIR/tests/s3/bucket_tagged.yaml). Exit 1 when a case fails, 2 when a check or a case
    file is broken.
    """
    from secfound.cli.checks_test import run_case_folders

    sys.exit(int(run_case_folders(directories, namespace)))


@main.group()
def baseline() -> None:
    """Baselines: record today's findings so that only new ones fail a build."""


@baseline.command("create")
@scan_input_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".secfound-baseline.json"),
    show_default=True,
    help="Where to write the baseline.",
)
@click.option("--check", "checks", multiple=True, metavar="ID", help="Only these checks.")
@click.option("--skip-check", "skip_checks", multiple=True, metavar="ID", help="Not these.")
@click.option(
    "--soft-fail-on-errors",
    is_flag=True,
    default=None,
    help="Write the baseline even when some inputs could not be read.",
)
@click.option("-v", "--verbose", count=True, help="More detail on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@handles_errors
def baseline_create(
    paths: tuple[Path, ...],
    params: tuple[str, ...],
    param_files: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    var_files: tuple[Path, ...],
    config_path: Path | None,
    exclude: tuple[str, ...],
    jobs: int | None,
    checks_dirs: tuple[Path, ...],
    output: Path,
    **options: Any,
) -> None:
    """Scan PATHS and write the fingerprints of every finding that fails today.

    Inline and configured suppressions apply; an existing baseline does not. Nothing is
    written when an input could not be read (unless --soft-fail-on-errors): a baseline
    that misses a file would let its findings in unnoticed later.
    """
    from secfound.cli.run import create_baseline, settings_from_options

    config, inputs = _prepare_scan(
        paths, params, param_files, tf_vars, var_files, config_path, exclude, jobs
    )
    settings = settings_from_options(config, checks_dirs=checks_dirs, **options)
    sys.exit(int(create_baseline(inputs, settings, output)))


# Reading stored runs (secfound.cli.history).
main.add_command(history_commands.history)
main.add_command(history_commands.diff)
main.add_command(history_commands.timeline)
main.add_command(history_commands.effectiveness)
main.add_command(report_command)
main.add_command(assess_command)
main.add_command(permissions_command)
main.add_command(services_command)
# controls, recommendations, threats and wa load lazily (_LazyGroup).

__all__ = ["ConfigError", "main"]
