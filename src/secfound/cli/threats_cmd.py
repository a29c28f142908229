"""``secfound threats``: the threat model (validate, init), its register (register, accept,
diff) and its data-flow diagram. Each subcommand lives in its own module; this is the group."""

from __future__ import annotations

import click


@click.group()
def threats() -> None:
    """Threat model as code: validate, draft, register, accept, diff, diagram."""


# Subcommands register below, one line each (modules under secfound.cli.threats_*).
