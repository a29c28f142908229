"""The security services catalog and the account blueprint (SEC01 BP08 and BP01).

``catalog.yaml`` lists the AWS security services secfound inventories: what each detects or
prevents, the control objectives it serves, whether it is set per region or once per
account, and the read-only calls that tell whether it is on. ``default.yaml`` is the
default account blueprint: which of those services every account is expected to run. Both
are data that comes in, so they are validated by pydantic schemas (unknown keys are errors)
and every error is a ``ConfigError`` at the file and line of the offending entry. The
blueprint names services by catalog id; an id the catalog does not know is an error, so a
typo cannot turn an expectation off silently.

The blueprint's ``organization`` section (BP01, docs/blueprint.md) declares the OU
structure, the named accounts, the guardrails and the security account. Every key is
optional: what a file leaves out keeps the packaged default
(``secfound.model.aws.organizations.OrganizationBlueprint``), so a user can adapt one
thing (``regions: [eu-west-1]``) without copying the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secfound.errors import ConfigError
from secfound.model.aws.organizations import (
    GUARDRAILS,
    ExpectedOU,
    OrganizationBlueprint,
)
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

__all__ = [
    "CATALOG_PATH",
    "DEFAULT_BLUEPRINT_PATH",
    "Blueprint",
    "SecurityServiceSpec",
    "default_blueprint",
    "load_blueprint",
    "load_catalog",
    "service_catalog",
]

CATALOG_PATH = Path(__file__).with_name("catalog.yaml")
DEFAULT_BLUEPRINT_PATH = Path(__file__).with_name("default.yaml")

Scope = Literal["regional", "global"]
_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ACTION = r"^[a-z0-9-]+:(Get|List|Describe|BatchGet)[A-Za-z0-9]*$"
_OU_PATH = r"^[^/\s][^/]*(/[^/\s][^/]*)*$"
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_PRINCIPAL = re.compile(r"^[a-z0-9.-]+\.amazonaws\.com$")


@dataclass(frozen=True, kw_only=True)
class SecurityServiceSpec:
    """One security service of the catalog."""

    id: str
    name: str
    scope: Scope  # "global": one setting for the whole account, judged once per account
    purpose: str  # what it detects or prevents, completing "<name> ..."
    objectives: tuple[str, ...]
    calls: tuple[str, ...]  # the IAM actions of the read-only calls that tell its state
    enable: str  # how to turn it on, in one sentence


@dataclass(frozen=True, kw_only=True)
class Blueprint:
    """The declared intent: the security services expected on in every account, and how
    the organization is laid out (``organization``, judged by ``aws.organizations.*``).

    Services the catalog lists but the blueprint does not name are optional.
    """

    path: str
    expected_services: frozenset[str]
    optional_services: frozenset[str]
    organization: OrganizationBlueprint = field(default_factory=OrganizationBlueprint)

    def expects(self, service_id: str) -> bool:
        return service_id in self.expected_services


class _Service(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    scope: Scope
    purpose: str = Field(min_length=1)
    objectives: list[str] = Field(min_length=1)
    calls: list[str] = Field(min_length=1)
    enable: str = Field(min_length=1)


class _Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    services: list[_Service]


class _SecurityServices(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    expected: list[str] = Field(default_factory=list)
    optional: list[str] = Field(default_factory=list)


class _OU(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    path: str = Field(pattern=_OU_PATH)
    environment: Literal["prod", "nonprod"] | None = None
    accounts: list[str] = Field(default_factory=list)


class _Organization(BaseModel):
    """Every key optional: an absent one keeps the packaged default."""

    model_config = ConfigDict(extra="forbid", strict=True)

    ous: list[_OU] | None = Field(default=None, min_length=1)
    suspended_ou: str | None = None
    security_account: str | None = Field(default=None, min_length=1)
    environment_tag: str | None = Field(default=None, min_length=1)
    production_values: list[str] | None = None
    nonproduction_values: list[str] | None = None
    guardrails: list[str] | None = None
    regions: list[str] | None = None
    delegated_services: list[str] | None = None


class _Blueprint(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    security_services: _SecurityServices = Field(default_factory=_SecurityServices)
    organization: _Organization = Field(default_factory=_Organization)


def load_catalog(path: Path | None = None) -> dict[str, SecurityServiceSpec]:
    """The services of ``path`` (default: the packaged catalog), by id, in file order.

    Objectives must exist in ``objectives.yaml`` and calls must be read-only actions.
    """
    from secfound.controls.objectives import load_objectives

    path = CATALOG_PATH if path is None else path
    data, root = load_yaml_with_nodes(path)
    try:
        parsed = _Catalog.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, root, path, _Catalog) from None
    known_objectives = load_objectives()
    services: dict[str, SecurityServiceSpec] = {}
    for index, entry in enumerate(parsed.services):
        if entry.id in services:
            line = line_of(root, ("services", index, "id"))
            raise ConfigError(f"service id {entry.id!r} is listed twice", path=path, line=line)
        for position, objective in enumerate(entry.objectives):
            if objective not in known_objectives:
                line = line_of(root, ("services", index, "objectives", position))
                raise ConfigError(f"unknown objective {objective!r}", path=path, line=line)
        for position, action in enumerate(entry.calls):
            if not _is_read_only(action):
                line = line_of(root, ("services", index, "calls", position))
                raise ConfigError(
                    f"{action!r} is not a read-only action (Get, List, Describe, BatchGet)",
                    path=path,
                    line=line,
                )
        services[entry.id] = SecurityServiceSpec(
            id=entry.id,
            name=entry.name,
            scope=entry.scope,
            purpose=" ".join(entry.purpose.split()),
            objectives=tuple(entry.objectives),
            calls=tuple(entry.calls),
            enable=" ".join(entry.enable.split()),
        )
    return services


def load_blueprint(
    path: Path | None = None, catalog: Mapping[str, SecurityServiceSpec] | None = None
) -> Blueprint:
    """The blueprint of ``path`` (default: the packaged ``default.yaml``)."""
    path = DEFAULT_BLUEPRINT_PATH if path is None else path
    catalog = service_catalog() if catalog is None else catalog
    data, root = load_yaml_with_nodes(path)
    try:
        parsed = _Blueprint.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, root, path, _Blueprint) from None
    seen: dict[str, str] = {}
    section = parsed.security_services
    for key, ids in (("expected", section.expected), ("optional", section.optional)):
        for index, service_id in enumerate(ids):
            line = line_of(root, ("security_services", key, index))
            if service_id not in catalog:
                known = ", ".join(catalog)
                raise ConfigError(
                    f"unknown security service {service_id!r}; the catalog has {known}",
                    path=path,
                    line=line,
                )
            if service_id in seen:
                raise ConfigError(
                    f"security service {service_id!r} is already {seen[service_id]}",
                    path=path,
                    line=line,
                )
            seen[service_id] = key
    return Blueprint(
        path=str(path),
        expected_services=frozenset(section.expected),
        optional_services=frozenset(section.optional),
        organization=_organization(parsed.organization, root, path),
    )


def _organization(section: _Organization, root: Any, path: Path) -> OrganizationBlueprint:
    """The organization section over the packaged default; its cross-references checked."""

    def fail(message: str, *where: Any) -> ConfigError:
        return ConfigError(message, path=path, line=line_of(root, ("organization", *where)))

    changes: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in section.model_dump(exclude_none=True).items()
        if key != "ous"
    }
    if section.ous is not None:
        changes["ous"] = tuple(
            ExpectedOU(path=o.path, environment=o.environment, accounts=tuple(o.accounts))
            for o in section.ous
        )
    result = replace(OrganizationBlueprint(), **changes)
    seen: set[str] = set()
    for index, unit in enumerate(result.ous):
        if unit.path.casefold() in seen:
            raise fail(f"OU {unit.path!r} is listed twice", "ous", index, "path")
        seen.add(unit.path.casefold())
    named = {name.casefold() for unit in result.ous for name in unit.accounts}
    if result.security_account.casefold() not in named:
        raise fail(
            f"security_account {result.security_account!r} is not among the accounts of "
            "any OU (ous[].accounts)",
            "security_account" if section.security_account is not None else "ous",
        )
    if result.suspended_ou and result.ou(result.suspended_ou) is None:
        raise fail(f"suspended_ou {result.suspended_ou!r} is not an OU of ous", "suspended_ou")
    for index, guardrail in enumerate(section.guardrails or ()):
        if guardrail not in GUARDRAILS:
            known = ", ".join(GUARDRAILS)
            raise fail(
                f"unknown guardrail {guardrail!r}; known: {known} (region restriction "
                "applies when regions are named)",
                "guardrails",
                index,
            )
    for index, region in enumerate(section.regions or ()):
        if not _REGION.match(region):
            raise fail(f"{region!r} is not a region name (eu-west-1)", "regions", index)
    for index, principal in enumerate(section.delegated_services or ()):
        if not _PRINCIPAL.match(principal):
            raise fail(
                f"{principal!r} is not a service principal (guardduty.amazonaws.com)",
                "delegated_services",
                index,
            )
    return result


@cache
def service_catalog() -> Mapping[str, SecurityServiceSpec]:
    """The packaged catalog, read once per process (it is package data, never edited)."""
    return load_catalog()


@cache
def default_blueprint() -> Blueprint:
    """The packaged default blueprint, read once per process."""
    return load_blueprint()


def _is_read_only(action: str) -> bool:
    return re.match(_ACTION, action) is not None
