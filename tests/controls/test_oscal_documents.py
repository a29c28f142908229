"""The OSCAL builders without a store: catalog, profiles, the state mapping, the POA&M."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from trestle.oscal import assessment_results, catalog, poam, profile

from secfound.checks.registry import builtin_registry
from secfound.controls.frameworks import Framework, Requirement, load_frameworks
from secfound.controls.objectives import load_objectives
from secfound.controls.oscal.catalog import catalog_document
from secfound.controls.oscal.common import NS, document_uuid, stable_uuid
from secfound.controls.oscal.export import check_refs
from secfound.controls.oscal.poam import poam_document
from secfound.controls.oscal.profile import profile_document
from secfound.controls.oscal.results import results_document, target_status
from secfound.controls.status import (
    ControlsStatus,
    ControlState,
    Evidence,
    EvidenceFinding,
    EvidenceRun,
    FailingResource,
    ObjectiveStatus,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CHECKS = check_refs(builtin_registry())


def _objective(state: ControlState, *, attested: bool | None = None) -> ObjectiveStatus:
    return ObjectiveStatus(
        id="data-at-rest-encrypted",
        title="Data at rest is encrypted",
        state=state,
        reason=f"it is {state}",
        checks=("aws.sqs.queue_encrypted_at_rest",),
        manual_controls=(),
        attested=attested,
    )


@pytest.mark.parametrize(
    ("state", "attested", "expected"),
    [
        (ControlState.PASSING, None, {"state": "satisfied", "reason": "pass"}),
        (ControlState.FAILING, None, {"state": "not-satisfied", "reason": "fail"}),
        (ControlState.UNKNOWN, None, {"state": "not-satisfied", "reason": "other"}),
        (ControlState.MANUAL, True, {"state": "satisfied", "reason": "pass"}),
        (ControlState.MANUAL, False, {"state": "not-satisfied", "reason": "other"}),
        (ControlState.NOT_COVERED, None, {"state": "not-satisfied", "reason": "other"}),
        (ControlState.NOT_APPLICABLE, None, None),
    ],
)
def test_every_state_maps_to_an_oscal_target_and_unknown_never_passes(
    state: ControlState, attested: bool | None, expected: dict[str, str] | None
) -> None:
    target = target_status(_objective(state, attested=attested))
    assert target["props"] == [{"name": "state", "ns": NS, "value": str(state)}]
    assert target.get("status") == expected
    if expected is None:
        assert target["implementation-status"] == {"state": "not-applicable"}


def test_the_catalog_groups_objectives_by_type_with_their_checks_and_manual_controls() -> None:
    objectives = load_objectives()
    document = catalog_document(objectives, CHECKS, last_modified=NOW, version="1.2.3")
    catalog.Model.model_validate(document)
    groups = document["catalog"]["groups"]
    assert {g["id"] for g in groups} == {o.type for o in objectives.values()}
    controls = {c["id"]: (g["id"], c) for g in groups for c in g["controls"]}
    assert set(controls) == set(objectives)
    for objective in objectives.values():
        group, control = controls[objective.id]
        assert group == objective.type
        checks = [p["value"] for p in control["props"] if p["name"] == "check"]
        assert checks == [c.id for c in CHECKS if objective.id in c.objectives]
        parts = {p["name"]: p for p in control["parts"]}
        assert parts["statement"]["prose"] == objective.statement
        assert parts["guidance"]["prose"] == objective.rationale
        manual = [p["prose"] for p in control["parts"] if p["name"] == "manual-control"]
        assert manual == list(objective.manual_controls)


def _framework(*requirements: Requirement) -> Framework:
    return Framework(
        id="home-made",
        title="A home-made framework",
        version="1",
        publisher="Example",
        source="https://example.com/framework",
        reference_key="home",
        requirements=requirements,
        path=Path("home-made.yaml"),
    )


def test_a_profile_carries_requirement_ids_and_keeps_the_uncovered_visible() -> None:
    catalog_ids = list(load_objectives())
    framework = _framework(
        Requirement(id="R1", title="Encrypt queues", checks=("aws.sqs.queue_encrypted_at_rest",)),
        Requirement(id="R2", title="Encrypt data", objectives=("data-at-rest-encrypted",)),
        Requirement(id="R3", title="Something secfound does not judge"),
    )
    document = profile_document(
        framework,
        CHECKS,
        catalog_ids,
        catalog_href="catalog.json",
        last_modified=NOW,
        version="1.2.3",
    )
    profile.Model.model_validate(document)
    body = document["profile"]
    (imported,) = body["imports"]
    assert imported["include-controls"] == [{"with-ids": ["data-at-rest-encrypted"]}]
    (alter,) = body["modify"]["alters"]
    carried = [(p["value"], p["class"]) for p in alter["adds"][0]["props"]]
    assert carried == [("R1", "check"), ("R2", "objective")]
    missing = [p for p in body["metadata"]["props"] if p["name"] == "requirement-not-covered"]
    assert [(p["value"], p["remarks"]) for p in missing] == [
        ("R3", "Something secfound does not judge")
    ]


def test_a_framework_covering_nothing_selects_no_control_and_still_validates() -> None:
    framework = _framework(Requirement(id="R1", title="Unjudged"))
    catalog_ids = list(load_objectives())
    document = profile_document(
        framework,
        CHECKS,
        catalog_ids,
        catalog_href="catalog.json",
        last_modified=NOW,
        version="1",
    )
    profile.Model.model_validate(document)
    (imported,) = document["profile"]["imports"]
    assert imported["exclude-controls"] == [{"with-ids": catalog_ids}]
    assert "modify" not in document["profile"]


def test_every_packaged_framework_profile_validates() -> None:
    catalog_ids = list(load_objectives())
    for framework in load_frameworks():
        document = profile_document(
            framework,
            CHECKS,
            catalog_ids,
            catalog_href="catalog.json",
            last_modified=NOW,
            version="1",
        )
        profile.Model.model_validate(document)


def test_uuids_are_version_5_and_document_uuids_follow_the_content() -> None:
    assert uuid.UUID(stable_uuid("finding", "a")).version == 5
    assert stable_uuid("finding", "a") == stable_uuid("finding", "a")
    assert stable_uuid("finding", "a") != stable_uuid("finding", "b")
    assert document_uuid("catalog", {"x": 1}) == document_uuid("catalog", {"x": 1})
    assert document_uuid("catalog", {"x": 1}) != document_uuid("catalog", {"x": 2})


def _status(
    *objectives: ObjectiveStatus, findings: tuple[EvidenceFinding, ...] = ()
) -> ControlsStatus:
    run = EvidenceRun(id="run-1", command="scan", started=NOW, scope=("/repo",))
    return ControlsStatus(
        evidence=Evidence(runs=(run,), findings=findings),
        objectives=objectives,
        as_of=NOW.date(),
    )


def test_no_failing_objective_means_no_poam() -> None:
    status = _status(_objective(ControlState.UNKNOWN), _objective(ControlState.PASSING))
    assert poam_document(status, CHECKS, last_modified=NOW, version="1") is None
    assessment_results.Model.model_validate(
        results_document(status, CHECKS, catalog_href="c.json", last_modified=NOW, version="1")
    )


def test_owners_and_deadlines_given_reach_the_poam() -> None:
    finding = EvidenceFinding(
        check_id="aws.sqs.queue_encrypted_at_rest",
        status="failed",
        suppressed=False,
        resource="arn:aws:sqs:us-east-1:123456789012:jobs",
        run_id="run-1",
        message="messages are stored unencrypted",
    )
    failing = replace(
        _objective(ControlState.FAILING),
        failed=1,
        failing=(
            FailingResource(
                check_id=finding.check_id,
                resource=finding.resource,
                run_id="run-1",
                message=finding.message,
            ),
        ),
    )
    document = poam_document(
        _status(failing, findings=(finding,)),
        CHECKS,
        last_modified=NOW,
        version="1",
        owners={failing.id: "platform-team"},
        deadlines={failing.id: date(2026, 4, 1)},
    )
    assert document is not None
    poam.Model.model_validate(document)
    body = document["plan-of-action-and-milestones"]
    (risk,) = body["risks"]
    assert risk["deadline"] == "2026-04-01T23:59:59Z"
    assert {"name": "owner", "ns": NS, "value": "platform-team"} in risk["props"]
    (item,) = body["poam-items"]
    (observation,) = body["observations"]
    assert item["related-observations"] == [{"observation-uuid": observation["uuid"]}]
    assert observation["subjects"][0]["title"] == finding.resource
