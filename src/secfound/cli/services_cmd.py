"""``secfound services``: the security services inventory (SEC01 BP08) as a matrix.

It runs only the inventory collectors, through the same ``assess`` as ``secfound assess``
(same credentials, regions, organization and role options), and prints one row per account
and region (global services on a row of their own) with one column per service: enabled,
delegated, off or unknown (a denied call: never shown as off). JSON lists the same cells
with their detail, the catalog's words and the blueprint's expectation. The blueprint is
``--blueprint``, else ``blueprint:`` of .secfound.yaml, else the packaged default. The
findings on expected services that are off come from ``secfound assess`` (checks
``aws.services.*``), whose HTML report draws the same matrix (``report/services_view``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secfound.cli.assess_cmd import assess_options
from secfound.cli.errors import handles_errors

if TYPE_CHECKING:
    from secfound.controls.blueprint import Blueprint
    from secfound.report.services_view import ServiceMatrix

_SHARED = (
    "profile",
    "regions",
    "endpoint_url",
    "org",
    "role_name",
    "role_arn_template",
    "workers",
    "blueprint_path",
    "config_path",
)


@click.command()
@assess_options(*_SHARED)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@handles_errors
def services(
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    org: bool,
    role_name: str,
    role_arn_template: str | None,
    workers: int,
    blueprint_path: Path | None,
    config_path: Path | None,
    fmt: str,
) -> None:
    """The security services of each account and region: enabled, delegated or off."""
    from secfound.cli.assess_cmd import blueprint_setting
    from secfound.cli.run import progress_printer
    from secfound.collect.live.assess import AssessSettings, assess
    from secfound.collect.live.collector import builtin_collectors
    from secfound.collect.live.session import AccessSettings
    from secfound.config import Config, find_config, load_config
    from secfound.controls.blueprint import default_blueprint
    from secfound.discover import repository_root
    from secfound.report.services_view import build_matrix, cells_from_resources

    here = Path.cwd()
    path = config_path or find_config(here, repository_root(here))
    config = load_config(path) if path is not None else Config()
    blueprint = blueprint_setting(blueprint_path, config, quiet=False)
    settings = AssessSettings(
        access=AccessSettings(profile=profile, endpoint_url=endpoint_url),
        regions=regions,
        org=org,
        role_name=role_name,
        role_arn_template=role_arn_template,
        workers=workers,
        blueprint=blueprint,
    )
    specs = [s for s in builtin_collectors() if s.id.startswith("inventory_")]
    run = assess(settings, collectors=specs, progress=progress_printer)
    in_force = blueprint if blueprint is not None else default_blueprint()
    matrix = build_matrix(
        cells_from_resources(r for unit in run.results for r in unit.resources),
        in_force.expects,
    )
    gaps = [
        {"account": g.account, "region": g.region, "service": g.service, "reason": g.reason}
        for g in run.gaps
    ]
    if fmt == "json":
        document = inventory_document(matrix, run.accounts, run.regions, gaps, in_force)
        click.echo(json.dumps(document, indent=2))
        return
    click.echo(inventory_table(matrix))
    for gap in gaps:
        click.echo(f"secfound: gap {gap['account']}/{gap['region']} {gap['reason']}", err=True)


def inventory_document(
    matrix: ServiceMatrix,
    accounts: Sequence[str],
    regions: Sequence[str],
    gaps: list[dict[str, str]],
    blueprint: Blueprint,
) -> dict[str, Any]:
    """The JSON form: the catalog (with the blueprint's expectation), then the cells."""
    return {
        "schema_version": 1,
        "accounts": list(accounts),
        "regions": list(regions),
        "blueprint": blueprint.path,
        "services": [
            {
                "id": column.id,
                "name": column.name,
                "scope": column.scope,
                "purpose": column.purpose,
                "objectives": list(column.objectives),
                "expected": column.expected,
            }
            for column in matrix.columns
        ],
        "inventory": [cell.as_json() for row in matrix.rows for cell in row.cells if cell],
        "gaps": gaps,
    }


def inventory_table(matrix: ServiceMatrix) -> str:
    """Plain text: rows are account/region, columns services; ``*`` marks the services the
    blueprint expects, and ``OFF`` (upper case) an expected service that is off."""
    headers = ["account", "region", *(c.id + ("*" if c.expected else "") for c in matrix.columns)]
    body = [
        [
            row.account,
            row.region,
            *(
                "-" if cell is None else "OFF" if cell.expected_and_off else cell.state
                for cell in row.cells
            ),
        ]
        for row in matrix.rows
    ]
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]
    lines = [
        "  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True))
        for line in [headers, *body]
    ]
    lines.append("* expected by the blueprint; OFF: expected and off (a failed finding in assess)")
    return "\n".join(line.rstrip() for line in lines)
