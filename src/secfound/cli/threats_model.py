"""``secfound threats validate`` and ``secfound threats init``: the model file itself.

``validate`` reads a model as every other threats command will (``threats/schema.py``),
so an error shows up here first, at its file:line, with exit code 2. ``init`` drafts a
model from IaC (``--from PATH``) or from live accounts (``--live``, with the access
options of ``assess``) and writes it where no model is yet, unless ``--force``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from secfound.cli.assess_cmd import assess_options
from secfound.cli.errors import handles_errors

DEFAULT_MODEL = "threatmodel.yaml"


@click.command("validate")
@click.argument("file", default=DEFAULT_MODEL, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: a one-line summary; json: the normalized model.",
)
@handles_errors
def validate(file: Path, fmt: str) -> None:
    """Check a threat model file (default: ./threatmodel.yaml); errors at file:line, exit 2."""
    from secfound.threats.schema import load_model, model_to_data

    model = load_model(file)
    if fmt == "json":
        click.echo(json.dumps(model_to_data(model), indent=2))
        return
    counts = [
        (len(model.assets), "asset"),
        (len(model.components), "component"),
        (len(model.flows), "flow"),
        (len(model.boundaries), "boundary"),
        (len(model.actors), "actor"),
    ]
    summary = ", ".join(f"{n} {_plural(word, n)}" for n, word in counts)
    click.echo(f"{file}: valid threat model {model.name!r}: {summary}")


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


@click.command("init")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, path_type=Path),
    help="Draft from the CloudFormation and Terraform under this path.",
)
@click.option("--live", is_flag=True, help="Draft from live AWS accounts (read-only).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=DEFAULT_MODEL,
    show_default=True,
    help="Where to write the model ('-': standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--name", default=None, help="The model's name (default: from the source).")
# --live reads accounts exactly as assess does: the same options (and help) as assess.
@assess_options(
    "profile", "regions", "endpoint_url", "org", "role_name", "role_arn_template", "workers"
)
@handles_errors
def init(
    source: Path | None,
    live: bool,
    output: Path,
    force: bool,
    name: str | None,
    profile: str | None,
    regions: tuple[str, ...],
    endpoint_url: str | None,
    org: bool,
    role_name: str,
    role_arn_template: str | None,
    workers: int,
) -> None:
    """Draft a threat model from IaC (--from PATH) or live accounts (--live)."""
    from secfound.errors import ConfigError

    if (source is None) == (not live):
        raise ConfigError("give one of --from PATH or --live")
    to_stdout = str(output) == "-"
    if not to_stdout and output.exists() and not force:
        raise ConfigError(f"{output} exists; use --force to overwrite it")
    if source is not None:
        from secfound.threats.draft import draft_from_iac

        draft = draft_from_iac(source, name=name)
    else:
        from secfound.collect.live.assess import AssessSettings
        from secfound.collect.live.session import AccessSettings
        from secfound.threats.draft import draft_from_live

        settings = AssessSettings(
            access=AccessSettings(profile=profile, endpoint_url=endpoint_url),
            regions=regions,
            org=org,
            role_name=role_name,
            role_arn_template=role_arn_template,
            workers=workers,
        )
        draft = draft_from_live(settings, name=name)
    text = draft.render()
    if to_stdout:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write: {exc}", path=output) from exc
    model = draft.model
    click.echo(
        f"secfound: wrote a draft threat model to {output}: {len(model.components)} "
        f"components, {len(model.boundaries)} boundaries, {len(model.flows)} flows; "
        "add the assets and the flows between components (see the TODO comments)",
        err=True,
    )
