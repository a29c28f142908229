"""Framework files (``controls/frameworks/<framework-id>.yaml``): requirements mapped to checks.

A framework file lists the publisher's own requirement ids and titles, and for each the
check ids and/or objective ids that cover it. A requirement with neither is kept on
purpose: it is a requirement secfound does not cover (``Requirement.covered`` is false),
which a report must show rather than silently drop. Checks do not know which frameworks
cite them: ``references_by_check`` derives that (a requirement mapped to an objective
cites every check serving the objective), for ``secfound checks list|show``.

Beyond the mapping, a requirement may carry what its publisher says about it (``assessment``
automated or manual, ``profile`` such as CIS "Level 1", ``section``) and ``previous``: the
ids in the framework version this file ``supersedes`` that the requirement continues, so a
version diff (what a new release adds, renumbers or retires) is data, not guesswork. The
Well-Architected file has a ``releases`` table instead: per framework release, the best
practice number and title each WA Tool choice id had, since the numbering changed.

The files come in as data, so they are validated by a schema (pydantic, imported only
here) and every error is a ``ConfigError`` at the file and line of the offending entry:
an unknown key, a requirement id that does not fit the file's ``id_pattern``, an id given
twice, a check or objective that does not exist, a ``previous`` id the superseded file
does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secfound.errors import ConfigError
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

if TYPE_CHECKING:
    import yaml

    from secfound.checks.registry import Registry

__all__ = [
    "FRAMEWORKS_DIR",
    "Assessment",
    "Framework",
    "Practice",
    "Release",
    "Requirement",
    "check_links",
    "load_framework",
    "load_frameworks",
    "references_by_check",
]

FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")

Assessment = Literal["automated", "manual"]

_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True, kw_only=True)
class Requirement:
    """One requirement as its publisher states it, and what in secfound covers it."""

    id: str
    title: str
    checks: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    assessment: Assessment | None = None
    profile: str | None = None
    section: str | None = None
    previous: tuple[str, ...] = ()
    line: int | None = field(default=None, compare=False)
    check_lines: tuple[int | None, ...] = field(default=(), compare=False)
    objective_lines: tuple[int | None, ...] = field(default=(), compare=False)
    previous_lines: tuple[int | None, ...] = field(default=(), compare=False)

    @property
    def covered(self) -> bool:
        """False when no check and no objective answers the requirement: "not covered"."""
        return bool(self.checks or self.objectives)


@dataclass(frozen=True, kw_only=True)
class Practice:
    """What one WA Tool choice id was called in one framework release."""

    choice_id: str
    number: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Release:
    """One release of the framework and the numbering its practices had in it."""

    date: str
    practices: tuple[Practice, ...]

    def practice(self, choice_id: str) -> Practice | None:
        return next((p for p in self.practices if p.choice_id == choice_id), None)


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
    supersedes: str | None = None
    releases: tuple[Release, ...] = ()
    id_line: int | None = field(default=None, compare=False)
    supersedes_line: int | None = field(default=None, compare=False)

    def requirement(self, requirement_id: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise ConfigError(f"framework {self.id} has no requirement {requirement_id!r}")


class _Requirement(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    checks: list[str] = Field(default_factory=list)
    objectives: list[str] = Field(default_factory=list)
    assessment: Assessment | None = None
    profile: str | None = Field(default=None, min_length=1)
    section: str | None = Field(default=None, min_length=1)
    previous: list[str] = Field(default_factory=list)


class _Practice(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    number: str = Field(pattern=r"^BP[0-9]{2}$")
    title: str = Field(min_length=1)


class _Release(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # Quoted in the file: an unquoted date would arrive as a datetime.date.
    date: str = Field(pattern=_DATE)
    practices: dict[str, _Practice] = Field(min_length=1)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    schema_version: Literal[1]
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9.]+)*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    source: str = Field(pattern=r"^https://")
    reference_key: str = Field(pattern=r"^[a-z][a-z0-9.-]*$")
    id_pattern: str = Field(min_length=1)
    supersedes: str | None = Field(default=None, min_length=1)
    releases: list[_Release] = Field(default_factory=list)
    requirements: list[_Requirement]


def load_framework(path: Path) -> Framework:
    """Read and validate one framework file (links to other files: ``check_links``)."""
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
    requirements = _requirements(parsed, pattern, root, path)
    if parsed.supersedes == parsed.id:
        raise ConfigError(
            "a framework cannot supersede itself", path=path, line=line_of(root, ("supersedes",))
        )
    for requirement in requirements:
        if requirement.previous and parsed.supersedes is None:
            raise ConfigError(
                f"requirement {requirement.id} names previous ids but the file supersedes "
                "no framework",
                path=path,
                line=requirement.previous_lines[0],
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
        supersedes=parsed.supersedes,
        releases=_releases(parsed, {r.id for r in requirements}, root, path),
        id_line=line_of(root, ("id",)),
        supersedes_line=line_of(root, ("supersedes",)) if parsed.supersedes else None,
    )


def _requirements(
    parsed: _File, pattern: re.Pattern[str], root: yaml.Node | None, path: Path
) -> list[Requirement]:
    requirements: list[Requirement] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.requirements):
        where = ("requirements", index)
        if pattern.fullmatch(entry.id) is None:
            raise ConfigError(
                f"requirement id {entry.id!r} does not match {parsed.id_pattern}",
                path=path,
                line=line_of(root, (*where, "id")),
            )
        if entry.id in seen:
            raise ConfigError(
                f"requirement {entry.id!r} is listed twice",
                path=path,
                line=line_of(root, (*where, "id")),
            )
        seen.add(entry.id)
        requirements.append(
            Requirement(
                id=entry.id,
                title=entry.title,
                checks=tuple(entry.checks),
                objectives=tuple(entry.objectives),
                assessment=entry.assessment,
                profile=entry.profile,
                section=entry.section,
                previous=tuple(entry.previous),
                line=line_of(root, where),
                check_lines=_item_lines(root, (*where, "checks"), len(entry.checks)),
                objective_lines=_item_lines(root, (*where, "objectives"), len(entry.objectives)),
                previous_lines=_item_lines(root, (*where, "previous"), len(entry.previous)),
            )
        )
    return requirements


def _item_lines(
    root: yaml.Node | None, where: tuple[str | int, ...], count: int
) -> tuple[int | None, ...]:
    return tuple(line_of(root, (*where, i)) for i in range(count))


def _releases(
    parsed: _File, requirement_ids: set[str], root: yaml.Node | None, path: Path
) -> tuple[Release, ...]:
    """Each release names only requirements of this file, each number once, dates once."""
    releases: list[Release] = []
    dates: set[str] = set()
    for index, entry in enumerate(parsed.releases):
        where = ("releases", index)
        if entry.date in dates:
            raise ConfigError(
                f"release {entry.date} is listed twice",
                path=path,
                line=line_of(root, (*where, "date")),
            )
        dates.add(entry.date)
        numbers: dict[str, str] = {}
        practices: list[Practice] = []
        for choice_id, practice in entry.practices.items():
            line = line_of(root, (*where, "practices", choice_id))
            if choice_id not in requirement_ids:
                raise ConfigError(
                    f"release {entry.date} names {choice_id!r}, which is no requirement "
                    "of this file",
                    path=path,
                    line=line,
                )
            if practice.number in numbers:
                raise ConfigError(
                    f"release {entry.date} gives {practice.number} to both "
                    f"{numbers[practice.number]} and {choice_id}",
                    path=path,
                    line=line,
                )
            numbers[practice.number] = choice_id
            practices.append(
                Practice(choice_id=choice_id, number=practice.number, title=practice.title)
            )
        releases.append(Release(date=entry.date, practices=tuple(practices)))
    return tuple(releases)


def load_frameworks(directory: Path | None = None) -> list[Framework]:
    """Every framework file of ``directory`` (default: the packaged ones), by file name.

    The files are checked against each other too (``check_links``), so a ``supersedes``
    must name a framework of the same directory.
    """
    folder = FRAMEWORKS_DIR if directory is None else directory
    frameworks = [load_framework(p) for p in sorted(folder.glob("*.yaml"))]
    check_links(frameworks)
    return frameworks


def check_links(frameworks: Sequence[Framework]) -> None:
    """What no single file can check: reference keys are unique, ``supersedes`` names a
    framework of the set, and every ``previous`` id exists in the superseded framework."""
    by_id = {f.id: f for f in frameworks}
    keys: dict[str, Framework] = {}
    for framework in frameworks:
        other = keys.setdefault(framework.reference_key, framework)
        if other is not framework:
            raise ConfigError(
                f"reference_key {framework.reference_key!r} is used by {other.id} already",
                path=framework.path,
                line=framework.id_line,
            )
        if framework.supersedes is None:
            continue
        older = by_id.get(framework.supersedes)
        if older is None:
            raise ConfigError(
                f"supersedes {framework.supersedes!r}, which is no known framework "
                f"(known: {', '.join(sorted(by_id))})",
                path=framework.path,
                line=framework.supersedes_line,
            )
        known = {r.id for r in older.requirements}
        for requirement in framework.requirements:
            for previous, line in zip(
                requirement.previous, requirement.previous_lines, strict=True
            ):
                if previous not in known:
                    raise ConfigError(
                        f"requirement {requirement.id} continues {previous!r}, which "
                        f"{older.id} does not have",
                        path=framework.path,
                        line=line,
                    )


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
            objective_lines = requirement.objective_lines or (None,) * len(requirement.objectives)
            for objective, line in zip(requirement.objectives, objective_lines, strict=True):
                if objective not in known_objectives:
                    raise ConfigError(
                        f"requirement {requirement.id} cites no such objective {objective!r}",
                        path=framework.path,
                        line=line if line is not None else requirement.line,
                    )
                cited.extend(serving.get(objective, ()))
            for check_id in dict.fromkeys(cited):
                keys = found.setdefault(check_id, {})
                keys.setdefault(framework.reference_key, []).append(requirement.id)
    return found
