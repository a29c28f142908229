"""``secfound checks test DIR``: the case-file runner of the built-in checks, for user checks.

Each check ``DIR/<path>/<name>.py`` has its cases in ``DIR/<path>/<name>.yaml`` beside it,
or in ``DIR/tests/<path>/<name>.yaml``; the format is that of the built-in case files
(``secfound.checks.cases``): case names start with the expected verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from secfound.checks.cases import load_cases, run_case
from secfound.checks.registry import CheckSpec, discover_directory
from secfound.cli.exit_codes import ExitCode
from secfound.errors import SecfoundError


def case_file(directory: Path, spec: CheckSpec) -> Path | None:
    """Where the check's cases are: beside the check, else under ``tests/``."""
    source = Path(spec.source_file or "")
    beside = source.with_suffix(".yaml")
    if beside.is_file():
        return beside
    relative = source.relative_to(directory).with_suffix(".yaml")
    under_tests = directory / "tests" / relative
    return under_tests if under_tests.is_file() else None


def run_case_folders(directories: Sequence[Path], namespace: str) -> ExitCode:
    """Run every case of every check in ``directories``; print one line per case."""
    broken = failed = passed = 0
    for directory in directories:
        try:
            registry = discover_directory(directory, namespace=namespace)
        except SecfoundError as exc:
            click.echo(f"BROKEN {exc}")
            broken += 1
            continue
        for spec in registry:
            path = case_file(directory, spec)
            if path is None:
                click.echo(f"NOCASES {spec.id}: no case file beside {spec.source_file}")
                continue
            try:
                cases = load_cases(path)
            except SecfoundError as exc:
                click.echo(f"BROKEN {spec.id}: {exc}")
                broken += 1
                continue
            for case in cases:
                where = f"{path}:{case.line}"
                try:
                    status, message = run_case(spec, case, where=where)
                except (SecfoundError, KeyError) as exc:  # KeyError: an unknown _type name
                    click.echo(f"BROKEN {spec.id}::{case.name}: {exc}")
                    broken += 1
                    continue
                if status == case.expected:
                    passed += 1
                    click.echo(f"PASS {spec.id}::{case.name}")
                else:
                    failed += 1
                    click.echo(
                        f"FAIL {spec.id}::{case.name} ({where}): expected {case.expected.value}, "
                        f"got {status.value}" + (f" ({message})" if message else "")
                    )
    click.echo(f"{passed} passed, {failed} failed, {broken} broken", err=True)
    if broken:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if failed else ExitCode.OK
