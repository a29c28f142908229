"""The rules that turn evidence into objective and requirement states (controls/status.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from secfound.controls.status import (
    AttestationRecord,
    ControlState,
    Evidence,
    EvidenceFinding,
    EvidenceRun,
    ObjectiveInput,
    RequirementInput,
    evaluate,
    latest_attestations,
)

TODAY = date(2026, 6, 1)
RUN = EvidenceRun(
    id="run-1", command="scan", started=datetime(2026, 5, 1, tzinfo=UTC), scope=("infra",)
)


def finding(
    check: str, status: str, resource: str = "r1", *, suppressed: bool = False
) -> EvidenceFinding:
    return EvidenceFinding(
        check_id=check, status=status, suppressed=suppressed, resource=resource, run_id="run-1"
    )


def evidence(*findings: EvidenceFinding, runs: tuple[EvidenceRun, ...] = (RUN,)) -> Evidence:
    return Evidence(runs=runs, findings=findings)


def attestation(expires: date | None, *, at: datetime | None = None) -> AttestationRecord:
    return AttestationRecord(
        objective_id="obj",
        attested_by="security team",
        attested_at=at or datetime(2026, 5, 2, tzinfo=UTC),
        expires_on=expires,
        evidence_uri="https://tickets.example/SEC-1",
    )


def state_of(
    objective: ObjectiveInput,
    found: Evidence,
    attested: AttestationRecord | None = None,
) -> tuple[ControlState, bool | None, str]:
    result = evaluate([objective], found, {"obj": attested} if attested else {}, today=TODAY)
    status = result.objectives[0]
    return status.state, status.attested, status.reason


CHECKED = ObjectiveInput(id="obj", title="t", checks=("c.a", "c.b"), services=frozenset({"s3"}))
CHECKED_AND_MANUAL = ObjectiveInput(
    id="obj", title="t", checks=("c.a",), manual_controls=("review",), services=frozenset({"s3"})
)
MANUAL_ONLY = ObjectiveInput(id="obj", title="t", checks=(), manual_controls=("review",))


def test_all_passing_findings_pass() -> None:
    assert state_of(CHECKED, evidence(finding("c.a", "passed"), finding("c.b", "passed")))[0] is (
        ControlState.PASSING
    )


def test_one_failing_resource_fails_the_objective() -> None:
    found = evidence(
        finding("c.a", "passed", "r1"),
        finding("c.a", "passed", "r2"),
        finding("c.b", "failed", "r3"),
    )
    result = evaluate([CHECKED], found, {}, today=TODAY).objectives[0]
    assert result.state is ControlState.FAILING
    assert [f.resource for f in result.failing] == ["r3"]
    assert (result.passed, result.failed) == (2, 1)


@pytest.mark.parametrize("status", ["unknown", "error"])
def test_an_unjudged_finding_is_unknown_never_passing(status: str) -> None:
    state, _, _ = state_of(CHECKED, evidence(finding("c.a", "passed"), finding("c.b", status)))
    assert state is ControlState.UNKNOWN


def test_failing_wins_over_unknown() -> None:
    state, _, _ = state_of(CHECKED, evidence(finding("c.a", "unknown"), finding("c.b", "failed")))
    assert state is ControlState.FAILING


def test_a_suppressed_failure_is_an_exception_not_a_failure() -> None:
    found = evidence(finding("c.a", "passed"), finding("c.b", "failed", "r9", suppressed=True))
    result = evaluate([CHECKED], found, {}, today=TODAY).objectives[0]
    assert result.state is ControlState.PASSING
    assert [e.resource for e in result.exceptions] == ["r9"]
    assert "suppressed" in result.reason


def test_no_resource_in_scope_is_not_applicable_never_passing() -> None:
    state, _, _ = state_of(CHECKED, evidence(finding("other.check", "passed")))
    assert state is ControlState.NOT_APPLICABLE


def test_nothing_judged_behind_a_gap_in_its_service_is_unknown() -> None:
    gapped = EvidenceRun(
        id="run-2",
        command="assess",
        started=RUN.started,
        scope=("1/us-east-1",),
        gaps=1,
        gap_services=frozenset({"s3"}),
    )
    assert state_of(CHECKED, evidence(runs=(gapped,)))[0] is ControlState.UNKNOWN


def test_a_gap_in_another_service_leaves_it_not_applicable() -> None:
    gapped = EvidenceRun(
        id="run-2",
        command="assess",
        started=RUN.started,
        scope=("1/us-east-1",),
        gaps=1,
        gap_services=frozenset({"detective"}),
    )
    assert state_of(CHECKED, evidence(runs=(gapped,)))[0] is ControlState.NOT_APPLICABLE


def test_an_unreadable_input_hides_every_service() -> None:
    broken = EvidenceRun(
        id="run-3", command="scan", started=RUN.started, scope=("infra",), input_errors=1
    )
    assert state_of(CHECKED, evidence(runs=(broken,)))[0] is ControlState.UNKNOWN


def test_checks_passing_with_unattested_manual_controls_are_unknown() -> None:
    state, attested, reason = state_of(CHECKED_AND_MANUAL, evidence(finding("c.a", "passed")))
    assert (state, attested) == (ControlState.UNKNOWN, False)
    assert "not attested" in reason


def test_checks_passing_with_a_valid_attestation_pass() -> None:
    state, attested, _ = state_of(
        CHECKED_AND_MANUAL, evidence(finding("c.a", "passed")), attestation(date(2026, 12, 31))
    )
    assert (state, attested) == (ControlState.PASSING, True)


def test_an_attestation_valid_through_its_last_day() -> None:
    state, _, _ = state_of(
        CHECKED_AND_MANUAL, evidence(finding("c.a", "passed")), attestation(TODAY)
    )
    assert state is ControlState.PASSING


def test_an_expired_attestation_fails_the_objective() -> None:
    state, attested, reason = state_of(
        CHECKED_AND_MANUAL, evidence(finding("c.a", "passed")), attestation(date(2026, 5, 31))
    )
    assert (state, attested) == (ControlState.FAILING, False)
    assert "expired on 2026-05-31" in reason


def test_manual_only_objectives_are_manual_attested_or_not() -> None:
    assert state_of(MANUAL_ONLY, evidence())[:2] == (ControlState.MANUAL, False)
    valid = attestation(date(2027, 1, 1))
    assert state_of(MANUAL_ONLY, evidence(), valid)[:2] == (ControlState.MANUAL, True)
    expired = attestation(date(2026, 1, 1))
    assert state_of(MANUAL_ONLY, evidence(), expired)[0] is ControlState.FAILING


def test_the_latest_attestation_supersedes_older_ones() -> None:
    old = attestation(date(2030, 1, 1), at=datetime(2026, 1, 1, tzinfo=UTC))
    new = attestation(date(2026, 2, 1), at=datetime(2026, 3, 1, tzinfo=UTC))
    assert latest_attestations([new, old])["obj"] is new


# --------------------------------------------------------------------------- requirements


def requirement_state(
    requirement: RequirementInput,
    objectives: list[ObjectiveInput],
    found: Evidence,
    **attested: AttestationRecord,
) -> tuple[ControlState, bool | None]:
    result = evaluate(objectives, found, attested, requirements=[requirement], today=TODAY)
    item = result.requirements[0]
    return item.state, item.attested


def objective(
    name: str, checks: tuple[str, ...] = (), manual: tuple[str, ...] = ()
) -> ObjectiveInput:
    return ObjectiveInput(id=name, title=name, checks=checks, manual_controls=manual)


def test_a_requirement_with_nothing_mapped_is_not_covered() -> None:
    req = RequirementInput(framework="f", id="1.1", title="t")
    assert requirement_state(req, [], evidence())[0] is ControlState.NOT_COVERED


def test_a_requirement_takes_the_worst_state_of_its_parts() -> None:
    req = RequirementInput(framework="f", id="1", title="t", checks=("c.a",), objectives=("o1",))
    objectives = [objective("o1", ("c.b",))]
    passing = evidence(finding("c.a", "passed"), finding("c.b", "passed"))
    assert requirement_state(req, objectives, passing)[0] is ControlState.PASSING
    unknown = evidence(finding("c.a", "passed"), finding("c.b", "unknown"))
    assert requirement_state(req, objectives, unknown)[0] is ControlState.UNKNOWN
    failing = evidence(finding("c.a", "failed"), finding("c.b", "unknown"))
    assert requirement_state(req, objectives, failing)[0] is ControlState.FAILING


def test_a_requirement_mapped_only_to_manual_objectives_is_manual() -> None:
    req = RequirementInput(framework="f", id="1", title="t", objectives=("o1", "o2"))
    objectives = [objective("o1", manual=("m",)), objective("o2", manual=("m",))]
    assert requirement_state(req, objectives, evidence()) == (ControlState.MANUAL, False)
    valid = AttestationRecord(
        objective_id="o1",
        attested_by="x",
        attested_at=datetime(2026, 5, 1, tzinfo=UTC),
        expires_on=None,
    )
    both = {"o1": valid, "o2": AttestationRecord(**{**valid.__dict__, "objective_id": "o2"})}
    result = evaluate(objectives, evidence(), both, requirements=[req], today=TODAY)
    assert (result.requirements[0].state, result.requirements[0].attested) == (
        ControlState.MANUAL,
        True,
    )


def test_an_attested_manual_part_counts_as_passing_beside_checks() -> None:
    req = RequirementInput(framework="f", id="1", title="t", checks=("c.a",), objectives=("o1",))
    objectives = [objective("o1", manual=("m",))]
    valid = AttestationRecord(
        objective_id="o1",
        attested_by="x",
        attested_at=datetime(2026, 5, 1, tzinfo=UTC),
        expires_on=None,
    )
    result = evaluate(
        objectives,
        evidence(finding("c.a", "passed")),
        {"o1": valid},
        requirements=[req],
        today=TODAY,
    )
    assert result.requirements[0].state is ControlState.PASSING
    unattested = evaluate(
        objectives, evidence(finding("c.a", "passed")), {}, requirements=[req], today=TODAY
    )
    assert unattested.requirements[0].state is ControlState.MANUAL
    assert unattested.requirements[0].attested is False


def test_a_requirement_lists_the_failing_resources_of_its_parts() -> None:
    req = RequirementInput(framework="f", id="1", title="t", checks=("c.a",), objectives=("o1",))
    objectives = [objective("o1", ("c.a", "c.b"))]
    found = evidence(finding("c.a", "failed", "r1"), finding("c.b", "failed", "r2"))
    result = evaluate(objectives, found, {}, requirements=[req], today=TODAY)
    assert sorted(f.resource for f in result.requirements[0].failing) == ["r1", "r2"]


def test_counts_name_every_state() -> None:
    result = evaluate([CHECKED], evidence(finding("c.a", "failed")), {}, today=TODAY)
    counts = result.counts(result.objectives)
    assert counts["failing"] == 1
    assert set(counts) == {str(state) for state in ControlState}


def test_a_manually_assessed_requirement_follows_its_objectives_attestations() -> None:
    req = RequirementInput(framework="f", id="4.1", title="t", objectives=("o1",), manual=True)
    objectives = [objective("o1", ("c.a",), manual=("m",))]
    passing = evidence(finding("c.a", "passed"))
    assert requirement_state(req, objectives, passing) == (ControlState.MANUAL, False)
    valid = AttestationRecord(
        objective_id="o1",
        attested_by="x",
        attested_at=datetime(2026, 5, 1, tzinfo=UTC),
        expires_on=None,
    )
    assert requirement_state(req, objectives, passing, o1=valid) == (ControlState.MANUAL, True)
    failing = evidence(finding("c.a", "failed", "r7"))
    result = evaluate(objectives, failing, {"o1": valid}, requirements=[req], today=TODAY)
    assert result.requirements[0].state is ControlState.FAILING
    assert [f.resource for f in result.requirements[0].failing] == ["r7"]


def test_only_suppressed_failures_show_nothing_holds() -> None:
    found = evidence(finding("c.a", "failed", "r1", suppressed=True))
    result = evaluate([CHECKED], found, {}, today=TODAY).objectives[0]
    assert result.state is ControlState.UNKNOWN
    assert "only suppressed failures" in result.reason


def test_a_part_nothing_judges_keeps_a_requirement_from_passing() -> None:
    req = RequirementInput(framework="f", id="1", title="t", objectives=("o1", "o2"))
    objectives = [objective("o1", ("c.a",)), objective("o2")]  # o2: no check, no manual control
    state, _ = requirement_state(req, objectives, evidence(finding("c.a", "passed")))
    assert state is ControlState.NOT_COVERED
