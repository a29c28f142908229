"""The control catalog: objectives and framework files, packaged and the user's own.

Users extend the catalog without a code change: each extra directory (``--catalog DIR``
or the ``.secfound.yaml`` key, wired by the command line) may hold an ``objectives.yaml``
with objectives of its own and a ``frameworks/`` folder with framework files. Ids are
shared vocabulary (checks, baselines and stored history refer to them), so an objective or
framework id that clashes with one already loaded is a ``ConfigError`` at the line that
defines it, never a silent override.

The catalog is checked as a whole once loaded: every check and objective a framework
cites exists, ``supersedes`` and ``previous`` point at loaded frameworks, reference keys
are unique. Which checks meet an objective is derived from the check registry (checks
name the objectives they serve), never listed twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from secfound.controls.frameworks import (
    FRAMEWORKS_DIR,
    Framework,
    check_links,
    load_framework,
    references_by_check,
)
from secfound.controls.objectives import DEFAULT_PATH, Objective, load_objectives
from secfound.errors import ConfigError

if TYPE_CHECKING:
    from secfound.checks.registry import Registry

__all__ = ["FRAMEWORKS_FOLDER", "OBJECTIVES_FILE", "Catalog", "load_catalog", "user_catalog_dir"]

# The layout of a user's catalog directory.
OBJECTIVES_FILE = "objectives.yaml"
FRAMEWORKS_FOLDER = "frameworks"


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """Objectives by id (file order), frameworks by id, and which checks serve what."""

    objectives: Mapping[str, Objective]
    frameworks: Mapping[str, Framework]
    serving: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def objective(self, objective_id: str) -> Objective:
        try:
            return self.objectives[objective_id]
        except KeyError:
            raise ConfigError(f"no objective {objective_id!r} in the catalog") from None

    def framework(self, framework_id: str) -> Framework:
        try:
            return self.frameworks[framework_id]
        except KeyError:
            known = ", ".join(sorted(self.frameworks))
            raise ConfigError(f"no framework {framework_id!r}; known: {known}") from None

    def checks_for(self, objective_id: str) -> tuple[str, ...]:
        """The ids of the checks that name ``objective_id`` (empty: met by manual controls)."""
        self.objective(objective_id)
        return self.serving.get(objective_id, ())

    def superseded_by(self, framework_id: str) -> Framework | None:
        """The framework that names ``framework_id`` as the version it supersedes."""
        self.framework(framework_id)
        return next((f for f in self.frameworks.values() if f.supersedes == framework_id), None)


def user_catalog_dir() -> Path:
    """The user's own catalog directory (``catalog`` in secfound's data directory): where
    ``secfound recommendations import`` keeps framework files; loaded when it exists."""
    from secfound.store.paths import data_dir

    return data_dir() / "catalog"


def load_catalog(extra_dirs: Sequence[Path] = (), *, registry: Registry | None = None) -> Catalog:
    """The packaged catalog plus each directory of ``extra_dirs``, validated as a whole.

    ``registry`` (default: the built-in checks) decides which cited checks exist and
    which checks meet each objective; pass one merged with the user's checks when they
    have their own.
    """
    if registry is None:
        from secfound.checks.registry import builtin_registry

        registry = builtin_registry()
    objectives = dict(load_objectives(DEFAULT_PATH))
    frameworks = {
        f.id: f for f in (load_framework(p) for p in sorted(FRAMEWORKS_DIR.glob("*.yaml")))
    }
    for directory in extra_dirs:
        _add_directory(Path(directory), objectives, frameworks)
    ordered = list(frameworks.values())
    check_links(ordered)
    # Raises at the citing line for a check or objective that does not exist.
    references_by_check(registry, ordered, objectives)
    serving: dict[str, list[str]] = {}
    for spec in registry:
        for objective in spec.objectives:
            serving.setdefault(objective, []).append(spec.id)
    return Catalog(
        objectives=MappingProxyType(objectives),
        frameworks=MappingProxyType(frameworks),
        serving=MappingProxyType({k: tuple(v) for k, v in serving.items()}),
    )


def _add_directory(
    directory: Path, objectives: dict[str, Objective], frameworks: dict[str, Framework]
) -> None:
    if not directory.is_dir():
        raise ConfigError("catalog directory does not exist", path=directory)
    objectives_file = directory / OBJECTIVES_FILE
    framework_files = sorted((directory / FRAMEWORKS_FOLDER).glob("*.yaml"))
    if not objectives_file.is_file() and not framework_files:
        raise ConfigError(
            f"catalog directory holds neither {OBJECTIVES_FILE} nor {FRAMEWORKS_FOLDER}/*.yaml",
            path=directory,
        )
    if objectives_file.is_file():
        for objective_id, objective in load_objectives(objectives_file).items():
            if objective_id in objectives:
                raise ConfigError(
                    f"objective id {objective_id!r} is already defined; ids are shared "
                    "vocabulary, choose a new one",
                    path=objectives_file,
                    line=objective.line,
                )
            objectives[objective_id] = objective
    for path in framework_files:
        framework = load_framework(path)
        if framework.id in frameworks:
            raise ConfigError(
                f"framework id {framework.id!r} is already defined "
                f"({frameworks[framework.id].path})",
                path=path,
                line=framework.id_line,
            )
        frameworks[framework.id] = framework
