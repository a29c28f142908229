"""``secfound checks list|show``: the library, read from the index without importing checks."""

from __future__ import annotations

import json
from typing import Any

import click

from secfound.checks.registry import CheckSpec, builtin_registry


def _references(spec: CheckSpec) -> list[str]:
    """Framework references; Checkov ids for users who migrate (framework files add more)."""
    return [f"checkov:{c}" for c in spec.checkov]


def _as_dict(spec: CheckSpec, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": spec.id,
        "title": spec.title,
        "severity": spec.severity.label,
        "resource_types": list(spec.subject_types),
        "context_types": list(spec.context_types),
        "objectives": list(spec.objectives),
        "references": _references(spec),
        "aliases": list(spec.aliases),
    }
    if full:
        data["rationale"] = spec.rationale
        data["remediation"] = spec.remediation
    return data


def list_checks(fmt: str) -> None:
    registry = builtin_registry()
    if fmt == "json":
        click.echo(json.dumps([_as_dict(s, full=False) for s in registry], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    for column in ("Id", "Severity", "Resource types", "Title"):
        table.add_column(column)
    for spec in registry:
        table.add_row(spec.id, spec.severity.label, ", ".join(spec.subject_types), spec.title)
    console = Console(highlight=False)
    console.print(table)
    console.print(f"{len(registry)} checks")


def show_check(check_id: str, fmt: str) -> None:
    spec = builtin_registry().get(check_id)
    data = _as_dict(spec, full=True)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{spec.id}: {spec.title}")
    click.echo(f"  severity:       {spec.severity.label}")
    click.echo(f"  resource types: {', '.join(spec.subject_types)}")
    if spec.context_types:
        click.echo(f"  context:        {', '.join(spec.context_types)}")
    click.echo(f"  objectives:     {', '.join(spec.objectives)}")
    if data["references"]:
        click.echo(f"  references:     {', '.join(data['references'])}")
    if spec.aliases:
        click.echo(f"  aliases:        {', '.join(spec.aliases)}")
    click.echo("")
    click.echo(spec.rationale)
    if spec.remediation:
        click.echo("\nRemediation:")
        for line in spec.remediation.splitlines():
            click.echo(f"  {line}")
