"""The pipeline every findings command shares: select checks, collect, evaluate, report."""

from __future__ import annotations

import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click

from secfound._version import __version__
from secfound.checks.registry import Registry, builtin_registry
from secfound.cli.exit_codes import ExitCode, FailPolicy, exit_code_for, parse_fail_on
from secfound.cli.options import OutputTarget, resolve_targets
from secfound.config import CheckFolder, Config
from secfound.errors import ConfigError
from secfound.report.model import RunReport
from secfound.scan import ScanInputs


@dataclass(frozen=True)
class ReportSettings:
    """The shared options after merging flags over the configuration file."""

    targets: tuple[OutputTarget, ...]
    policy: FailPolicy
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    verbose: int
    quiet: bool
    # Suppressions, severity overrides and user check folders come from here.
    config: Config = field(default_factory=Config)
    checks_dirs: tuple[CheckFolder, ...] = ()
    baseline: Path | None = None
    # Where the run is stored (secfound.cli.store_options.resolve_db_url); None: not stored.
    db_url: str | None = None


def settings_from_options(
    config: Config,
    *,
    formats: tuple[str, ...] = (),
    output: Path | None = None,
    fail_on: str | None = None,
    fail_on_unknown: bool | None = None,
    checks: tuple[str, ...] = (),
    skip_checks: tuple[str, ...] = (),
    soft_fail_on_errors: bool | None = None,
    verbose: int = 0,
    quiet: bool = False,
    checks_dirs: tuple[Path, ...] = (),
    baseline: Path | None = None,
) -> ReportSettings:
    """Flags win over the configuration file; the file wins over defaults."""
    try:
        threshold = parse_fail_on(fail_on or config.fail_on or "info")
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from None
    return ReportSettings(
        targets=tuple(resolve_targets(formats, output)),
        policy=FailPolicy(
            fail_on=threshold,
            fail_on_unknown=_first(fail_on_unknown, config.fail_on_unknown),
            soft_fail_on_errors=_first(soft_fail_on_errors, config.soft_fail_on_errors),
        ),
        include=checks or config.checks,
        exclude=skip_checks + config.skip_checks,
        verbose=verbose,
        quiet=quiet,
        config=config,
        checks_dirs=config.checks_dirs + tuple(CheckFolder(path=p) for p in checks_dirs),
        baseline=baseline or config.baseline,
    )


def _first(flag: bool | None, configured: bool | None) -> bool:
    return bool(flag if flag is not None else configured)


def known_checks(settings: ReportSettings) -> Registry:
    """The built-in checks and those of the user's check folders (an id collision is an error)."""
    registry = builtin_registry()
    if settings.checks_dirs:
        from secfound.checks.registry import discover_directory

        for folder in settings.checks_dirs:
            registry = registry.merge(discover_directory(folder.path, namespace=folder.namespace))
    return registry


def run_scan(command: str, inputs: ScanInputs, settings: ReportSettings) -> ExitCode:
    """Run a scan-like command end to end and write every requested output."""
    from secfound.cli.gc_tuning import fewer_collections

    with fewer_collections():
        report = scan_report(command, inputs, settings)
        write_outputs(report, settings)
    if settings.db_url is not None:
        from secfound.cli.store_options import store_run

        store_run(
            report,
            settings.db_url,
            quiet=settings.quiet,
            hint=command == "demo",
            include=settings.include,
            exclude=settings.exclude,
        )
    return exit_code_for(report, settings.policy)


def scan_report(
    command: str, inputs: ScanInputs, settings: ReportSettings, *, use_baseline: bool = True
) -> RunReport:
    """Collect, evaluate and apply suppressions; ``use_baseline=False`` when making one."""
    from secfound.suppress.apply import suppress_run
    from secfound.workers import collect_and_evaluate

    started = datetime.now(UTC)
    progress = None if settings.quiet else progress_printer
    known = known_checks(settings)
    registry = known.select(settings.include, settings.exclude)
    baseline = None
    if use_baseline and settings.baseline is not None:
        from secfound.suppress.baseline import load_baseline

        baseline = load_baseline(settings.baseline)
    evaluated = collect_and_evaluate(inputs, registry, progress, jobs=inputs.jobs)
    if progress:
        progress(f"ran {len(registry)} checks on {evaluated.resource_count} resources")
    outcome = suppress_run(
        evaluated.findings,
        annotations=evaluated.annotations(),
        roots=[Path(root) for root in evaluated.roots],
        registry=known,
        config=settings.config,
        baseline=baseline,
        today=started.date(),
    )
    report = RunReport(
        tool_version=__version__,
        command=command,
        run_id=str(uuid.uuid4()),
        started=started,
        finished=datetime.now(UTC),
        roots=evaluated.roots,
        source_units=dict(Counter(unit.kind for unit in evaluated.units)),
        resource_count=evaluated.resource_count,
        checks_run=len(registry),
        findings=outcome.findings,
        titles={spec.id: spec.title for spec in registry},
        errors=evaluated.errors + outcome.errors,
        passed_over=evaluated.passed_over,
        resources=tuple(seen for unit in evaluated.units for seen in unit.seen),
    )
    if progress and settings.verbose:
        for unit in evaluated.units:
            for notice in unit.notices:
                progress(notice)
        for notice in outcome.notices:
            progress(notice)
    return report


def create_baseline(inputs: ScanInputs, settings: ReportSettings, output: Path) -> ExitCode:
    """``secfound baseline create``: scan, then write what fails today to ``output``."""
    from secfound.suppress.baseline import write_baseline

    report = scan_report("baseline create", inputs, settings, use_baseline=False)
    for error in report.errors:
        click.echo(f"secfound: {error}", err=True)
    if report.errors and not settings.policy.soft_fail_on_errors:
        click.echo("secfound: error: inputs could not be read; no baseline written", err=True)
        return ExitCode.ERROR
    count = write_baseline(
        output, report.findings, tool_version=__version__, created=report.started
    )
    if not settings.quiet:
        progress_printer(f"wrote {count} finding(s) to {output}")
    return ExitCode.OK


def write_outputs(report: RunReport, settings: ReportSettings) -> None:
    for target in settings.targets:
        if target.path is None:
            _render(report, target.format, sys.stdout, settings)
            continue
        try:
            target.path.parent.mkdir(parents=True, exist_ok=True)
            with target.path.open("w", encoding="utf-8") as stream:
                _render(report, target.format, stream, settings)
        except OSError as exc:
            raise ConfigError(
                f"cannot write {target.format} report: {exc}", path=target.path
            ) from exc


def _render(report: RunReport, fmt: str, stream: object, settings: ReportSettings) -> None:
    if fmt == "json":
        from secfound.report.json_report import render_json

        stream.write(render_json(report))  # type: ignore[attr-defined]
    elif fmt == "table":
        from secfound.report.table import render_table

        render_table(report, stream, verbose=settings.verbose > 0)  # type: ignore[arg-type]
    elif fmt == "sarif":
        from secfound.report.sarif import render_sarif

        stream.write(render_sarif(report))  # type: ignore[attr-defined]
    elif fmt == "junit":
        from secfound.report.junit import render_junit

        stream.write(render_junit(report))  # type: ignore[attr-defined]
    elif fmt == "markdown":
        from secfound.report.markdown import render_markdown

        stream.write(render_markdown(report))  # type: ignore[attr-defined]
    elif fmt == "html":
        from secfound.report.html import render_html

        # Redirected stdout is fine (``> report.html``); a terminal would get a page of markup.
        if getattr(stream, "isatty", lambda: False)():
            raise ConfigError("not writing HTML to a terminal: use --format html:FILE or -o FILE")
        page = render_html(report, registry=known_checks(settings))
        stream.write(page)  # type: ignore[attr-defined]
    else:  # pragma: no cover - resolve_targets only lets known formats through
        raise ConfigError(f"unknown format {fmt}")


def progress_printer(message: str) -> None:
    click.echo(f"secfound: {message}", err=True)
