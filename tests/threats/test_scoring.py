"""Scoring: residual risk from the evidence on each threat's resources, and decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threat_register_samples import (
    ASSESS,
    DB_ARN,
    OBJECTIVES,
    SCAN,
    TODAY,
    db_component,
    evidence,
    finding,
    model,
    threat,
)

from secfound.controls.status import AttestationRecord, Evidence
from secfound.threats.model import AcceptedRisk
from secfound.threats.scoring import (
    Decision,
    ScoredThreat,
    ThreatStatus,
    decisions_from_model,
    reduced_likelihood,
    score_threats,
)
from secfound.threats.threat import Threat


def score(
    item: Threat,
    found: Evidence,
    *,
    decisions: tuple[Decision, ...] = (),
    attestations: dict[str, AttestationRecord] | None = None,
    today: date = TODAY,
    with_model: bool = False,
) -> ScoredThreat:
    (scored,) = score_threats(
        [item],
        objectives=OBJECTIVES,
        evidence=found,
        attestations=attestations or {},
        decisions=decisions,
        today=today,
        model=model(db_component(item.resources)) if with_model else None,
    )
    return scored


def states(scored: ScoredThreat) -> dict[str, str]:
    return {item.id: item.state for item in scored.objectives}


# -- statuses and residual risk ----------------------------------------------------------


def test_every_mitigating_objective_passing_mitigates_to_likelihood_one() -> None:
    scored = score(threat(), evidence(finding("c.encrypted"), finding("c.backup")))
    assert scored.status is ThreatStatus.MITIGATED
    assert states(scored) == {"encrypted": "passing", "backed-up": "passing"}
    assert (scored.inherent, scored.residual_likelihood, scored.residual) == (20, 1, 5)
    assert all(item.runs == ("run-scan",) for item in scored.objectives)


def test_some_passing_lowers_the_likelihood_and_stays_open() -> None:
    scored = score(threat(), evidence(finding("c.encrypted"), finding("c.backup", "failed")))
    assert scored.status is ThreatStatus.OPEN
    # 4 - floor((4 - 1) * 1 / 2) = 3
    assert (scored.residual_likelihood, scored.residual) == (3, 15)
    (failing,) = scored.objectives[1].failing
    assert (failing.check_id, failing.resource, failing.run_id) == (
        "c.backup",
        "aws_db_instance.orders",
        "run-scan",
    )


@pytest.mark.parametrize(
    ("status", "state"),
    [("failed", "failing"), ("unknown", "unknown"), ("error", "unknown")],
)
def test_failing_or_unknown_leaves_the_inherent_risk(status: str, state: str) -> None:
    scored = score(threat(mitigations=("encrypted",)), evidence(finding("c.encrypted", status)))
    assert states(scored) == {"encrypted": state}
    assert scored.status is ThreatStatus.OPEN
    assert scored.residual == scored.inherent == 20


def test_not_applicable_is_never_a_mitigation() -> None:
    # The objective's check judged only another resource: nothing on this one.
    scored = score(
        threat(mitigations=("encrypted",)),
        evidence(finding("c.encrypted", address="aws_db_instance.other")),
    )
    assert states(scored) == {"encrypted": "not applicable"}
    assert scored.status is ThreatStatus.OPEN
    assert scored.residual == 20
    assert "no stored finding on the element's resources" in scored.notes


def test_no_evidence_at_all_and_no_resources_leave_the_threat_open() -> None:
    none_stored = score(threat(), evidence(runs=()))
    assert none_stored.status is ThreatStatus.OPEN and none_stored.residual == 20
    unnamed = score(threat(resources=()), evidence(finding("c.encrypted")))
    assert unnamed.status is ThreatStatus.OPEN and unnamed.residual == 20
    assert any("names no resources" in note for note in unnamed.notes)


def test_an_unreadable_input_makes_nothing_judged_unknown() -> None:
    blind = SCAN.__class__(**{**SCAN.__dict__, "input_errors": 1})
    scored = score(threat(mitigations=("encrypted",)), evidence(runs=(blind,)))
    assert states(scored) == {"encrypted": "unknown"}
    assert scored.status is ThreatStatus.OPEN


def test_a_rule_without_mitigations_or_with_an_unknown_objective_stays_open() -> None:
    bare = score(threat(mitigations=()), evidence(finding("c.encrypted")))
    assert bare.status is ThreatStatus.OPEN and bare.residual == bare.inherent
    assert "the rule names no mitigating objective" in bare.notes
    ghost = score(threat(mitigations=("encrypted", "no-such")), evidence(finding("c.encrypted")))
    assert states(ghost) == {"encrypted": "passing", "no-such": "unknown"}
    assert ghost.status is ThreatStatus.OPEN
    assert ghost.residual_likelihood == 3  # one of two passes


def test_a_manual_objective_counts_only_when_attested() -> None:
    item = threat(mitigations=("encrypted", "reviewed"))
    found = evidence(finding("c.encrypted"))
    assert score(item, found).status is ThreatStatus.OPEN
    attestation = AttestationRecord(
        objective_id="reviewed",
        attested_by="bob",
        attested_at=datetime(2026, 1, 1, tzinfo=UTC),
        expires_on=date(2026, 12, 31),
    )
    attested = score(item, found, attestations={"reviewed": attestation})
    assert attested.status is ThreatStatus.MITIGATED
    assert attested.residual == 5


# -- the likelihood formula ----------------------------------------------------------------


def test_the_likelihood_formula_on_known_values() -> None:
    assert [reduced_likelihood(5, k, 4) for k in range(5)] == [5, 4, 3, 2, 1]
    assert [reduced_likelihood(4, k, 3) for k in range(4)] == [4, 3, 2, 1]
    # Some passing always lowers it, also for unlikely threats (issue: "some passing →
    # lower likelihood").
    assert [reduced_likelihood(2, k, 3) for k in range(4)] == [2, 1, 1, 1]
    assert [reduced_likelihood(3, k, 4) for k in range(5)] == [3, 2, 2, 2, 1]
    assert reduced_likelihood(3, 0, 0) == 3  # nothing to pass: unchanged


@settings(deadline=None, max_examples=200)
@given(st.integers(1, 5), st.integers(1, 8), st.data())
def test_the_likelihood_is_integer_bounded_and_monotonic(
    likelihood: int, total: int, data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, total))
    value = reduced_likelihood(likelihood, k, total)
    assert isinstance(value, int)
    assert 1 <= value <= likelihood
    if k < total:
        assert reduced_likelihood(likelihood, k + 1, total) <= value
    assert reduced_likelihood(likelihood, total, total) == 1
    assert reduced_likelihood(likelihood, 0, total) == likelihood


# -- evidence: address, ARN, live preferred ----------------------------------------------------


def test_an_iac_address_matches_the_address_and_its_instances_only() -> None:
    item = threat(mitigations=("encrypted",))
    found = evidence(
        finding("c.encrypted", address="aws_db_instance.orders[0]"),
        finding("c.encrypted", "failed", address="aws_db_instance.orders_replica"),
        finding("c.encrypted", "failed", address="module.x.aws_db_instance.orders"),
    )
    scored = score(item, found)
    assert scored.status is ThreatStatus.MITIGATED
    assert scored.evidence_resources == ("aws_db_instance.orders",)


def test_an_arn_matches_the_findings_arn() -> None:
    item = threat((DB_ARN,), mitigations=("encrypted",))
    failing_live = evidence(finding("c.encrypted", "failed", arn=DB_ARN, run="run-live"))
    scored = score(item, failing_live)
    assert scored.status is ThreatStatus.OPEN
    assert scored.objectives[0].runs == ("run-live",)
    # A finding on another database is no evidence for this one.
    other = evidence(finding("c.encrypted", "failed", arn="arn:aws:rds:eu-west-1:1:db:x"))
    assert states(score(item, other)) == {"encrypted": "not applicable"}


@pytest.mark.parametrize("with_model", [True, False])
def test_live_evidence_is_preferred_for_a_component_and_said(with_model: bool) -> None:
    item = threat(("aws_db_instance.orders", DB_ARN), mitigations=("encrypted",))
    found = evidence(
        finding("c.encrypted", "failed"),  # the code says unencrypted...
        finding("c.encrypted", arn=DB_ARN, run="run-live"),  # ...the deployed database is
        runs=(ASSESS, SCAN),
    )
    scored = score(item, found, with_model=with_model)
    assert scored.status is ThreatStatus.MITIGATED
    assert scored.objectives[0].runs == ("run-live",)
    assert scored.evidence_resources == (DB_ARN,)
    (note,) = [n for n in scored.notes if "live evidence preferred" in n]
    assert "aws_db_instance.orders" in note
    assert ("for orders-db" if with_model else "for Orders database") in note


def test_iac_evidence_counts_where_nothing_live_exists() -> None:
    item = threat(("aws_db_instance.orders", DB_ARN), mitigations=("encrypted",))
    scored = score(item, evidence(finding("c.encrypted", "failed")), with_model=True)
    assert states(scored) == {"encrypted": "failing"}
    assert not [n for n in scored.notes if "live evidence" in n]


# -- decisions -------------------------------------------------------------------------------


def accepted_in_model(until: date) -> Decision:
    (decision,) = decisions_from_model(
        model(
            accepted=(
                AcceptedRisk(
                    threat="SF-DS-001@orders-db", by="alice", reason="backups", until=until
                ),
            )
        )
    )
    return decision


def test_accepted_then_expired_then_open_again() -> None:
    found = evidence(finding("c.encrypted", "failed"))
    decision = accepted_in_model(date(2026, 6, 30))
    before = score(threat(), found, decisions=(decision,), today=date(2026, 6, 30))
    assert before.status is ThreatStatus.ACCEPTED
    assert before.decision == decision
    assert before.residual == 20  # shown, but the status says accepted
    after = score(threat(), found, decisions=(decision,), today=date(2026, 7, 1))
    assert after.status is ThreatStatus.OPEN
    assert after.expired == decision and after.decision is None
    assert any("expired" in note for note in after.notes)


def test_a_decision_on_another_threat_does_not_apply() -> None:
    other = Decision(
        threat_id="SF-DS-001@other-db",
        kind="accepted",
        by="a",
        reason="r",
        until=date(2030, 1, 1),
        source="store",
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert score(threat(), evidence(), decisions=(other,)).status is ThreatStatus.OPEN


@pytest.mark.parametrize("kind", ["transferred", "false-positive", "accepted"])
def test_the_newest_valid_stored_decision_wins_over_the_model(kind: str) -> None:
    stored = [
        Decision(
            threat_id="SF-DS-001@orders-db",
            kind=k,
            by="carol",
            reason="insured",
            until=date(2026, 12, 31),
            source="store",
            recorded_at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=index),
        )
        for index, k in enumerate(("accepted", kind))
    ]
    decisions = (accepted_in_model(date(2027, 1, 1)), *stored)
    scored = score(threat(), evidence(), decisions=decisions)
    assert scored.status == ThreatStatus(kind)
    assert scored.decision is not None and scored.decision.source == "store"
    # Once the stored decisions expire, the model's (valid longer) applies.
    later = score(threat(), evidence(), decisions=decisions, today=date(2027, 1, 1))
    assert later.status is ThreatStatus.ACCEPTED
    assert later.decision is not None and later.decision.source == "model"


def test_an_older_stored_decision_does_not_come_back() -> None:
    def stored(until: date, day: int) -> Decision:
        return Decision(
            threat_id="SF-DS-001@orders-db",
            kind="accepted",
            by="carol",
            reason="r",
            until=until,
            source="store",
            recorded_at=datetime(2026, 3, day, tzinfo=UTC),
        )

    # The older decision ran to 2027; the newer one replaced it and ran out in 2026.
    decisions = (stored(date(2027, 6, 30), 1), stored(date(2026, 6, 30), 2))
    scored = score(threat(), evidence(), decisions=decisions, today=date(2026, 9, 1))
    assert scored.status is ThreatStatus.OPEN
    assert scored.expired is not None and scored.expired.until == date(2026, 6, 30)


def test_live_evidence_replaces_iac_only_for_the_deployed_resource_types() -> None:
    from dataclasses import replace

    live_db = replace(
        finding("c.encrypted", arn=DB_ARN, address=DB_ARN, run="run-assess"),
        resource_type="AWS::RDS::DBInstance",
        account="123456789012",
    )
    iac_db = replace(finding("c.encrypted", "failed"), resource_type="AWS::RDS::DBInstance")
    iac_group = replace(
        finding("c.backup", "failed", address="DatabaseSecurityGroup"),
        resource_type="AWS::EC2::SecurityGroup",
    )
    refs = ("aws_db_instance.orders", "DatabaseSecurityGroup", DB_ARN)
    scored = score(threat(resources=refs), evidence(live_db, iac_db, iac_group), with_model=True)
    # The template's database verdict gives way to the live one; the security group,
    # which the model names by IaC address only, still counts (and fails).
    assert states(scored) == {"encrypted": "passing", "backed-up": "failing"}
    assert any("live evidence preferred" in note for note in scored.notes)


def test_account_wide_findings_of_the_resources_account_count() -> None:
    from dataclasses import replace

    live_db = replace(
        finding("c.encrypted", arn=DB_ARN, address=DB_ARN),
        resource_type="AWS::RDS::DBInstance",
        account="123456789012",
    )
    trail = replace(
        finding("c.logged", arn="arn:aws:cloudtrail:eu-west-1:123456789012:trail/org"),
        resource_type="AWS::CloudTrail::Trail",
        account="123456789012",
    )
    other_account = replace(trail, account="999999999999", status="failed")
    scored = score(
        threat(resources=(DB_ARN,), mitigations=("encrypted", "logged")),
        evidence(live_db, trail, other_account),
    )
    assert states(scored) == {"encrypted": "passing", "logged": "passing"}
    assert scored.status is ThreatStatus.MITIGATED
