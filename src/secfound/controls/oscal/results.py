"""The evidence and the objectives' states as OSCAL assessment results.

One ``result`` covers the evidence ``controls status`` judges on (the latest run of each
scope, or the runs asked for), its ``start`` the earliest of those runs and its
``assessment-log`` one entry per run. In it:

* **Observations**: one per stored finding, ``methods: ["TEST"]``; the subject is the
  resource (an inventory item of the result's ``local-definitions``, its ``asset-id`` the
  ARN or the IaC address), the relevant evidence the check (id and title), ``collected``
  the time the run started. The properties say the check, the verdict (passed, failed,
  unknown, error), the run and whether a suppression applied.
* **Findings**: one per objective, its target ``{type: objective-id, target-id: <objective
  id>}`` and ``related-observations`` the observations of the checks that meet it.

OSCAL's ``status.state`` is binary (satisfied, not-satisfied); secfound has six states, so
the full state is always the ``state`` property (secfound's namespace) and the OSCAL state
is derived so that nothing unknown passes:

=================  ============================================================
secfound state     OSCAL target
=================  ============================================================
passing            ``satisfied``, reason ``pass``
failing            ``not-satisfied``, reason ``fail``
unknown            ``not-satisfied``, reason ``other`` (unknown is never a pass)
manual, attested   ``satisfied``, reason ``pass``
manual, not        ``not-satisfied``, reason ``other``
not covered        ``not-satisfied``, reason ``other``
not applicable     no ``status`` (neither is true); ``implementation-status``
                   ``not-applicable``
=================  ============================================================

The document imports no assessment plan file, since secfound has none: ``import-ap``
points into the back-matter at a resource describing the plan (every check of the
catalog, run on each scan or assessment) and linking the catalog.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
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

if TYPE_CHECKING:
    from secfound.controls.status import (
        ControlsStatus,
        Evidence,
        EvidenceFinding,
        EvidenceRun,
        ObjectiveStatus,
    )

__all__ = [
    "evidence_key",
    "inventory_items",
    "observation",
    "observation_uuids",
    "results_document",
    "target_status",
]

# secfound state -> OSCAL (state, reason); None: no status (not applicable).
_TARGET: dict[str, tuple[str, str] | None] = {
    "passing": ("satisfied", "pass"),
    "failing": ("not-satisfied", "fail"),
    "unknown": ("not-satisfied", "other"),
    "not covered": ("not-satisfied", "other"),
    "not applicable": None,
}


def evidence_key(evidence: Evidence) -> str:
    """What identifies a body of evidence: its runs, in a stable order."""
    return ",".join(sorted(run.id for run in evidence.runs)) or "no-runs"


def observation_uuids(evidence: Evidence) -> list[str]:
    """The UUID of each finding's observation, aligned with ``evidence.findings``.

    The key is the run, the check and the resource (and a counter, should one run judge
    one resource twice with one check), so the assessment results and the POA&M name one
    observation alike.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    found: list[str] = []
    for finding in evidence.findings:
        key = (finding.run_id, finding.check_id, finding.resource)
        seen[key] += 1
        found.append(stable_uuid("observation", *key, str(seen[key])))
    return found


def _subject_uuid(resource: str) -> str:
    return stable_uuid("resource", resource)


def inventory_items(findings: Sequence[EvidenceFinding]) -> list[dict[str, Any]]:
    """One inventory item per resource the findings judge (the observations' subjects)."""
    resources = dict.fromkeys(finding.resource for finding in findings)
    return [
        {
            "uuid": _subject_uuid(resource),
            "description": resource,
            "props": [prop("asset-id", resource, ns=None)],
        }
        for resource in resources
    ]


def observation(
    finding: EvidenceFinding, uuid: str, collected: datetime, check: CheckRef | None
) -> dict[str, Any]:
    """The observation of one finding."""
    title = check.title if check is not None else finding.check_id
    props = [
        prop("check", finding.check_id),
        prop("result", finding.status),
        prop("run", finding.run_id),
    ]
    if finding.suppressed:
        props.append(prop("suppressed", "true"))
    return {
        "uuid": uuid,
        "title": line(f"{finding.check_id} {finding.status}: {finding.resource}"),
        "description": finding.message or f"The check {finding.status} on this resource.",
        "props": props,
        "methods": ["TEST"],
        "origins": [tool_origin()],
        "subjects": [
            {
                "subject-uuid": _subject_uuid(finding.resource),
                "type": "inventory-item",
                "title": line(finding.resource),
            }
        ],
        "relevant-evidence": [
            {
                "description": f"secfound check {finding.check_id}: {title}",
                "props": [prop("check", finding.check_id)],
            }
        ],
        "collected": timestamp(collected),
    }


def target_status(objective: ObjectiveStatus) -> dict[str, Any]:
    """The finding's ``target`` for ``objective`` (see the table in the module docstring)."""
    state = str(objective.state)
    target: dict[str, Any] = {
        "type": "objective-id",
        "target-id": objective.id,
        "title": line(objective.title),
        "props": [prop("state", state)],
    }
    if state == "manual":
        mapped: tuple[str, str] | None = (
            ("satisfied", "pass") if objective.attested else ("not-satisfied", "other")
        )
    else:
        mapped = _TARGET.get(state, ("not-satisfied", "other"))
    if mapped is None:
        target["implementation-status"] = {"state": "not-applicable"}
    else:
        target["status"] = {"state": mapped[0], "reason": mapped[1]}
    return target


def _finding(objective: ObjectiveStatus, key: str, related: Sequence[str]) -> dict[str, Any]:
    props = [
        prop("state", str(objective.state)),
        prop("passed", objective.passed),
        prop("failed", objective.failed),
        prop("unknown", objective.unknown),
        prop("suppressed", objective.suppressed),
    ]
    if objective.attested is not None:
        props.append(prop("attested", "true" if objective.attested else "false"))
    if objective.attestation is not None:
        props.append(
            prop(
                "attested-by",
                objective.attestation.attested_by,
                remarks=objective.attestation.evidence_uri or None,
            )
        )
    found: dict[str, Any] = {
        "uuid": stable_uuid("finding", key, objective.id),
        "title": line(objective.title),
        "description": objective.reason or str(objective.state),
        "props": props,
        "origins": [tool_origin()],
        "target": target_status(objective),
    }
    if related:
        found["related-observations"] = [{"observation-uuid": uuid} for uuid in related]
    return found


def results_document(
    status: ControlsStatus,
    checks: Sequence[CheckRef],
    *,
    catalog_href: str,
    last_modified: datetime,
    version: str,
) -> dict[str, Any]:
    """The ``{"assessment-results": ...}`` document of ``status``."""
    evidence = status.evidence
    key = evidence_key(evidence)
    started = {run.id: run.started for run in evidence.runs}
    by_check = {check.id: check for check in checks}
    uuids = observation_uuids(evidence)
    observations: list[dict[str, Any]] = []
    observed: dict[str, list[str]] = {}
    for finding, uuid in zip(evidence.findings, uuids, strict=True):
        collected = started.get(finding.run_id, last_modified)
        observations.append(observation(finding, uuid, collected, by_check.get(finding.check_id)))
        observed.setdefault(finding.check_id, []).append(uuid)
    findings = []
    for objective in status.objectives:
        related = [
            uuid
            for check_id in dict.fromkeys(objective.checks)
            for uuid in observed.get(check_id, ())
        ]
        findings.append(_finding(objective, key, related))
    result: dict[str, Any] = {
        "uuid": stable_uuid("result", key),
        "title": f"secfound control objectives from {len(evidence.runs)} stored run(s)",
        "description": (
            "The latest stored run of each scope judged every control objective of the "
            f"secfound catalog, as of {status.as_of.isoformat()}."
        ),
        "start": timestamp(min(started.values(), default=last_modified)),
        "end": timestamp(max(started.values(), default=last_modified)),
        "props": [prop("as-of", status.as_of.isoformat())]
        + [prop("evidence-run", run.id) for run in evidence.runs],
        "local-definitions": _local_definitions(evidence.findings, version),
        "reviewed-controls": {
            "control-selections": [
                {"include-controls": [{"control-id": o.id} for o in status.objectives]}
            ]
            if status.objectives
            else [{"include-all": {}}]
        },
    }
    if evidence.runs:
        result["assessment-log"] = {"entries": [_log_entry(run) for run in evidence.runs]}
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    plan = _plan_resource(catalog_href)
    body = {
        "import-ap": {
            "href": f"#{plan['uuid']}",
            "remarks": "secfound has no assessment plan file; the back-matter describes the plan.",
        },
        "results": [result],
        "back-matter": {"resources": [plan]},
    }
    return {
        "assessment-results": {
            "uuid": document_uuid("assessment-results", body),
            "metadata": metadata(
                "secfound assessment results",
                last_modified=last_modified,
                version=version,
            ),
            **body,
        }
    }


def _local_definitions(findings: Sequence[EvidenceFinding], version: str) -> dict[str, Any]:
    found: dict[str, Any] = {"components": [tool_component(version)]}
    items = inventory_items(findings)
    if items:
        found["inventory-items"] = items
    return found


def _log_entry(run: EvidenceRun) -> dict[str, Any]:
    props = [prop("run", run.id), prop("command", run.command)]
    props.extend(prop("scope", item) for item in run.scope if item.strip())
    if run.gaps:
        props.append(prop("coverage-gaps", run.gaps))
    if run.input_errors:
        props.append(prop("input-errors", run.input_errors))
    return {
        "uuid": stable_uuid("run", run.id),
        "title": f"secfound {run.command} run {run.id}",
        "start": timestamp(run.started),
        "props": props,
    }


def _plan_resource(catalog_href: str) -> dict[str, Any]:
    return {
        "uuid": stable_uuid("assessment-plan"),
        "title": "secfound assessment plan",
        "description": (
            "Every check of the secfound catalog runs on each scan or assessment; each "
            "control objective is judged from the latest stored run of every scope."
        ),
        "rlinks": [{"href": catalog_href, "media-type": "application/json"}],
    }
