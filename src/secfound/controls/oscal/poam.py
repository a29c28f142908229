"""Open failures as an OSCAL plan of action and milestones (POA&M).

One POA&M item per *failing* objective (a failing finding on some resource, or an expired
attestation); objectives that are unknown, unattested or not applicable are not open
failures and stay in the assessment results. Each item has:

* the failing resources as observations, one per unsuppressed failing finding, with the
  same UUIDs as in the assessment results (so the two documents join on them);
* one risk, status ``open``, whose related observations are those findings, with a
  ``deadline`` where one is known;
* an ``owner`` property (secfound's namespace) where one is known: given by the caller, or
  the person whose attestation expired, since re-attesting falls to them.

OSCAL requires at least one POA&M item, so with no open failure there is no document
(``poam_document`` returns None) rather than an empty, invalid one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from secfound.controls.oscal.common import (
    CheckRef,
    document_uuid,
    line,
    metadata,
    prop,
    stable_uuid,
    timestamp,
    tool_component,
    tool_origin,
)
from secfound.controls.oscal.results import (
    evidence_key,
    inventory_items,
    observation,
    observation_uuids,
)

if TYPE_CHECKING:
    from secfound.controls.objectives import Objective
    from secfound.controls.status import ControlsStatus, EvidenceFinding, ObjectiveStatus

__all__ = ["owner_of", "poam_document"]


def owner_of(objective: ObjectiveStatus, owners: Mapping[str, str]) -> str | None:
    """Who must act: the owner given for the objective, else whoever attested its manual
    controls when the failure is that attestation's expiry."""
    if objective.id in owners:
        return owners[objective.id]
    if objective.failed == 0 and objective.attestation is not None:
        return objective.attestation.attested_by
    return None


def poam_document(
    status: ControlsStatus,
    checks: Sequence[CheckRef],
    *,
    last_modified: datetime,
    version: str,
    objectives: Mapping[str, Objective] | None = None,
    owners: Mapping[str, str] | None = None,
    deadlines: Mapping[str, date] | None = None,
) -> dict[str, Any] | None:
    """The ``{"plan-of-action-and-milestones": ...}`` document, or None when nothing fails."""
    failing = [item for item in status.objectives if str(item.state) == "failing"]
    if not failing:
        return None
    evidence = status.evidence
    key = evidence_key(evidence)
    started = {run.id: run.started for run in evidence.runs}
    by_check = {check.id: check for check in checks}
    uuids = observation_uuids(evidence)
    observations: dict[str, dict[str, Any]] = {}
    judged: list[EvidenceFinding] = []
    risks: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for objective in failing:
        wanted = set(objective.checks)
        related: list[str] = []
        for index, finding in enumerate(evidence.findings):
            if finding.check_id not in wanted or finding.status != "failed" or finding.suppressed:
                continue
            uuid = uuids[index]
            related.append(uuid)
            if uuid not in observations:
                collected = started.get(finding.run_id, last_modified)
                check = by_check.get(finding.check_id)
                observations[uuid] = observation(finding, uuid, collected, check)
                judged.append(finding)
        owner = owner_of(objective, owners or {})
        deadline = (deadlines or {}).get(objective.id)
        definition = (objectives or {}).get(objective.id)
        risk = _risk(objective, key, related, owner, deadline, definition)
        risks.append(risk)
        items.append(_item(objective, key, related, risk["uuid"], owner))
    local: dict[str, Any] = {"components": [tool_component(version)]}
    inventory = inventory_items(judged)
    if inventory:
        local["inventory-items"] = inventory
    body: dict[str, Any] = {"local-definitions": local}
    if observations:
        body["observations"] = list(observations.values())
    body["risks"] = risks
    body["poam-items"] = items
    return {
        "plan-of-action-and-milestones": {
            "uuid": document_uuid("poam", body),
            "metadata": metadata(
                "secfound plan of action and milestones",
                last_modified=last_modified,
                version=version,
                props=[prop("as-of", status.as_of.isoformat())]
                + [prop("evidence-run", run.id) for run in evidence.runs],
            ),
            **body,
        }
    }


def _risk(
    objective: ObjectiveStatus,
    key: str,
    related: Sequence[str],
    owner: str | None,
    deadline: date | None,
    definition: Objective | None,
) -> dict[str, Any]:
    resources = len({item.resource for item in objective.failing})
    statement = (
        f"{resources} resource(s) fail the checks of this objective."
        if resources
        else objective.reason
    )
    if definition is not None:
        statement += f" {definition.rationale}"
    props = [prop("objective", objective.id)]
    if owner:
        props.append(prop("owner", owner))
    risk: dict[str, Any] = {
        "uuid": stable_uuid("risk", key, objective.id),
        "title": line(f"{objective.title}: not met"),
        "description": objective.reason,
        "statement": statement,
        "props": props,
        "status": "open",
        "origins": [tool_origin()],
    }
    if deadline is not None:
        risk["deadline"] = timestamp(datetime.combine(deadline, time(23, 59, 59)))
    if related:
        risk["related-observations"] = [{"observation-uuid": uuid} for uuid in related]
    return risk


def _item(
    objective: ObjectiveStatus,
    key: str,
    related: Sequence[str],
    risk_uuid: str,
    owner: str | None,
) -> dict[str, Any]:
    props = [prop("objective", objective.id), prop("state", str(objective.state))]
    if owner:
        props.append(prop("owner", owner))
    item: dict[str, Any] = {
        "uuid": stable_uuid("poam-item", key, objective.id),
        "title": line(objective.title),
        "description": objective.reason,
        "props": props,
        "origins": [tool_origin()],
    }
    if related:
        item["related-observations"] = [{"observation-uuid": uuid} for uuid in related]
    item["related-risks"] = [{"risk-uuid": risk_uuid}]
    return item
