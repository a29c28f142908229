"""``secfound services``: the security services inventory (SEC01 BP08) as a matrix.

It runs only the inventory collectors, through the same ``assess`` as ``secfound assess``
(same credentials, regions, organization and role options), and prints one row per account
and region (global services on a row of their own) with one column per service: enabled,
delegated, off or unknown (a denied call: never shown as off). JSON lists the same cells
with their detail, the catalog's words and the blueprint's expectation. The findings on
expected services that are off come from ``secfound assess`` (checks ``aws.services.*``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from secfound.cli.assess_cmd import assess as _assess_command
from secfound.cli.errors import handles_errors

UNKNOWN = "unknown"
_SHARED = ("profile", "regions", "endpoint_url", "org", "role_name", "role_arn_template", "workers")


def _shared_options(function: Any) -> Any:
    """The account and region options of ``secfound assess``, reused as they are there."""
    for param in reversed(_assess_command.params):
        if param.name in _SHARED:
            function.__click_params__ = [*getattr(function, "__click_params__", []), param]
    return function


@click.command()
@_shared_options
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
    fmt: str,
) -> None:
    """The security services of each account and region: enabled, delegated or off."""
    from secfound.cli.run import progress_printer
    from secfound.collect.live.assess import AssessSettings, assess
    from secfound.collect.live.collector import builtin_collectors
    from secfound.collect.live.session import AccessSettings

    settings = AssessSettings(
        access=AccessSettings(profile=profile, endpoint_url=endpoint_url),
        regions=regions,
        org=org,
        role_name=role_name,
        role_arn_template=role_arn_template,
        workers=workers,
    )
    specs = [s for s in builtin_collectors() if s.id.startswith("inventory_")]
    run = assess(settings, collectors=specs, progress=progress_printer)
    cells = inventory_cells(
        r for unit in run.results for r in unit.resources if type(r).__name__ == "SecurityService"
    )
    gaps = [
        {"account": g.account, "region": g.region, "service": g.service, "reason": g.reason}
        for g in run.gaps
    ]
    if fmt == "json":
        click.echo(json.dumps(inventory_document(cells, run.accounts, run.regions, gaps), indent=2))
        return
    click.echo(inventory_table(cells))
    for gap in gaps:
        click.echo(f"secfound: gap {gap['account']}/{gap['region']} {gap['reason']}", err=True)


def inventory_cells(resources: Any) -> list[dict[str, Any]]:
    """One plain cell per ``SecurityService``: an unresolved state is ``unknown`` with
    the reason, in account, region (global last) and catalog order."""
    from secfound.controls.blueprint import service_catalog
    from secfound.model.values import Unresolved

    order = {service_id: index for index, service_id in enumerate(service_catalog())}
    cells = []
    for r in resources:
        unresolved = isinstance(r.state, Unresolved)
        cells.append(
            {
                "account": r.account_id,
                "region": r.region,
                "service": r.service,
                "name": r.name,
                "state": UNKNOWN if unresolved else r.state,
                "detail": list(r.detail),
                "administrator": r.administrator,
                "expected": r.expected,
                **({"reason": r.state.expression} if unresolved else {}),
            }
        )
    cells.sort(
        key=lambda c: (c["account"], c["region"] == "global", c["region"], order[c["service"]])
    )
    return cells


def inventory_document(
    cells: list[dict[str, Any]],
    accounts: Sequence[str],
    regions: Sequence[str],
    gaps: list[dict[str, str]],
) -> dict[str, Any]:
    """The JSON form: the catalog (with the blueprint's expectation), then the cells."""
    from secfound.controls.blueprint import default_blueprint, service_catalog

    blueprint = default_blueprint()
    return {
        "schema_version": 1,
        "accounts": list(accounts),
        "regions": list(regions),
        "services": [
            {
                "id": spec.id,
                "name": spec.name,
                "scope": spec.scope,
                "purpose": spec.purpose,
                "objectives": list(spec.objectives),
                "expected": blueprint.expects(spec.id),
            }
            for spec in service_catalog().values()
        ],
        "inventory": cells,
        "gaps": gaps,
    }


def inventory_table(cells: list[dict[str, Any]]) -> str:
    """Plain text: rows are account/region, columns services; ``*`` marks the services the
    blueprint expects, and ``OFF`` (upper case) an expected service that is off."""
    from secfound.controls.blueprint import default_blueprint, service_catalog

    blueprint = default_blueprint()
    columns = list(service_catalog())
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for cell in cells:
        text = cell["state"]
        if text == "off" and cell["expected"]:
            text = "OFF"
        rows.setdefault((cell["account"], cell["region"]), {})[cell["service"]] = text
    headers = ["account", "region", *(c + ("*" if blueprint.expects(c) else "") for c in columns)]
    body = [
        [account, region, *(row.get(c, "-") for c in columns)]
        for (account, region), row in rows.items()
    ]
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]
    lines = [
        "  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True))
        for line in [headers, *body]
    ]
    lines.append("* expected by the blueprint; OFF: expected and off (a failed finding in assess)")
    return "\n".join(line.rstrip() for line in lines)
