"""Reading ``threatmodel.yaml``: a strict schema, every reference checked, errors at file:line.

The file is data a person writes, so every mistake must say where it is and what was
expected: an unknown key lists the keys allowed there, a flow naming an element that does
not exist lists the known ids and the closest one, a date or port that is not one is
refused rather than guessed (``port: "443"`` is a string, ``until: 2027-02-30`` is no day).
Validation runs in two steps: pydantic checks each entry's shape (types, enums,
kebab-case ids, no extra keys); then ``_Linker`` checks what no single entry can see
(duplicate ids, references, boundary parent loops, accepted threats' elements) and builds
the frozen dataclasses of ``threats/model.py``.

Element ids (components, actors, flows, boundaries) share one namespace, stricter than
"unique within a section": a threat id is ``<rule id>@<element id>`` and must name exactly
one element. ``model_to_data`` is the inverse of ``load_model``: the normalized file, as
``threats validate --format json`` prints it and ``threats init`` writes it.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from secfound.errors import ConfigError
from secfound.threats.model import (
    AcceptedRisk,
    Actor,
    Asset,
    Assumption,
    Boundary,
    Classification,
    Component,
    Flow,
    Need,
    ThreatModel,
)
from secfound.yaml_lines import dotted, line_of, load_yaml_with_nodes

__all__ = ["ID_PATTERN", "element_ids", "load_model", "model_to_data"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

ClassificationName = Literal["public", "internal", "confidential", "restricted"]
NeedName = Literal["low", "medium", "high"]
TrustName = Literal["trusted", "untrusted"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class _Asset(_Entry):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    classification: ClassificationName
    confidentiality: NeedName
    integrity: NeedName
    availability: NeedName
    description: str = ""


class _Boundary(_Entry):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    kind: Literal["internet", "ou", "account", "vpc", "subnet", "other"]
    parent: str | None = None
    aws_id: str | None = Field(default=None, min_length=1)


class _Component(_Entry):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    kind: Literal["process", "datastore", "external-entity", "aws-service"]
    boundary: str | None = None
    resource_type: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]+(::[A-Za-z0-9]+)+$")
    resources: list[str] = Field(default_factory=list)
    stores: list[str] = Field(default_factory=list)
    processes: list[str] = Field(default_factory=list)
    internet_facing: bool | None = None
    encrypted_at_rest: bool | None = None
    logging: bool | None = None
    waf: bool | None = None
    admin_interface: bool | None = None
    secrets_in_environment: bool | None = None
    authenticates_callers: bool | None = None
    trust: TrustName | None = None
    description: str = ""
    tags: dict[str, str] = Field(default_factory=dict)


class _Flow(_Entry):
    id: str = Field(pattern=ID_PATTERN)
    source: str = Field(alias="from", min_length=1)
    target: str = Field(alias="to", min_length=1)
    protocol: str | None = Field(default=None, min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    encrypted: bool | None = None
    authenticated: bool | None = None
    data: list[str] = Field(default_factory=list)
    description: str = ""


class _Actor(_Entry):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    trust: TrustName
    boundary: str | None = None
    description: str = ""


class _Assumption(_Entry):
    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1)


class _Accepted(_Entry):
    threat: str = Field(min_length=1)
    by: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    until: date

    @field_validator("until", mode="before")
    @classmethod
    def _a_day(cls, value: Any) -> date:
        """A calendar day, unquoted or quoted ``YYYY-MM-DD``; never a time, never a guess."""
        if isinstance(value, datetime):
            raise ValueError(f"expected a date (YYYY-MM-DD), not a date and time {value}")
        if isinstance(value, date):
            return value
        if isinstance(value, str) and _DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"expected a date (YYYY-MM-DD); {value!r} is no day") from None
        raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}")


class _Model(_Entry):
    version: Literal[1]
    name: str = Field(min_length=1)
    description: str = ""
    assets: list[_Asset] = Field(default_factory=list)
    boundaries: list[_Boundary] = Field(default_factory=list)
    actors: list[_Actor] = Field(default_factory=list)
    components: list[_Component] = Field(default_factory=list)
    flows: list[_Flow] = Field(default_factory=list)
    assumptions: list[_Assumption] = Field(default_factory=list)
    accepted: list[_Accepted] = Field(default_factory=list)


def load_model(path: Path) -> ThreatModel:
    """The model of ``path``, every reference checked; the first error as ``ConfigError``."""
    data, root = load_yaml_with_nodes(path)
    try:
        parsed = _Model.model_validate(data)
    except ValidationError as exc:
        raise _shape_error(exc, root, path) from None
    return _Linker(parsed, root, path).link()


# --- shape errors -----------------------------------------------------------------------


def _shape_error(exc: ValidationError, root: Any, path: Path) -> ConfigError:
    """The first problem at its line (the others appended), each saying what was expected."""
    problems: list[tuple[int | None, str]] = []
    for error in exc.errors():
        location = tuple(error["loc"])
        problems.append((line_of(root, location), _message(error, location)))
    line, message = problems[0]
    others = [f"line {other_line}: {text}" for other_line, text in problems[1:4]]
    if len(problems) > 4:
        others.append(f"and {len(problems) - 4} more")
    return ConfigError("; ".join([message, *others]), path=path, line=line)


def _message(error: Any, location: tuple[Any, ...]) -> str:
    kind = error["type"]
    where = dotted(location)
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = ", ".join(_allowed_keys(location[:-1]))
        return f"{dotted(location[:-1])}: unknown key {location[-1]!r}; expected one of {allowed}"
    if kind == "missing":
        return f"{dotted(location[:-1])}: missing required key {location[-1]!r}"
    if kind == "string_pattern_mismatch" and location[-1] == "resource_type":
        return f"{where}: expected a CloudFormation type (AWS::RDS::DBInstance), got {value!r}"
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: expected a kebab-case id (lower-case letters and digits joined by "
            f"single hyphens: orders-db), got {value!r}"
        )
    if kind in ("model_type", "dict_type"):
        return f"{where}: expected a mapping of keys, got {_shown(value)}"
    if kind == "list_type":
        return f"{where}: expected a list, got {_shown(value)}"
    if kind in ("int_type", "int_parsing"):
        return f"{where}: expected a whole number (unquoted), got {_shown(value)}"
    if kind == "bool_type":
        return f"{where}: expected true or false, got {_shown(value)}"
    if kind == "string_type" and location[-1] == "aws_id":
        return f'{where}: expected a string (quote account ids: "123456789012"), got {value!r}'
    if kind == "string_type":
        return f"{where}: expected a string, got {_shown(value)}"
    if kind == "value_error":
        return f"{where}: {str(error['msg']).removeprefix('Value error, ')}"
    return f"{where}: {error['msg']}, got {_shown(value)}"


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return "a mapping" if isinstance(value, dict) else "a list"
    return f"{value!r} ({type(value).__name__})"


def _allowed_keys(location: Sequence[Any]) -> list[str]:
    """The keys allowed in the mapping at ``location``, by their names in the file."""
    current: type[BaseModel] = _Model
    for step in location:
        if isinstance(step, int):
            continue
        field = current.model_fields.get(str(step)) or next(
            (f for f in current.model_fields.values() if f.alias == step), None
        )
        inner = _entry_type(field.annotation if field else None)
        if inner is None:
            break
        current = inner
    return sorted(f.alias or name for name, f in current.model_fields.items())


def _entry_type(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[_X]``, ``_X | None`` or ``_X``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType):
        for argument in get_args(annotation):
            found = _entry_type(argument)
            if found is not None:
                return found
    return None


# --- references ---------------------------------------------------------------------------


class _Linker:
    """Checks what spans entries and builds the model; ``fail`` points at the entry."""

    def __init__(self, parsed: _Model, root: Any, path: Path) -> None:
        self.parsed = parsed
        self.root = root
        self.path = path
        self.elements: dict[str, tuple[str, int]] = {}  # id -> (what, line)

    def fail(self, message: str, *location: Any) -> ConfigError:
        return ConfigError(message, path=self.path, line=line_of(self.root, location))

    def line(self, *location: Any) -> int | None:
        return line_of(self.root, location)

    def link(self) -> ThreatModel:
        p = self.parsed
        assets = {a.id for a in p.assets}
        self._unique([("assets", "asset", i, a.id) for i, a in enumerate(p.assets)], "")
        self._unique(
            [("assumptions", "assumption", i, a.id) for i, a in enumerate(p.assumptions)], ""
        )
        self._unique(
            [("boundaries", "boundary", i, b.id) for i, b in enumerate(p.boundaries)]
            + [("components", "component", i, c.id) for i, c in enumerate(p.components)]
            + [("actors", "actor", i, a.id) for i, a in enumerate(p.actors)]
            + [("flows", "flow", i, f.id) for i, f in enumerate(p.flows)],
            " among boundaries, components, actors and flows",
            self.elements,
        )
        boundaries = {b.id for b in p.boundaries}
        ends = {c.id for c in p.components} | {a.id for a in p.actors}
        for index, boundary in enumerate(p.boundaries):
            if boundary.parent is not None:
                self._known(boundary.parent, boundaries, "boundary", "boundaries", index, "parent")
        self._no_loops()
        for index, component in enumerate(p.components):
            if component.boundary is not None:
                self._known(
                    component.boundary, boundaries, "boundary", "components", index, "boundary"
                )
            for key in ("stores", "processes"):
                for position, asset in enumerate(getattr(component, key)):
                    self._known(asset, assets, "asset", "components", index, key, position)
        for index, actor in enumerate(p.actors):
            if actor.boundary is not None:
                self._known(actor.boundary, boundaries, "boundary", "actors", index, "boundary")
        for index, flow in enumerate(p.flows):
            self._known(flow.source, ends, "component or actor", "flows", index, "from")
            self._known(flow.target, ends, "component or actor", "flows", index, "to")
            for position, asset in enumerate(flow.data):
                self._known(asset, assets, "asset", "flows", index, "data", position)
        for index, accepted in enumerate(p.accepted):
            rule, at, element = accepted.threat.partition("@")
            if not at or not rule:
                raise self.fail(
                    f"accepted[{index}].threat: expected <rule id>@<element id> "
                    f"(SF-DS-002@orders-db), got {accepted.threat!r}",
                    "accepted",
                    index,
                    "threat",
                )
            self._known(element, set(self.elements), "element", "accepted", index, "threat")
        return self._build()

    def _unique(
        self,
        entries: list[tuple[str, str, int, str]],
        scope: str,
        seen: dict[str, tuple[str, int]] | None = None,
    ) -> None:
        """Each id once; a repeat is reported where it comes second in the file."""
        seen = {} if seen is None else seen
        placed = sorted(
            ((self.line(section, index) or 0, section, what, index, entry_id))
            for section, what, index, entry_id in entries
        )
        for line, section, what, index, entry_id in placed:
            if entry_id in seen:
                other, other_line = seen[entry_id]
                raise self.fail(
                    f"{section}[{index}].id: {entry_id!r} is already the id of the {other} "
                    f"at line {other_line}; ids must be unique{scope}",
                    section,
                    index,
                    "id",
                )
            seen[entry_id] = (what, line)

    def _known(self, name: str, known: set[str], what: str, *location: Any) -> None:
        if name in known:
            return
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listing = ", ".join(sorted(known)) if known else "none are defined"
        raise self.fail(
            f"{dotted(location)}: unknown {what} {name!r}{hint} (known: {listing})", *location
        )

    def _no_loops(self) -> None:
        parents = {b.id: b.parent for b in self.parsed.boundaries}
        for index, boundary in enumerate(self.parsed.boundaries):
            chain = [boundary.id]
            current = boundary.parent
            while current is not None:
                if current == boundary.id:
                    loop = " -> ".join([*chain, current])
                    raise self.fail(
                        f"boundaries[{index}].parent: the boundary is its own ancestor ({loop})",
                        "boundaries",
                        index,
                        "parent",
                    )
                if current in chain:
                    break  # a loop further up: reported at a boundary that is in it
                chain.append(current)
                current = parents.get(current)

    def _build(self) -> ThreatModel:
        p = self.parsed
        return ThreatModel(
            name=p.name,
            version=str(p.version),
            path=self.path,
            description=p.description,
            assets=tuple(
                Asset(
                    id=a.id,
                    name=a.name,
                    classification=Classification[a.classification.upper()],
                    confidentiality=Need[a.confidentiality.upper()],
                    integrity=Need[a.integrity.upper()],
                    availability=Need[a.availability.upper()],
                    description=a.description,
                    line=self.line("assets", i),
                )
                for i, a in enumerate(p.assets)
            ),
            boundaries=tuple(
                Boundary(**b.model_dump(), line=self.line("boundaries", i))
                for i, b in enumerate(p.boundaries)
            ),
            components=tuple(
                Component(
                    **_tupled(c.model_dump(exclude={"tags"})),
                    tags=dict(c.tags),
                    line=self.line("components", i),
                )
                for i, c in enumerate(p.components)
            ),
            flows=tuple(
                Flow(**_tupled(f.model_dump()), line=self.line("flows", i))
                for i, f in enumerate(p.flows)
            ),
            actors=tuple(
                Actor(**a.model_dump(), line=self.line("actors", i)) for i, a in enumerate(p.actors)
            ),
            assumptions=tuple(
                Assumption(**a.model_dump(), line=self.line("assumptions", i))
                for i, a in enumerate(p.assumptions)
            ),
            accepted=tuple(
                AcceptedRisk(**a.model_dump(), line=self.line("accepted", i))
                for i, a in enumerate(p.accepted)
            ),
        )


def _tupled(values: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


# --- the normalized file --------------------------------------------------------------------


def model_to_data(model: ThreatModel) -> dict[str, Any]:
    """The model as its file would state it: keys in the documented order, facts that are
    not known left out, so ``load_model`` reads the written file back to an equal model."""
    data: dict[str, Any] = {"version": int(model.version), "name": model.name}
    if model.description:
        data["description"] = model.description
    data["assets"] = [
        _entry(
            id=a.id,
            name=a.name,
            classification=a.classification.label,
            confidentiality=a.confidentiality.label,
            integrity=a.integrity.label,
            availability=a.availability.label,
            description=a.description,
        )
        for a in model.assets
    ]
    data["boundaries"] = [
        _entry(id=b.id, name=b.name, kind=b.kind, parent=b.parent, aws_id=b.aws_id)
        for b in model.boundaries
    ]
    data["actors"] = [
        _entry(id=a.id, name=a.name, trust=a.trust, boundary=a.boundary, description=a.description)
        for a in model.actors
    ]
    data["components"] = [_component(c) for c in model.components]
    data["flows"] = [
        _entry(
            id=f.id,
            **{"from": f.source, "to": f.target},
            protocol=f.protocol,
            port=f.port,
            encrypted=f.encrypted,
            authenticated=f.authenticated,
            data=list(f.data),
            description=f.description,
        )
        for f in model.flows
    ]
    data["assumptions"] = [_entry(id=a.id, text=a.text) for a in model.assumptions]
    data["accepted"] = [
        _entry(threat=a.threat, by=a.by, reason=a.reason, until=a.until.isoformat())
        for a in model.accepted
    ]
    return data


def _component(c: Component) -> dict[str, Any]:
    return _entry(
        id=c.id,
        name=c.name,
        kind=c.kind,
        boundary=c.boundary,
        resource_type=c.resource_type,
        resources=list(c.resources),
        stores=list(c.stores),
        processes=list(c.processes),
        internet_facing=c.internet_facing,
        encrypted_at_rest=c.encrypted_at_rest,
        logging=c.logging,
        waf=c.waf,
        admin_interface=c.admin_interface,
        secrets_in_environment=c.secrets_in_environment,
        authenticates_callers=c.authenticates_callers,
        trust=c.trust,
        description=c.description,
        tags=dict(c.tags),
    )


def _entry(**values: Any) -> dict[str, Any]:
    """The values a file would state: ``None``, empty lists and empty text left out."""
    return {k: v for k, v in values.items() if v is not None and v not in ([], {}, "")}


def element_ids(model: ThreatModel) -> Iterable[str]:
    """Every element id of a model (what a threat id's part after ``@`` may name)."""
    for group in (model.boundaries, model.components, model.actors, model.flows):
        yield from (element.id for element in group)
