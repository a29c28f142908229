"""``secfound threats``: the threat model (validate, init), its register (register, accept,
diff) and its data-flow diagram. Each subcommand lives in its own module; this is the group."""

from __future__ import annotations

import click


@click.group()
def threats() -> None:
    """Threat model as code: validate, draft, register, accept, diff, diagram."""


# Subcommands register below, one line each (modules under secfound.cli.threats_*).
from secfound.cli import threats_register  # noqa: E402

threats.add_command(threats_register.register)
threats.add_command(threats_register.accept)
threats.add_command(threats_register.diff)
threats.add_command(threats_register.history)
threats.add_command(__import__("secfound.cli.threats_diagram", fromlist=["diagram"]).diagram)
threats.add_command(__import__("secfound.cli.threats_model", fromlist=["validate"]).validate)
threats.add_command(__import__("secfound.cli.threats_model", fromlist=["init"]).init)
