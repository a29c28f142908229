"""``secfound checks list|show``: the library, read from the index without importing checks."""

from __future__ import annotations

import json
from typing import Any

import click

from secfound.checks.registry import CheckSpec, Registry, builtin_registry

References = dict[str, dict[str, list[str]]]
# The reference keys every check shows, framework files first, then Checkov for migrants.
REFERENCE_KEYS = ("fsbp", "cis")


def _framework_references(registry: Registry) -> References:
    from secfound.controls.frameworks import references_by_check

    return references_by_check(registry)


def _references(spec: CheckSpec, found: References) -> dict[str, list[str]]:
    """``{"fsbp": [...], "cis": [...], "checkov": [...]}``: requirement ids citing the check."""
    mine = found.get(spec.id, {})
    keys = dict.fromkeys((*REFERENCE_KEYS, *mine))
    data = {key: list(mine.get(key, ())) for key in keys}
    data["checkov"] = list(spec.checkov)
    return data


def _as_dict(spec: CheckSpec, found: References, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": spec.id,
        "title": spec.title,
        "severity": spec.severity.label,
        "resource_types": list(spec.subject_types),
        "context_types": list(spec.context_types),
        "objectives": list(spec.objectives),
        "references": _references(spec, found),
        "aliases": list(spec.aliases),
    }
    if full:
        data["rationale"] = spec.rationale
        data["remediation"] = spec.remediation
    return data


def list_checks(fmt: str) -> None:
    registry = builtin_registry()
    if fmt == "json":
        found = _framework_references(registry)
        click.echo(json.dumps([_as_dict(s, found, full=False) for s in registry], indent=2))
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
    registry = builtin_registry()
    spec = registry.get(check_id)
    data = _as_dict(spec, _framework_references(registry), full=True)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{spec.id}: {spec.title}")
    click.echo(f"  severity:       {spec.severity.label}")
    click.echo(f"  resource types: {', '.join(spec.subject_types)}")
    if spec.context_types:
        click.echo(f"  context:        {', '.join(spec.context_types)}")
    click.echo(f"  objectives:     {', '.join(spec.objectives)}")
    cited = [f"{key}:{rid}" for key, ids in data["references"].items() for rid in ids]
    if cited:
        click.echo(f"  references:     {', '.join(cited)}")
    if spec.aliases:
        click.echo(f"  aliases:        {', '.join(spec.aliases)}")
    click.echo("")
    click.echo(spec.rationale)
    if spec.remediation:
        click.echo("\nRemediation:")
        for line in spec.remediation.splitlines():
            click.echo(f"  {line}")
