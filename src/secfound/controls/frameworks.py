"""Framework files (``controls/frameworks/<framework-id>.yaml``): requirements mapped to checks.

A framework file lists the publisher's own requirement ids and titles, and for each the
check ids and/or objective ids that cover it. Checks do not know which frameworks cite
them: ``references_by_check`` derives that (a requirement mapped to an objective cites
every check serving the objective), for ``secfound checks list|show``.

The files come in as data, so they are validated by a schema (pydantic, imported only
here) and every error is a ``ConfigError`` at the file and line of the offending entry:
an unknown key, a requirement id that does not fit the file's ``id_pattern``, an id given
twice, a check or objective that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secfound.errors import ConfigError
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

if TYPE_CHECKING:
    from secfound.checks.registry import Registry

__all__ = [
    "FRAMEWORKS_DIR",
    "Framework",
    "Requirement",
    "load_framework",
    "load_frameworks",
    "references_by_check",
]

FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")


@dataclass(frozen=True, kw_only=True)
class Requirement:
    """One requirement as its publisher states it, and what in secfound covers it."""

    id: str
    title: str
    checks: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    line: int | None = None
    check_lines: tuple[int | None, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Framework:
    """A framework file: ``reference_key`` is how ``checks list`` names it (``fsbp``)."""

    id: str
    title: str
    version: str
    publisher: str
    source: str
    reference_key: str
    requirements: tuple[Requirement, ...]
    path: Path


class _Requirement(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    checks: list[str] = Field(default_factory=list)
    objectives: list[str] = Field(default_factory=list)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    schema_version: Literal[1]
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9.]+)*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    source: str = Field(pattern=r"^https://")
    reference_key: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    id_pattern: str = Field(min_length=1)
    requirements: list[_Requirement]


def load_framework(path: Path) -> Framework:
    """Read and validate one framework file."""
    data, root = load_yaml_with_nodes(path)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, root, path, _File) from None
    if parsed.id != path.stem:
        raise ConfigError(
            f"framework id {parsed.id!r} differs from the file name {path.stem!r}",
            path=path,
            line=line_of(root, ("id",)),
        )
    try:
        pattern = re.compile(parsed.id_pattern)
    except re.error as exc:
        raise ConfigError(
            f"id_pattern is not a regular expression: {exc}",
            path=path,
            line=line_of(root, ("id_pattern",)),
        ) from None
    requirements: list[Requirement] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.requirements):
        where = ("requirements", index, "id")
        if pattern.fullmatch(entry.id) is None:
            raise ConfigError(
                f"requirement id {entry.id!r} does not match {parsed.id_pattern}",
                path=path,
                line=line_of(root, where),
            )
        if entry.id in seen:
            raise ConfigError(
                f"requirement {entry.id!r} is listed twice", path=path, line=line_of(root, where)
            )
        seen.add(entry.id)
        requirements.append(
            Requirement(
                id=entry.id,
                title=entry.title,
                checks=tuple(entry.checks),
                objectives=tuple(entry.objectives),
                line=line_of(root, ("requirements", index)),
                check_lines=tuple(
                    line_of(root, ("requirements", index, "checks", i))
                    for i in range(len(entry.checks))
                ),
            )
        )
    return Framework(
        id=parsed.id,
        title=parsed.title,
        version=parsed.version,
        publisher=parsed.publisher,
        source=parsed.source,
        reference_key=parsed.reference_key,
        requirements=tuple(requirements),
        path=path,
    )


def load_frameworks(directory: Path | None = None) -> list[Framework]:
    """Every framework file of ``directory`` (default: the packaged ones), by file name."""
    folder = FRAMEWORKS_DIR if directory is None else directory
    return [load_framework(p) for p in sorted(folder.glob("*.yaml"))]


def references_by_check(
    registry: Registry,
    frameworks: Iterable[Framework] | None = None,
    objectives: Iterable[str] | None = None,
) -> dict[str, dict[str, list[str]]]:
    """check id -> {reference_key: [requirement ids]} for every check some framework cites.

    A check id may be an alias (a renamed check keeps its citations). A check or objective
    that does not exist is a ``ConfigError`` at its line: a framework file must not cite
    nothing. ``objectives`` (default: the packaged vocabulary) are the known objective ids.
    """
    if objectives is None:
        from secfound.controls.objectives import load_objectives

        objectives = load_objectives()
    known_objectives = set(objectives)
    serving: dict[str, list[str]] = {}
    for spec in registry:
        for objective in spec.objectives:
            serving.setdefault(objective, []).append(spec.id)
    found: dict[str, dict[str, list[str]]] = {}
    for framework in load_frameworks() if frameworks is None else frameworks:
        for requirement in framework.requirements:
            cited: list[str] = []
            for check_id, line in zip(requirement.checks, requirement.check_lines, strict=True):
                canonical = registry.canonical_id(check_id)
                if canonical is None:
                    raise ConfigError(
                        f"requirement {requirement.id} cites no such check {check_id!r}",
                        path=framework.path,
                        line=line,
                    )
                cited.append(canonical)
            for objective in requirement.objectives:
                if objective not in known_objectives:
                    raise ConfigError(
                        f"requirement {requirement.id} cites no such objective {objective!r}",
                        path=framework.path,
                        line=requirement.line,
                    )
                cited.extend(serving.get(objective, ()))
            for check_id in dict.fromkeys(cited):
                keys = found.setdefault(check_id, {})
                keys.setdefault(framework.reference_key, []).append(requirement.id)
    return found
