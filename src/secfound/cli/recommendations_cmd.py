"""``secfound recommendations``: what newer framework versions bring, and where the
workload stands on it (SEC01-BP05).

* ``recommendations [--framework NEWER-ID] [--all]``: for every framework that supersedes
  another (CIS 3.0.0 → 5.0.0, imported ones) and every release pair of the
  Well-Architected file, what the newer version adds, changes and retires; each added or
  changed recommendation with its state from the stored runs and whether it is adopted
  (``adopted:`` in ``.secfound.yaml``, or its checks pass). Those not yet met or not
  adopted are marked.
* ``recommendations import FILE [--catalog DIR] [--replace]``: take in a newer framework
  version without a code change. The file is validated with the whole catalog around it
  (schema, ``supersedes``, ``previous`` ids, cited checks and objectives) in a temporary
  copy of the target directory, so an error names FILE:line and nothing is written; then
  it is copied to ``DIR/frameworks/<id>.yaml`` (default: the user's catalog directory,
  which ``load_user_catalog`` adds to every catalog) and its changes are printed.

Only click is imported at start-up; the catalog and the store load inside the commands.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from secfound.cli.controls_cmd import DB_HELP, STATE_STYLE, catalog_option, load_user_catalog
from secfound.cli.errors import handles_errors

if TYPE_CHECKING:
    from secfound.controls.catalog import Catalog
    from secfound.controls.recommendations import Adoption, Change, VersionChanges
    from secfound.controls.status import RequirementStatus

_STYLE = {**STATE_STYLE, "not judged": "dim"}
_KIND_STYLE = {"added": "green", "changed": "cyan", "retired": "magenta", "unchanged": "dim"}


@click.group("recommendations", invoke_without_command=True)
@click.option(
    "--framework",
    "newer",
    metavar="NEWER-ID",
    default=None,
    help="Only this framework against the one it supersedes (or its releases: wa-sec01).",
)
@click.option("--db", "db", metavar="URL", default=None, help=DB_HELP)
@catalog_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--all", "show_all", is_flag=True, help="Also list the unchanged recommendations.")
@click.pass_context
def recommendations(
    ctx: click.Context,
    newer: str | None,
    db: str | None,
    catalog_dirs: tuple[Path, ...],
    fmt: str,
    show_all: bool,
) -> None:
    """What each newer framework version adds, changes or retires, and which of those the
    workload does not yet meet or has not adopted."""
    if ctx.invoked_subcommand is not None:
        return
    handles_errors(_show)(newer, db, catalog_dirs, fmt, show_all)


def _show(
    newer: str | None, db: str | None, catalog_dirs: Sequence[Path], fmt: str, show_all: bool
) -> None:
    from secfound.cli.store_options import config_here
    from secfound.controls.recommendations import catalog_changes, judge, parse_adopted

    catalog = load_user_catalog(catalog_dirs)
    changes = catalog_changes(catalog, newer)
    config = config_here()
    adoption = parse_adopted(getattr(config, "adopted", ()) or ())
    unknown = adoption.unknown(catalog)
    if unknown:
        click.echo(
            "secfound: warning: adopted: names no framework or requirement of the catalog: "
            + ", ".join(unknown),
            err=True,
        )
    statuses, runs, note = _statuses(db, config, catalog, {c.framework for c in changes})
    judged = tuple(
        judge(c, statuses.get(c.framework) if statuses is not None else None, adoption)
        for c in changes
    )
    if fmt == "json":
        document = recommendations_document(judged, adoption, unknown, runs, note, show_all)
        click.echo(json.dumps(document, indent=2))
        return
    _print(judged, runs, note, show_all)


def recommendations_document(
    changes: Sequence[VersionChanges],
    adoption: Adoption,
    unknown: Sequence[str],
    runs: Sequence[str],
    note: str | None,
    show_all: bool,
) -> dict[str, Any]:
    """The JSON form of ``secfound recommendations``."""
    return {
        "evidence": {"judged": note is None, "runs": list(runs), "note": note},
        "adopted": adoption.as_list(),
        "unknown_adopted": list(unknown),
        "sources": [c.as_dict(include_unchanged=show_all) for c in changes],
    }


def _statuses(
    db: str | None, config: Any, catalog: Catalog, framework_ids: set[str]
) -> tuple[dict[str, dict[str, RequirementStatus]] | None, tuple[str, ...], str | None]:
    """Requirement states per framework from the run store, the run ids used, and a note
    when nothing could be judged. Without a configured store, a missing default store
    means "not judged"; a store named by --db, SECFOUND_DB or the config must open."""
    from secfound.cli.store_options import open_for_reading, resolve_db_url
    from secfound.errors import StoreError

    explicit = resolve_db_url(db, config, default_when_unset=False) is not None
    try:
        engine = open_for_reading(db)
    except StoreError:
        if explicit:
            raise
        return None, (), "no run store yet; store a scan or an assess to judge the states"
    try:
        from secfound.cli.controls_cmd import user_registry
        from secfound.controls.assessment import StatusQuery, controls_status
        from secfound.store.history import require_runs

        try:
            require_runs(engine)
        except StoreError:
            return None, (), "no runs stored yet; store a scan or an assess to judge the states"
        registry = user_registry()
        today = datetime.now(UTC).date()
        found: dict[str, dict[str, RequirementStatus]] = {}
        runs: dict[str, None] = {}
        for framework_id in sorted(framework_ids):
            result = controls_status(
                engine,
                StatusQuery(framework=framework_id),
                catalog=catalog,
                registry=registry,
                today=today,
            )
            found[framework_id] = {item.id: item for item in result.requirements}
            runs.update(dict.fromkeys(run.id for run in result.evidence.runs))
    finally:
        engine.dispose()
    return found, tuple(runs), None


def _print(
    changes: Sequence[VersionChanges], runs: Sequence[str], note: str | None, show_all: bool
) -> None:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=False)
    if note is not None:
        console.print(f"[yellow]States not judged: {note}.[/]")
    else:
        console.print(f"States from {len(runs)} stored run(s), the latest of each scope.")
    total = 0
    for item in changes:
        console.print()
        print_changes(console, item, show_all=show_all)
        total += len(item.attention)
    console.print(
        f"\n{total} added or changed recommendation(s) not yet met or not adopted "
        "(marked !); adopt them in .secfound.yaml (adopted: [FRAMEWORK-ID:REQUIREMENT-ID])."
    )


def print_changes(console: Any, item: VersionChanges, *, show_all: bool = False) -> None:
    """One source's diff as a heading, a count line and a table."""
    from rich.table import Table

    console.print(f"[bold]{item.title}[/]  ({item.older} → {item.newer})")
    counts = item.counts()
    line = ", ".join(f"{counts[key]} {key}" for key in ("added", "changed", "retired", "unchanged"))
    if item.judged:
        line += f"; {counts['needs_attention']} not yet met or not adopted"
    console.print(line)
    rows = item.listed + (item.unchanged if show_all else ())
    if not rows:
        return
    table = Table(header_style="bold", show_edge=False)
    columns = ["Change", "Id", "Title", "What changed"]
    if item.judged:
        columns = ["", *columns, "State", "Adopted"]
    for column in columns:
        table.add_column(column, overflow="fold")
    for change in rows:
        cells = [
            f"[{_KIND_STYLE[change.kind]}]{change.kind}[/]",
            f"{change.number} {change.id}" if change.number else change.id,
            change.title,
            "; ".join(change.details),
        ]
        attention = change.standing is not None and change.standing.needs_attention
        if item.judged:
            cells = ["!" if attention else "", *cells, *_standing_cells(change)]
        table.add_row(*cells, style="bold" if attention else None)
    console.print(table)


def _standing_cells(change: Change) -> list[str]:
    standing = change.standing
    if standing is None:
        return ["-", "-"]
    label = standing.state
    if label == "manual" and standing.attested is not None:
        label += " (attested)" if standing.attested else " (not attested)"
    state = f"[{_STYLE.get(standing.state, '')}]{label}[/]"
    if standing.adopted:
        return [state, f"yes ({standing.adopted_by})"]
    return [state, "[yellow]no[/]"]


@recommendations.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--catalog",
    "target",
    metavar="DIR",
    default=None,
    type=click.Path(path_type=Path, file_okay=False),
    help="The catalog directory to copy the file into (default: the user's catalog "
    "directory, loaded by the controls and recommendations commands).",
)
@click.option("--replace", is_flag=True, help="Replace a framework this directory imported before.")
@handles_errors
def import_command(file: Path, target: Path | None, replace: bool) -> None:
    """Validate FILE as a framework file and add it to a catalog directory."""
    from rich.console import Console

    from secfound.controls.catalog import user_catalog_dir
    from secfound.controls.recommendations import release_changes, version_changes

    directory = target if target is not None else user_catalog_dir()
    catalog, framework_id, destination = _import(
        file, directory, explicit=target is not None, replace=replace
    )
    framework = catalog.framework(framework_id)
    console = Console(highlight=False, soft_wrap=False)
    console.print(
        f"imported {framework.id} ({framework.title} {framework.version}, "
        f"{len(framework.requirements)} requirements) into {destination}"
    )
    diffs = list(release_changes(framework))
    if framework.supersedes is not None:
        diffs.insert(0, version_changes(catalog.framework(framework.supersedes), framework))
    else:
        console.print("it supersedes no framework: every requirement is new")
    for item in diffs:
        console.print()
        print_changes(console, item)
    shown = f" --catalog {directory}" if target is not None else ""
    console.print(
        f"\nwhere the workload stands: secfound recommendations --framework {framework.id}{shown}"
    )


def _import(
    file: Path, directory: Path, *, explicit: bool, replace: bool
) -> tuple[Catalog, str, Path]:
    """Validate ``file`` in a staged copy of ``directory``, then copy it in; the catalog
    with it, its framework id and where it now lives. Nothing is written on an error."""
    import os
    import shutil
    import tempfile

    from secfound.controls.catalog import FRAMEWORKS_FOLDER, OBJECTIVES_FILE, load_catalog
    from secfound.errors import ConfigError

    if directory.exists() and not directory.is_dir():
        raise ConfigError("the catalog directory is not a directory", path=directory)
    framework_id, id_line = _framework_id(file)
    others = _other_dirs(directory, explicit=explicit)
    if framework_id is not None:
        _refuse_known_id(file, framework_id, id_line, directory, others, replace_ok=replace)
    name = f"{framework_id}.yaml" if framework_id is not None else file.name
    destination = directory / FRAMEWORKS_FOLDER / name
    with tempfile.TemporaryDirectory(prefix="secfound-import-") as temporary:
        stage = Path(temporary) / "catalog"
        (stage / FRAMEWORKS_FOLDER).mkdir(parents=True)
        origin: dict[str, Path] = {}
        existing = [directory / OBJECTIVES_FILE]
        existing += sorted((directory / FRAMEWORKS_FOLDER).glob("*.yaml"))
        for path in existing:
            if path.is_file() and path != destination:
                copy = stage / path.relative_to(directory)
                shutil.copyfile(path, copy)
                origin[str(copy)] = path
        staged = stage / FRAMEWORKS_FOLDER / name
        shutil.copyfile(file, staged)
        origin[str(staged)] = file
        try:
            catalog = load_catalog([*others, stage])
        except ConfigError as exc:
            if exc.path is not None and exc.path in origin:
                raise ConfigError(exc.message, path=origin[exc.path], line=exc.line) from None
            raise
    if framework_id is None:  # pragma: no cover - the schema requires a valid id
        raise ConfigError("the file names no framework id", path=file)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    shutil.copyfile(file, partial)
    os.replace(partial, destination)
    return catalog, framework_id, destination


def _framework_id(file: Path) -> tuple[str | None, int | None]:
    """The file's ``id`` and its line, when it is a plausible framework id (else the
    schema, run on the staged copy, says what is wrong)."""
    import re

    from secfound.yaml_lines import line_of, load_yaml_with_nodes

    data, root = load_yaml_with_nodes(file)
    value = data.get("id") if isinstance(data, dict) else None
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9.]+)*", value):
        return value, line_of(root, ("id",))
    return None, None


def _other_dirs(directory: Path, *, explicit: bool) -> list[Path]:
    """The catalog directories the commands load besides ``directory``: the user's catalog
    directory, and without --catalog the config file's ``catalog:`` directories."""
    from secfound.cli.store_options import config_here
    from secfound.controls.catalog import user_catalog_dir

    dirs: list[Path] = []
    if not explicit:
        config = config_here()
        dirs = [Path(d) for d in (getattr(config, "catalog", ()) or ())]
    imported = user_catalog_dir()
    if imported.is_dir() and any(imported.iterdir()) and imported not in dirs:
        dirs.insert(0, imported)
    here = directory.resolve()
    return [d for d in dirs if d.resolve() != here]


def _refuse_known_id(
    file: Path,
    framework_id: str,
    line: int | None,
    directory: Path,
    others: Sequence[Path],
    *,
    replace_ok: bool,
) -> None:
    """Ids are shared vocabulary: a packaged framework or another directory's keeps its
    id; one imported into ``directory`` before may be replaced with --replace only."""
    from secfound.controls.catalog import FRAMEWORKS_FOLDER
    from secfound.controls.frameworks import FRAMEWORKS_DIR
    from secfound.errors import ConfigError

    name = f"{framework_id}.yaml"
    if (FRAMEWORKS_DIR / name).is_file():
        raise ConfigError(
            f"framework id {framework_id!r} is a packaged framework; a newer version needs "
            "an id of its own (and supersedes: naming the one it follows)",
            path=file,
            line=line,
        )
    for other in others:
        if (other / FRAMEWORKS_FOLDER / name).is_file():
            raise ConfigError(
                f"framework id {framework_id!r} is already defined in {other}",
                path=file,
                line=line,
            )
    if (directory / FRAMEWORKS_FOLDER / name).is_file() and not replace_ok:
        raise ConfigError(
            f"framework {framework_id!r} was imported before "
            f"({directory / FRAMEWORKS_FOLDER / name}); --replace replaces it",
            path=file,
            line=line,
        )
