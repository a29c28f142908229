"""The end of ``secfound demo``: the threat register of the sample workload.

The sample estate carries the workload's threat model (``threatmodel.yaml`` beside its
templates). After the scans and the live assessment are stored, the demo raises the
model's threats, scores them on that evidence (IaC, and live where the model names live
ARNs) and stores the register in the demo database, then prints the riskiest few.

Some control objectives have manual controls that no API shows, so without an attestation
they stay unknown and nothing they mitigate can count as mitigated. To show the whole
path, the demo records attestations for a few of them in its own database, in the name of
a sample team and with a sample evidence link, and says so; a real database only ever
holds the attestations someone made with ``secfound controls attest``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine

# What the sample team attests in the demo database (objective ids with manual controls).
DEMO_ATTESTED = (
    "audit-trail-complete-and-protected",
    "data-not-publicly-accessible",
    "least-privilege-permissions",
)
DEMO_TEAM = "sample security team (demo data)"
DEMO_EVIDENCE = "https://example.com/secfound-demo/attestation"
SHOWN = 8  # register rows printed; the rest are in the stored register


def print_demo_register(db_url: str, estate: Path, *, quiet: bool = False) -> None:
    """Attest the sample manual controls (once), score and store the register, and print
    it unless ``quiet``."""
    from secfound.checks.registry import builtin_registry
    from secfound.cli.threats_register import load_threats
    from secfound.controls.catalog import load_catalog
    from secfound.store.database import mask_url, open_store
    from secfound.store.threats import save_register, threat_register

    model_path = estate / "threatmodel.yaml"
    registry = builtin_registry()
    catalog = load_catalog(registry=registry)
    model, threats, digest = load_threats(model_path, (), catalog.objectives)
    today = datetime.now(UTC).date()
    engine = open_store(db_url)
    try:
        attested = _attest_samples(engine, today)
        register = threat_register(
            engine,
            model,
            threats,
            catalog=catalog,
            registry=registry,
            today=today,
            model_sha256=digest,
        )
        register_id = save_register(engine, register)
    finally:
        engine.dispose()
    if quiet:
        return
    if attested:
        click.echo(
            f"secfound: demo: recorded sample attestations for {', '.join(attested)} "
            f"(by '{DEMO_TEAM}'; a real database holds only 'secfound controls attest')",
            err=True,
        )
    counts = ", ".join(f"{n} {status}" for status, n in register.counts().items() if n)
    click.echo(
        f"secfound: threat register of '{model.name}' ({len(register.entries)} threats: "
        f"{counts}; open residual risk {register.open_residual}), riskiest first:",
        err=True,
    )
    for entry in register.entries[:SHOWN]:
        click.echo(
            f"  {entry.residual:>2} {entry.residual_band:<8} {entry.status:<9} "
            f"{entry.threat_id}  {entry.title}",
            err=True,
        )
    db = mask_url(db_url)
    click.echo(
        f"secfound: stored register {register_id[:8]}; the whole register: secfound threats "
        f"register {model_path} --db {db} --no-store; diagram: secfound threats diagram "
        f"{model_path} --db {db} --format svg -o orders.svg",
        err=True,
    )


def _attest_samples(engine: Engine, today: date) -> list[str]:
    """Attest the sample objectives that hold no valid attestation yet; their ids."""
    from secfound.controls.status import latest_attestations
    from secfound.store.attestations import add_attestation, list_attestations

    current = latest_attestations(list_attestations(engine))
    made = []
    for objective in DEMO_ATTESTED:
        found = current.get(objective)
        if found is not None and found.valid_on(today):
            continue
        add_attestation(
            engine,
            objective_id=objective,
            attested_by=DEMO_TEAM,
            expires_on=today + timedelta(days=90),
            evidence_uri=DEMO_EVIDENCE,
            statement="Sample attestation recorded by secfound demo.",
        )
        made.append(objective)
    return made
