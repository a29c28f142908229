"""Loading the control objectives vocabulary (``objectives.yaml``).

The file is data that comes in, so it is validated by a schema (pydantic, used only here)
and every error is a ``ConfigError`` naming the file and the line of the offending entry:
the YAML is composed into nodes first, and each validation error's location (``objectives
→ 3 → type``) is walked down that node tree to its line. Duplicate ids, and duplicate keys
within an entry, are errors too, since YAML would otherwise keep the last one silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secfound.errors import ConfigError
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

__all__ = ["DEFAULT_PATH", "Objective", "ObjectiveType", "load_objectives"]

DEFAULT_PATH = Path(__file__).with_name("objectives.yaml")

ObjectiveType = Literal["preventive", "detective", "responsive"]


@dataclass(frozen=True, kw_only=True)
class Objective:
    """One control objective: an outcome the workload must achieve, met by checks and
    manual controls."""

    id: str
    title: str
    statement: str
    rationale: str
    type: ObjectiveType
    manual_controls: tuple[str, ...] = ()
    # Where the objective is defined, for errors that point at it (a clashing id).
    line: int | None = field(default=None, compare=False)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    statement: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    type: ObjectiveType
    manual_controls: list[str] = Field(default_factory=list)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    objectives: list[_Entry]


def load_objectives(path: Path | None = None) -> dict[str, Objective]:
    """The objectives of ``path`` (default: the packaged file), by id, in file order."""
    path = DEFAULT_PATH if path is None else path
    data, root = load_yaml_with_nodes(path)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, root, path) from None
    objectives: dict[str, Objective] = {}
    for index, entry in enumerate(parsed.objectives):
        if entry.id in objectives:
            line = line_of(root, ("objectives", index, "id"))
            raise ConfigError(f"objective id {entry.id!r} is defined twice", path=path, line=line)
        objectives[entry.id] = Objective(
            id=entry.id,
            title=entry.title,
            statement=entry.statement,
            rationale=entry.rationale,
            type=entry.type,
            manual_controls=tuple(entry.manual_controls),
            line=line_of(root, ("objectives", index)),
        )
    return objectives
