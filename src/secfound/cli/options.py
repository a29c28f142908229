"""Options shared by every command that produces findings (``scan``, ``assess``, ``demo``).

One decorator, so the flags mean the same everywhere::

    --format FMT[:PATH]   repeatable: table, json, sarif, junit, markdown, html; FMT:PATH to a file
    --output PATH         where formats without their own path go (default: stdout)
    --fail-on SEVERITY    fail on failing findings of this severity or worse (default: info)
    --fail-on-unknown     unknown and error findings fail the run too
    --check / --skip-check  run only / skip checks by id, alias, Checkov id or glob
    --soft-fail-on-errors unreadable inputs are reported but do not make the exit code 2
    -v / -q               more or less on stderr (and passed findings in the table with -v)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from secfound.report.model import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class OutputTarget:
    format: str
    path: Path | None  # None: stdout


def parse_format(text: str) -> OutputTarget:
    name, sep, path = text.partition(":")
    name = name.strip().lower()
    if name not in FORMATS:
        raise click.BadParameter(f"unknown format {name!r}; expected one of {', '.join(FORMATS)}")
    if sep and not path:
        raise click.BadParameter(f"{text!r}: give a path after the colon, or no colon")
    return OutputTarget(format=name, path=Path(path) if path else None)


def resolve_targets(formats: tuple[str, ...], output: Path | None) -> list[OutputTarget]:
    """Formats with their destinations; at most one may write to stdout."""
    targets = [parse_format(f) for f in formats] or [OutputTarget("table", None)]
    targets = [t if t.path is not None else OutputTarget(t.format, output) for t in targets]
    to_stdout = [t.format for t in targets if t.path is None]
    if len(to_stdout) > 1:
        raise click.UsageError(
            f"formats {', '.join(to_stdout)} would all write to stdout: "
            "give all but one a path (--format json:report.json)"
        )
    return targets


def report_options(function: F) -> F:
    decorators = [
        click.option(
            "--format",
            "formats",
            multiple=True,
            metavar="FMT[:PATH]",
            help=f"Output format ({', '.join(FORMATS)}); repeatable; FMT:PATH writes to a file.",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to this file instead of stdout.",
        ),
        click.option(
            "--fail-on",
            metavar="SEVERITY",
            default=None,
            help="Exit 1 when a failing finding has this severity or worse "
            "(info, low, medium, high, critical, never). Default: info.",
        ),
        click.option(
            "--fail-on-unknown/--no-fail-on-unknown",
            default=None,
            help="Unknown and error findings also make the exit code 1.",
        ),
        click.option(
            "--check",
            "checks",
            multiple=True,
            metavar="ID",
            help="Run only these checks (id, alias, Checkov id or glob); repeatable.",
        ),
        click.option(
            "--skip-check",
            "skip_checks",
            multiple=True,
            metavar="ID",
            help="Skip these checks (id, alias, Checkov id or glob); repeatable.",
        ),
        click.option(
            "--soft-fail-on-errors/--no-soft-fail-on-errors",
            default=None,
            help="Report unreadable inputs without making the exit code 2.",
        ),
        click.option(
            "-v", "--verbose", count=True, help="More detail (passed findings, skipped files)."
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress on stderr."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function
