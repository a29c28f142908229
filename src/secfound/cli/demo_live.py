"""The live half of ``secfound demo``: ``assess --org`` on a sample organization in moto.

The IaC half scans the bundled ``orders`` estate; this half deploys the same application
into a member account of an insecure organization (``secfound.demo.live``), assesses it
with the real live pipeline and writes its report after the IaC one:

- a table on stdout follows the IaC table under a heading;
- a report written to a file goes beside the IaC one, ``.live`` before its suffix
  (``report.json`` -> ``report.live.json``);
- a machine-readable report on stdout (``--format json``) stays one document: the live
  run is only stored, and stderr says how to read it back.

The run goes to the demo's database, where its scope (accounts and regions) keeps it apart
from the IaC runs. Without moto (installed by the ``demo`` extra) the live half is skipped
with one line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from secfound.cli.options import OutputTarget
    from secfound.cli.run import ReportSettings
    from secfound.demo.live import SampleOrganization

INSTALL_HINT = "pip install 'secfound[demo]'"


def run_live_demo(settings: ReportSettings) -> None:
    """Build the sample organization, assess it, write and store the report."""
    from secfound.cli.assess_cmd import assess_report
    from secfound.cli.gc_tuning import fewer_collections
    from secfound.cli.run import write_outputs
    from secfound.collect.live.assess import AssessSettings
    from secfound.demo.live import MotoMissing, build_sample_organization, offline_aws

    def say(message: str) -> None:
        if not settings.quiet:
            click.echo(message, err=True)

    try:
        with offline_aws(), fewer_collections():
            say("secfound: building the sample organization in moto (in-process, offline)")
            organization = build_sample_organization()
            live = AssessSettings(regions=organization.regions, org=True)
            report, _run = assess_report(settings, live)
    except MotoMissing:
        say(f"secfound: live demo skipped: moto is not installed ({INSTALL_HINT})")
        return
    on_stdout = [t for t in settings.targets if t.path is None]
    if any(t.format == "table" for t in on_stdout):
        click.echo()
        click.echo(_heading(organization))
    write_outputs(report, replace(settings, targets=_live_targets(settings.targets)))
    run_id = None
    if settings.db_url is not None:
        from secfound.cli.store_options import store_run

        run_id = store_run(report, settings.db_url, quiet=settings.quiet, hint=True)
    if run_id is not None and settings.db_url and any(t.format != "table" for t in on_stdout):
        from secfound.store.database import mask_url

        say(
            f"secfound: the live report is stored, not printed: secfound report --db "
            f"{mask_url(settings.db_url)} --run {run_id} --format json"
        )
    if report.gaps:
        say(
            f"secfound: {len(report.gaps)} coverage gap(s) in the live demo, mostly services "
            "moto does not mock ('Not yet implemented'); a call AWS denies shows the same way"
        )


def _heading(organization: SampleOrganization) -> str:
    return (
        f"Live: the sample organization in moto, assessed with 'assess --org' "
        f"(management {organization.management}, member {organization.workload} running "
        f"the orders estate; regions {', '.join(organization.regions)})"
    )


def _live_targets(targets: tuple[OutputTarget, ...]) -> tuple[OutputTarget, ...]:
    """Tables on stdout stay; files get ``.live`` before their suffix; other stdout
    formats are dropped (one document per stream)."""
    kept: list[OutputTarget] = []
    for target in targets:
        if target.path is not None:
            kept.append(replace(target, path=live_path(target.path)))
        elif target.format == "table":
            kept.append(target)
    return tuple(kept)


def live_path(path: Path) -> Path:
    """``report.json`` -> ``report.live.json``; ``report`` -> ``report.live``."""
    return path.with_name(f"{path.stem}.live{path.suffix}")
