"""The threat model in memory: what ``threatmodel.yaml`` describes, validated and linked.

A model names the workload's **assets** (data, with a classification and what it needs
of confidentiality, integrity and availability), its **components** (processes, data
stores, external entities and AWS services, each naming the resources that implement it
by IaC address or ARN), the **data flows** between them, the **trust boundaries** they sit
in (internet, account, OU, VPC, subnet), the **actors** who use them, the **assumptions**
the analysis rests on and risks the owners **accepted** in the file itself.

These are frozen dataclasses: the loader (``threats/schema.py``) builds them from the
file and checks every reference; the rule matcher, the scoring, the register and the
diagram only read them. Attributes a file leaves out are ``None`` (not known), never a
default that could hide a threat: an unknown ``encrypted`` is not "encrypted".

Element ids are the file's own (kebab-case) and stable: threat ids are derived from the
rule id and the element id, so editing other parts of the model keeps them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

__all__ = [
    "CIA_LEVELS",
    "CLASSIFICATIONS",
    "AcceptedRisk",
    "Actor",
    "Asset",
    "Assumption",
    "Boundary",
    "BoundaryKind",
    "Classification",
    "Component",
    "ComponentKind",
    "Flow",
    "Need",
    "ThreatModel",
]


class Classification(enum.IntEnum):
    """How sensitive data is; ordered, so rules can ask "at least confidential"."""

    PUBLIC = 0
    INTERNAL = 1
    CONFIDENTIAL = 2
    RESTRICTED = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Need(enum.IntEnum):
    """What an asset needs of confidentiality, integrity or availability."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


CLASSIFICATIONS = tuple(c.label for c in Classification)
CIA_LEVELS = tuple(n.label for n in Need)

ComponentKind = Literal["process", "datastore", "external-entity", "aws-service"]
BoundaryKind = Literal["internet", "ou", "account", "vpc", "subnet", "other"]
Trust = Literal["trusted", "untrusted"]


@dataclass(frozen=True, kw_only=True)
class Asset:
    """Data the workload holds or moves."""

    id: str
    name: str
    classification: Classification
    confidentiality: Need
    integrity: Need
    availability: Need
    description: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Boundary:
    """A trust boundary; ``parent`` nests it (a subnet in a VPC in an account in an OU).

    The ``internet`` boundary is where untrusted callers are: a flow from a component in
    it, or from an untrusted actor, comes from the internet.
    """

    id: str
    name: str
    kind: BoundaryKind
    parent: str | None = None
    # The AWS identity of the boundary where it has one: account id, OU id, VPC or subnet id.
    aws_id: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Component:
    """A part of the workload.

    ``resources``: the IaC addresses (``aws_db_instance.orders``, ``OrdersDatabase``) and/or
    ARNs of what implements it; the evidence for the component is the stored findings on
    those resources. ``resource_type`` is its CloudFormation type where it is an AWS
    service (``AWS::RDS::DBInstance``). The boolean attributes are what the model's author
    states (or ``threats init`` drafted); ``None`` means not stated.
    """

    id: str
    name: str
    kind: ComponentKind
    boundary: str | None = None
    resource_type: str | None = None
    resources: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()  # asset ids kept at rest here
    processes: tuple[str, ...] = ()  # asset ids handled in memory here
    internet_facing: bool | None = None
    encrypted_at_rest: bool | None = None
    logging: bool | None = None
    waf: bool | None = None
    admin_interface: bool | None = None
    secrets_in_environment: bool | None = None
    authenticates_callers: bool | None = None
    trust: Trust | None = None  # external entities: a third party we trust or not
    description: str = ""
    tags: Mapping[str, str] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Flow:
    """Data moving from ``source`` to ``target`` (component or actor ids)."""

    id: str
    source: str
    target: str
    protocol: str | None = None
    port: int | None = None
    encrypted: bool | None = None
    authenticated: bool | None = None
    data: tuple[str, ...] = ()  # asset ids carried
    description: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Actor:
    """A person or system outside the workload that uses it."""

    id: str
    name: str
    trust: Trust
    boundary: str | None = None
    description: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Assumption:
    id: str
    text: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class AcceptedRisk:
    """A risk its owner accepted in the model file: a threat id, or a rule id on an element."""

    threat: str
    by: str
    reason: str
    until: date
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class ThreatModel:
    """A whole model, every reference checked by the loader."""

    name: str
    version: str
    path: Path | None
    assets: tuple[Asset, ...] = ()
    boundaries: tuple[Boundary, ...] = ()
    components: tuple[Component, ...] = ()
    flows: tuple[Flow, ...] = ()
    actors: tuple[Actor, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    accepted: tuple[AcceptedRisk, ...] = ()
    description: str = ""

    def asset(self, asset_id: str) -> Asset:
        return next(a for a in self.assets if a.id == asset_id)

    def boundary(self, boundary_id: str) -> Boundary:
        return next(b for b in self.boundaries if b.id == boundary_id)

    def element(self, element_id: str) -> Component | Actor:
        """The component or actor a flow end names."""
        for component in self.components:
            if component.id == element_id:
                return component
        for actor in self.actors:
            if actor.id == element_id:
                return actor
        raise KeyError(element_id)

    def boundary_chain(self, boundary_id: str | None) -> tuple[Boundary, ...]:
        """The boundary and its parents, innermost first."""
        chain: list[Boundary] = []
        seen: set[str] = set()
        current = boundary_id
        while current is not None and current not in seen:
            seen.add(current)
            found = self.boundary(current)
            chain.append(found)
            current = found.parent
        return tuple(chain)
