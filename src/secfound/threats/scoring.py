"""Residual risk: what is left of each threat once the evidence on its resources is read.

This module is pure: it takes the threats the matcher raised, the objectives of the
catalog (``controls.assessment.status_inputs``), the stored evidence
(``store.evidence.latest_evidence``), the attestations and the recorded decisions, and
scores every threat. The rules, as docs/threats.md gives them:

* **Evidence on the threat's resources only.** A threat names the resources of its
  element (a flow: both ends'). A reference that starts with ``arn:`` is matched to a
  finding's ``arn``; any other reference is an IaC address matched to a finding's
  ``address`` (``aws_s3_bucket.logs`` also matches its instances ``aws_s3_bucket.logs[0]``
  and ``aws_s3_bucket.logs["a"]``). When a component names both ARNs and IaC addresses and
  the ARNs have findings, the live findings are the evidence for that component and its
  IaC findings are left out (the scored threat says so): what is deployed outweighs what
  the code says.
* **Each mitigating objective** (the rule's ``mitigations``) is judged by
  ``controls.status.evaluate`` on that subset, with the stored attestations: the same
  states as ``secfound controls status``, but on this threat's resources alone. A manual
  objective counts as passing only when a valid attestation covers it.
* **Residual risk.** With ``n`` mitigating objectives of which ``k`` pass:

  - ``k == n`` (and ``n > 0``): *mitigated*, residual likelihood 1, residual = 1 x impact;
  - ``0 < k < n``: still *open*, residual likelihood = L - floor((L - 1) x k / n), where L
    is the inherent likelihood: an integer, never above L, never below 1, and never higher
    when one more objective passes (monotonic);
  - ``k == 0`` (failing, unknown, not applicable, no evidence at all, no mitigation
    named): *open*, residual = inherent.

  Impact never changes: controls make an attack less likely to succeed, they do not make
  the data less valuable.
* **Decisions.** A decision (accepted, transferred, false-positive) recorded with
  ``secfound threats accept`` or declared in the model's ``accepted:`` holds through its
  ``until`` date (inclusive). The newest valid stored decision wins, then the model's;
  the threat then takes the decision's kind as its status (its residual is still
  computed and shown). An expired decision leaves the threat open again, and the scored
  threat names it.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from secfound.controls.status import (
    AttestationRecord,
    ControlState,
    Evidence,
    EvidenceFinding,
    FailingResource,
    ObjectiveInput,
    evaluate,
)
from secfound.threats.model import ThreatModel
from secfound.threats.threat import Threat

__all__ = [
    "DECISION_KINDS",
    "Decision",
    "ObjectiveEvidence",
    "ScoredThreat",
    "ThreatStatus",
    "decisions_from_model",
    "reduced_likelihood",
    "score_threats",
    "select_evidence",
]


class ThreatStatus(enum.StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    ACCEPTED = "accepted"
    TRANSFERRED = "transferred"
    FALSE_POSITIVE = "false-positive"


DECISION_KINDS = ("accepted", "transferred", "false-positive")


@dataclass(frozen=True, kw_only=True)
class Decision:
    """An owner's decision on a threat: accepted, transferred or a false positive."""

    threat_id: str
    kind: str  # one of DECISION_KINDS
    by: str
    reason: str
    until: date
    source: str  # "store" | "model"
    recorded_at: datetime | None = None  # stored decisions only

    def valid_on(self, today: date) -> bool:
        return self.until >= today

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "by": self.by,
            "reason": self.reason,
            "until": self.until.isoformat(),
            "source": self.source,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
        }


@dataclass(frozen=True, kw_only=True)
class ObjectiveEvidence:
    """One mitigating objective of a threat, judged on the threat's resources."""

    id: str
    title: str
    state: str  # a ControlState value
    reason: str
    counts_as_passing: bool
    runs: tuple[str, ...] = ()  # the stored runs whose findings judged it
    failing: tuple[FailingResource, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "state": self.state,
            "passing": self.counts_as_passing,
            "reason": self.reason,
            "runs": list(self.runs),
            "failing": [item.as_dict() for item in self.failing],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ObjectiveEvidence:
        return cls(
            id=str(data["id"]),
            title=str(data.get("title", "")),
            state=str(data["state"]),
            reason=str(data.get("reason", "")),
            counts_as_passing=bool(data.get("passing", False)),
            runs=tuple(str(run) for run in data.get("runs", ())),
            failing=tuple(
                FailingResource(
                    check_id=str(item["check"]),
                    resource=str(item["resource"]),
                    run_id=str(item["run"]),
                    message=str(item.get("message", "")),
                )
                for item in data.get("failing", ())
            ),
        )


@dataclass(frozen=True, kw_only=True)
class ScoredThreat:
    threat: Threat
    status: ThreatStatus
    residual_likelihood: int
    objectives: tuple[ObjectiveEvidence, ...]
    decision: Decision | None = None  # the decision that set the status
    expired: Decision | None = None  # the latest decision that no longer holds
    notes: tuple[str, ...] = ()
    evidence_resources: tuple[str, ...] = ()  # the references that had findings

    @property
    def residual(self) -> int:
        return self.residual_likelihood * self.threat.impact

    @property
    def inherent(self) -> int:
        return self.threat.inherent


def reduced_likelihood(likelihood: int, passing: int, total: int) -> int:
    """The residual likelihood when ``passing`` of ``total`` mitigating objectives pass.

    L with none passing, 1 with all passing; in between ``L - max(1, floor((L - 1) * k /
    n))``, at least 1: some passing always lowers it by one step or more, and it never
    reaches 1 before every objective passes (when L > 2). Non-increasing in ``k``.
    """
    if total <= 0 or passing <= 0 or likelihood <= 1:
        return likelihood
    if passing >= total:
        return 1
    step = max(1, ((likelihood - 1) * passing) // total)
    return max(1, likelihood - step)


def decisions_from_model(model: ThreatModel) -> list[Decision]:
    """The decisions the model file declares (``accepted:``), all of kind accepted."""
    return [
        Decision(
            threat_id=item.threat,
            kind="accepted",
            by=item.by,
            reason=item.reason,
            until=item.until,
            source="model",
        )
        for item in model.accepted
    ]


# Resource types judged once per account: their findings bear on every threat to a
# component in that account (a threat to a bucket is mitigated by an account-wide trail,
# GuardDuty, Access Analyzer, the password policy, the organization's guardrails).
ACCOUNT_LEVEL_TYPES = frozenset(
    {
        "AWS::Account",
        "AWS::Account::Settings",
        "AWS::Account::SecurityService",
        "AWS::AccessAnalyzer::Analyzers",
        "AWS::CloudTrail::Trail",
        "AWS::Config::ConfigurationRecorder",
        "AWS::GuardDuty::Detector",
        "AWS::IAM::UserCredentials",
        "AWS::Organizations::Organization",
    }
)


class _Index:
    """The findings of the evidence by ARN, by address and by account (built once)."""

    def __init__(self, evidence: Evidence) -> None:
        self.by_arn: dict[str, list[EvidenceFinding]] = {}
        self.by_address: dict[str, list[EvidenceFinding]] = {}
        self.account_level: dict[str, list[EvidenceFinding]] = {}
        for finding in evidence.findings:
            if finding.arn:
                self.by_arn.setdefault(finding.arn, []).append(finding)
            base = finding.address.split("[", 1)[0]
            self.by_address.setdefault(base, []).append(finding)
            if finding.resource_type in ACCOUNT_LEVEL_TYPES and finding.account:
                self.account_level.setdefault(finding.account, []).append(finding)

    def matching(self, ref: str) -> list[EvidenceFinding]:
        if _is_arn(ref):
            return self.by_arn.get(ref, [])
        return [f for f in self.by_address.get(ref.split("[", 1)[0], []) if _matches(ref, f)]


def select_evidence(
    threat: Threat,
    evidence: Evidence,
    model: ThreatModel | None = None,
    index: _Index | None = None,
) -> tuple[tuple[EvidenceFinding, ...], tuple[str, ...], tuple[str, ...]]:
    """The findings on the threat's resources, the references that had any, and notes.

    Live evidence is preferred per component and resource type: where a component's
    ARNs have findings on resources of a type, its IaC findings on that type are not used
    (the deployed resource speaks for its template); IaC findings on other types stay.
    The account-level findings (``ACCOUNT_LEVEL_TYPES``) of the accounts the threat's
    resources live in are added: the account's ARNs, or the account boundary the element
    sits in (``aws_id``).
    """
    found_index = index if index is not None else _Index(evidence)
    notes: list[str] = []
    chosen: list[EvidenceFinding] = []
    matched_refs: list[str] = []
    accounts: set[str] = set()
    for component, refs in _groups(threat, model):
        live: dict[str, list[EvidenceFinding]] = {}
        iac: dict[str, list[EvidenceFinding]] = {}
        for ref in refs:
            found = found_index.matching(ref)
            if found:
                (live if _is_arn(ref) else iac)[ref] = found
        live_types = {f.resource_type for found in live.values() for f in found}
        dropped: list[str] = []
        for ref, found in list(iac.items()):
            kept = [f for f in found if f.resource_type not in live_types]
            if len(kept) < len(found):
                dropped.append(ref)
            if kept:
                iac[ref] = kept
            else:
                del iac[ref]
        if dropped:
            notes.append(
                f"live evidence preferred for {component}: findings on {', '.join(dropped)} "
                "(IaC) of the deployed resource types not used"
            )
        for ref, found in (*live.items(), *iac.items()):
            matched_refs.append(ref)
            chosen.extend(found)
            accounts.update(f.account for f in found if f.account)
    accounts.update(_boundary_accounts(threat, model))
    for account in sorted(accounts):
        chosen.extend(found_index.account_level.get(account, ()))
    unique = tuple(dict.fromkeys(chosen))
    return unique, tuple(matched_refs), tuple(notes)


def _boundary_accounts(threat: Threat, model: ThreatModel | None) -> set[str]:
    """The AWS account ids of the account boundaries around the threat's element(s)."""
    if model is None:
        return set()
    boundaries: list[str | None] = []
    if threat.element_kind == "flow":
        flow = next((f for f in model.flows if f.id == threat.element_id), None)
        if flow is not None:
            for end in (flow.source, flow.target):
                try:
                    boundaries.append(model.element(end).boundary)
                except KeyError:
                    continue
    elif threat.element_kind in ("component", "actor"):
        with contextlib.suppress(KeyError):
            boundaries.append(model.element(threat.element_id).boundary)
    elif threat.element_kind == "boundary":
        boundaries.append(threat.element_id)
    found: set[str] = set()
    for boundary in boundaries:
        if boundary is None:
            continue
        for item in model.boundary_chain(boundary):
            if item.kind == "account" and item.aws_id:
                found.add(item.aws_id)
    return found


def _groups(threat: Threat, model: ThreatModel | None) -> list[tuple[str, tuple[str, ...]]]:
    refs = tuple(dict.fromkeys(threat.resources))
    if model is None:
        return [(threat.element_name or threat.element_id, refs)]
    groups: list[tuple[str, tuple[str, ...]]] = []
    placed: set[str] = set()
    for component in model.components:
        mine = tuple(ref for ref in refs if ref in component.resources and ref not in placed)
        if mine:
            groups.append((component.id, mine))
            placed.update(mine)
    rest = tuple(ref for ref in refs if ref not in placed)
    if rest:
        groups.append((threat.element_id, rest))
    return groups


def _is_arn(ref: str) -> bool:
    return ref.startswith("arn:")


def _matches(ref: str, finding: EvidenceFinding) -> bool:
    if _is_arn(ref):
        return finding.arn == ref
    address = finding.address
    return address == ref or (address.startswith(ref) and address[len(ref) :].startswith("["))


def score_threats(
    threats: Iterable[Threat],
    *,
    objectives: Sequence[ObjectiveInput],
    evidence: Evidence,
    attestations: Mapping[str, AttestationRecord],
    decisions: Sequence[Decision] = (),
    today: date,
    model: ThreatModel | None = None,
) -> list[ScoredThreat]:
    """Every threat scored on the evidence of its resources (see the module docstring).

    ``objectives``: every objective of the catalog (ids a rule names but the catalog lacks
    are unknown, never passing). ``decisions``: stored and model decisions together.
    """
    by_id = {item.id: item for item in objectives}
    by_threat: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_threat.setdefault(decision.threat_id, []).append(decision)
    index = _Index(evidence)
    return [
        _score(
            threat,
            by_id,
            evidence,
            attestations,
            by_threat.get(threat.id, []),
            today,
            model,
            index,
        )
        for threat in threats
    ]


def _score(
    threat: Threat,
    objectives: Mapping[str, ObjectiveInput],
    evidence: Evidence,
    attestations: Mapping[str, AttestationRecord],
    decisions: Sequence[Decision],
    today: date,
    model: ThreatModel | None,
    index: _Index,
) -> ScoredThreat:
    findings, matched, notes = select_evidence(threat, evidence, model, index)
    subset = Evidence(runs=evidence.runs, findings=findings)
    mitigations = tuple(dict.fromkeys(threat.mitigations))
    known = [objectives[key] for key in mitigations if key in objectives]
    status = evaluate(known, subset, attestations, today=today)
    judged = {item.id: item for item in status.objectives}
    results: list[ObjectiveEvidence] = []
    for key in mitigations:
        item = judged.get(key)
        if item is None:
            results.append(
                ObjectiveEvidence(
                    id=key,
                    title="",
                    state=str(ControlState.UNKNOWN),
                    reason=f"objective {key} is not in the catalog",
                    counts_as_passing=False,
                )
            )
            continue
        checks = set(objectives[key].checks)
        runs = tuple(dict.fromkeys(f.run_id for f in findings if f.check_id in checks))
        passing = item.state is ControlState.PASSING or (
            item.state is ControlState.MANUAL and bool(item.attested)
        )
        results.append(
            ObjectiveEvidence(
                id=key,
                title=item.title,
                state=str(item.state),
                reason=item.reason,
                counts_as_passing=passing,
                runs=runs,
                failing=item.failing,
            )
        )
    extra: list[str] = list(notes)
    if not threat.resources:
        extra.append("the element names no resources: no evidence can mitigate it")
    elif not findings:
        extra.append("no stored finding on the element's resources")
    if not mitigations:
        extra.append("the rule names no mitigating objective")
    passing_count = sum(1 for item in results if item.counts_as_passing)
    likelihood = reduced_likelihood(threat.likelihood, passing_count, len(results))
    computed = (
        ThreatStatus.MITIGATED if results and passing_count == len(results) else ThreatStatus.OPEN
    )
    decision, expired = _decision(decisions, today)
    final = ThreatStatus(decision.kind) if decision is not None else computed
    if expired is not None and decision is None:
        extra.append(
            f"{expired.kind} by {expired.by} until {expired.until.isoformat()}: expired, open again"
        )
    return ScoredThreat(
        threat=threat,
        status=final,
        residual_likelihood=likelihood,
        objectives=tuple(results),
        decision=decision,
        expired=expired if decision is None else None,
        notes=tuple(extra),
        evidence_resources=matched,
    )


def _decision(
    decisions: Sequence[Decision], today: date
) -> tuple[Decision | None, Decision | None]:
    """The decision in force and, when none is, the one that expired.

    The newest stored decision supersedes every older stored one (an older decision does
    not come back when a newer one expires); when it does not hold, the model's own
    (``accepted:``, declared in the file) apply, the one valid longest first.
    """
    stored = sorted(
        (d for d in decisions if d.source != "model"),
        key=lambda d: d.recorded_at.timestamp() if d.recorded_at else 0.0,
        reverse=True,
    )
    declared = sorted(
        (d for d in decisions if d.source == "model"), key=lambda d: d.until, reverse=True
    )
    candidates = [*stored[:1], *declared]
    for decision in candidates:
        if decision.valid_on(today):
            return decision, None
    return None, (candidates[0] if candidates else None)
