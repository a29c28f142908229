"""Control status from a run store: the catalog, the evidence and the attestations together.

``controls/status.py`` judges; this module gathers what it judges on. The checks that meet
an objective are derived from the registry (each check names its objectives, the catalog
keeps that as ``serving``), never listed in the objective, so a new check serves its
objectives the moment it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from secfound.controls.status import (
    ControlsStatus,
    ObjectiveInput,
    RequirementInput,
    evaluate,
    latest_attestations,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from secfound.checks.registry import Registry
    from secfound.controls.catalog import Catalog

__all__ = ["StatusQuery", "controls_status", "status_inputs"]


@dataclass(frozen=True, kw_only=True)
class StatusQuery:
    """What ``controls status`` was asked: one framework or none (objectives only)."""

    framework: str | None = None
    runs: tuple[str, ...] = ()
    until: datetime | None = None


def status_inputs(
    catalog: Catalog, registry: Registry, framework_id: str | None
) -> tuple[list[ObjectiveInput], list[RequirementInput]]:
    """Every objective of the catalog, and the requirements of ``framework_id``."""
    objective_inputs = [
        ObjectiveInput(
            id=item.id,
            title=item.title,
            checks=catalog.serving.get(item.id, ()),
            manual_controls=item.manual_controls,
            services=_services(registry, catalog.serving.get(item.id, ())),
        )
        for item in catalog.objectives.values()
    ]
    if framework_id is None:
        return objective_inputs, []
    framework = catalog.framework(framework_id)
    requirement_inputs = []
    for requirement in framework.requirements:
        checks = tuple(registry.canonical_id(check) or check for check in requirement.checks)
        requirement_inputs.append(
            RequirementInput(
                framework=framework.id,
                id=requirement.id,
                title=requirement.title,
                checks=checks,
                objectives=requirement.objectives,
                services=_services(registry, checks),
                manual=requirement.assessment == "manual" and not checks,
            )
        )
    return objective_inputs, requirement_inputs


def _services(registry: Registry, check_ids: Iterable[str]) -> frozenset[str] | None:
    """The services whose coverage gaps could hide what these checks judge."""
    from secfound.controls.type_services import services_of_types

    types: list[str] = []
    for check_id in check_ids:
        canonical = registry.canonical_id(check_id)
        if canonical is not None:
            types.extend(registry.get(canonical).subject_types)
    return services_of_types(types)


def controls_status(
    engine: Engine,
    query: StatusQuery,
    *,
    catalog: Catalog,
    registry: Registry,
    today: date,
) -> ControlsStatus:
    """Every objective's state (and the framework's requirements') from the stored runs."""
    from secfound.store.attestations import list_attestations
    from secfound.store.evidence import latest_evidence

    objective_inputs, requirement_inputs = status_inputs(catalog, registry, query.framework)
    evidence = latest_evidence(engine, runs=query.runs, until=query.until)
    attestations = latest_attestations(list_attestations(engine, until=query.until))
    return evaluate(
        objective_inputs,
        evidence,
        attestations,
        requirements=requirement_inputs,
        today=today,
    )
