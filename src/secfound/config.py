"""``.secfound.yaml``: one loader for the whole tool, found upward from the scanned path.

The file is looked for from the scanned path (or the current directory) up to the
repository root; ``--config`` names one explicitly. It is validated against a schema and
every error names the file and line. Later features add sections; unknown keys are errors,
so a typo never silently does nothing.

pydantic is imported only here and only when a file exists, so a scan without a
configuration file does not pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

CONFIG_NAMES = (".secfound.yaml", ".secfound.yml")


@dataclass(frozen=True)
class ConfiguredSuppression:
    """A ``suppressions`` entry: findings of ``check`` (id, alias or glob) on resources whose
    address and path match the globs. ``line`` is where it is written, for errors."""

    check: str
    reason: str
    resources: tuple[str, ...] = ("*",)
    paths: tuple[str, ...] = ("*",)
    owner: str | None = None
    until: date | None = None
    line: int | None = None


@dataclass(frozen=True)
class MuteRule:
    """A ``mutelist`` entry: live findings of ``check`` (id, alias or glob) in the accounts,
    regions and resources (ARN globs) named, whose resource carries every tag in ``tags``
    (values are globs). ``line`` is where it is written, for errors."""

    check: str
    reason: str
    accounts: tuple[str, ...] = ("*",)
    regions: tuple[str, ...] = ("*",)
    resources: tuple[str, ...] = ("*",)
    tags: tuple[tuple[str, str], ...] = ()  # (tag, value glob) pairs, sorted
    owner: str | None = None
    until: date | None = None
    line: int | None = None
    source: Path | None = None


@dataclass(frozen=True)
class SeverityOverride:
    """A ``severity`` entry: findings of checks matching ``check`` get ``severity``."""

    check: str
    severity: str
    line: int | None = None


@dataclass(frozen=True)
class CheckFolder:
    """A ``checks_dirs`` entry: a folder of user checks and the namespace of their ids."""

    path: Path
    namespace: str = "custom"
    line: int | None = None


@dataclass(frozen=True)
class Config:
    """The settings, with relative paths already resolved against the file's folder."""

    source: Path | None = None
    checks: tuple[str, ...] = ()
    skip_checks: tuple[str, ...] = ()
    fail_on: str | None = None
    fail_on_unknown: bool | None = None
    soft_fail_on_errors: bool | None = None
    exclude: tuple[str, ...] = ()
    parameters: Mapping[str, str] = field(default_factory=dict)
    parameter_files: tuple[Path, ...] = ()
    var_files: tuple[Path, ...] = ()
    variables: Mapping[str, str] = field(default_factory=dict)
    suppressions: tuple[ConfiguredSuppression, ...] = ()
    severity: tuple[SeverityOverride, ...] = ()
    checks_dirs: tuple[CheckFolder, ...] = ()
    baseline: Path | None = None
    # The run store URL (SQLAlchemy); --db and SECFOUND_DB win over it.
    db: str | None = None
    mutelist: tuple[MuteRule, ...] = ()
    # The account blueprint file (assess, services); --blueprint wins over it.
    blueprint: Path | None = None
    # Catalog directories of the user's own (controls commands); --catalog wins over them.
    catalog: tuple[Path, ...] = ()
    # What the workload adopted: framework ids, or framework:requirement ids.
    adopted: tuple[str, ...] = ()


def find_config(start: Path, root: Path) -> Path | None:
    """The nearest config file from ``start`` up to ``root`` (inclusive), if any."""
    current = (start if start.is_dir() else start.parent).resolve()
    root = root.resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = current / name
            if candidate.is_file():
                return candidate
        if current in (root, current.parent):
            return None
        if root not in current.parents:
            return None
        current = current.parent


def load_config(path: Path) -> Config:
    """Read and validate a configuration file."""
    from secfound.config_schema import validate_config

    return validate_config(path)


def _as_path_tuple(base: Path, values: Any) -> tuple[Path, ...]:
    return tuple((base / str(v)).resolve() for v in values or ())


def config_from_data(path: Path, data: Any, node: Any = None) -> Config:
    """Build a ``Config`` from validated data (called by the schema module).

    ``node`` is the file's YAML node tree: entries keep their line for later errors (a
    suppression naming no check can only be judged once the checks are known).
    """
    from secfound.yaml_lines import line_of

    base = path.parent
    cfn = data.cloudformation
    tf = data.terraform
    return Config(
        source=path,
        checks=tuple(data.checks),
        skip_checks=tuple(data.skip_checks),
        fail_on=data.fail_on,
        fail_on_unknown=data.fail_on_unknown,
        soft_fail_on_errors=data.soft_fail_on_errors,
        exclude=tuple(data.exclude),
        parameters={k: str(v) for k, v in cfn.parameters.items()},
        parameter_files=_as_path_tuple(base, cfn.parameter_files),
        var_files=_as_path_tuple(base, tf.var_files),
        variables={k: _var_text(v) for k, v in tf.vars.items()},
        suppressions=tuple(
            ConfiguredSuppression(
                check=entry.check,
                reason=entry.reason,
                resources=tuple(entry.resources),
                paths=tuple(entry.paths),
                owner=entry.owner,
                until=entry.until,
                line=line_of(node, ("suppressions", index)),
            )
            for index, entry in enumerate(data.suppressions)
        ),
        severity=tuple(
            SeverityOverride(check=check, severity=level, line=line_of(node, ("severity", check)))
            for check, level in data.severity.items()
        ),
        checks_dirs=tuple(
            CheckFolder(
                path=(base / folder.path).resolve(),
                namespace=folder.namespace,
                line=line_of(node, ("checks_dirs", index)),
            )
            for index, folder in enumerate(data.checks_dirs)
        ),
        baseline=(base / data.baseline).resolve() if data.baseline else None,
        db=data.db,
        mutelist=mute_rules(path, data.mutelist, node),
        blueprint=(base / data.blueprint).resolve() if data.blueprint else None,
        catalog=tuple((base / folder).resolve() for folder in data.catalog),
        adopted=tuple(data.adopted),
    )


def mute_rules(path: Path, entries: Any, node: Any) -> tuple[MuteRule, ...]:
    """The mutelist entries of a validated file (``.secfound.yaml`` or a mutelist file)."""
    from secfound.yaml_lines import line_of

    return tuple(
        MuteRule(
            check=entry.check,
            reason=entry.reason,
            accounts=tuple(entry.accounts),
            regions=tuple(entry.regions),
            resources=tuple(entry.resources),
            tags=tuple(sorted(entry.tags.items())),
            owner=entry.owner,
            until=entry.until,
            line=line_of(node, ("mutelist", index)),
            source=path,
        )
        for index, entry in enumerate(entries or ())
    )


def _var_text(value: Any) -> str:
    """A Terraform variable value from YAML as the text ``--var`` would carry."""
    import json

    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)
