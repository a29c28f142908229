"""secfound's control objectives as an OSCAL catalog.

One control per objective, its id the objective id (kebab-case ids are valid OSCAL tokens,
so profiles, assessment results and the POA&M name an objective exactly as secfound
does). Controls are grouped by objective type (preventive, detective, responsive). Each
control has:

* a ``statement`` part (the objective's statement) and a ``guidance`` part (its
  rationale), the part names OSCAL catalogs use;
* one ``check`` property (in secfound's namespace) per check that meets it, the check's
  title as the property's remarks; which checks meet an objective is derived from the
  checks, as everywhere in secfound;
* one ``manual-control`` part (secfound's namespace) per manual control: what a person
  must do and attest, since no check can tell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from secfound.controls.oscal.common import (
    NS,
    CheckRef,
    document_uuid,
    line,
    metadata,
    prop,
)

if TYPE_CHECKING:
    from secfound.controls.objectives import Objective

__all__ = ["GROUP_TITLES", "catalog_document", "checks_by_objective"]

GROUP_TITLES = {
    "preventive": "Preventive objectives: stop the problem",
    "detective": "Detective objectives: reveal the problem",
    "responsive": "Responsive objectives: limit the damage or recover",
}


def checks_by_objective(checks: Sequence[CheckRef]) -> dict[str, tuple[CheckRef, ...]]:
    """objective id -> the checks that name it, in the order given."""
    found: dict[str, list[CheckRef]] = {}
    for check in checks:
        for objective in check.objectives:
            found.setdefault(objective, []).append(check)
    return {key: tuple(value) for key, value in found.items()}


def catalog_document(
    objectives: Mapping[str, Objective],
    checks: Sequence[CheckRef],
    *,
    last_modified: datetime,
    version: str,
) -> dict[str, Any]:
    """The ``{"catalog": ...}`` document of every objective, in file order within groups."""
    serving = checks_by_objective(checks)
    groups: list[dict[str, Any]] = []
    for group_id, title in GROUP_TITLES.items():
        controls = [
            _control(item, serving.get(item.id, ()))
            for item in objectives.values()
            if item.type == group_id
        ]
        if controls:  # OSCAL allows no empty arrays
            groups.append(
                {"id": group_id, "class": "objective-type", "title": title, "controls": controls}
            )
    body: dict[str, Any] = {"groups": groups} if groups else {}
    return {
        "catalog": {
            "uuid": document_uuid("catalog", body),
            "metadata": metadata(
                "secfound control objectives",
                last_modified=last_modified,
                version=version,
                props=[prop("objectives", len(objectives))],
                remarks=(
                    "Each control is a secfound control objective; its check properties name "
                    f"the checks that meet it (namespace {NS})."
                ),
            ),
            **body,
        }
    }


def _control(objective: Objective, serving: Sequence[CheckRef]) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [
        {"id": f"{objective.id}_smt", "name": "statement", "prose": objective.statement},
        {"id": f"{objective.id}_gdn", "name": "guidance", "prose": objective.rationale},
    ]
    for index, text in enumerate(objective.manual_controls, start=1):
        parts.append(
            {
                "id": f"{objective.id}_mc.{index}",
                "name": "manual-control",
                "ns": NS,
                "prose": text,
            }
        )
    control: dict[str, Any] = {
        "id": objective.id,
        "class": objective.type,
        "title": line(objective.title),
    }
    props = [prop("check", check.id, remarks=check.title) for check in serving]
    if not serving:
        # Said in so many words: an objective no check meets rests on manual controls.
        met_by = "manual controls only" if objective.manual_controls else "nothing"
        props.append(prop("met-by", met_by))
    control["props"] = props
    control["parts"] = parts
    return control
