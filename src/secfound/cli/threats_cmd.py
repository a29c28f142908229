"""``secfound threats``: the threat model (validate, init), its register (register, accept,
diff, history) and its data-flow diagram. Each subcommand lives in its own module; this
is the group (loaded only when ``secfound threats`` is named)."""

from __future__ import annotations

import click

from secfound.cli import threats_diagram, threats_model, threats_register


@click.group()
def threats() -> None:
    """Threat model as code: validate, draft, register, accept, diff, diagram."""


threats.add_command(threats_model.validate)
threats.add_command(threats_model.init)
threats.add_command(threats_register.register)
threats.add_command(threats_register.accept)
threats.add_command(threats_register.diff)
threats.add_command(threats_register.history)
threats.add_command(threats_diagram.diagram)
