"""The state of every control objective and framework requirement, from stored evidence.

This module is pure: it takes the evidence (the findings of the latest stored run that
covered each resource, ``secfound.store.evidence``), the attestations of manual controls and
the catalog, and says for each objective and requirement where it stands. The rules are
the ones docs/controls.md gives auditors, kept in one place:

* An **objective** is *failing* when one in-scope finding of its checks fails (one failing
  resource is enough) or its latest attestation has expired; *passing* when every finding
  passes (suppressed failures aside, with at least one pass) and, if it has manual
  controls, a valid attestation covers them; *unknown* when a
  finding is unknown or errored, when its manual controls are not attested, or when no
  finding exists but the evidence may have missed its resources (an unreadable template,
  or a coverage gap in a service its checks look at: nothing seen is not nothing there);
  *not applicable* when no resource in scope is judged by its checks, never passing;
  *manual* when it has no checks at all, only manual controls (``attested`` says whether a
  valid attestation covers them).
* A suppressed failure (baseline, mutelist, inline) does not fail an objective: it is a
  recorded decision, listed as an exception so an auditor sees it.
* A **requirement** combines the checks and objectives a framework file maps it to: failing
  over unknown over unattested manual over not covered over passing over not applicable;
  all of its parts manual and attested is *manual (attested)*; nothing mapped is *not
  covered*.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = [
    "AttestationRecord",
    "ControlState",
    "ControlsStatus",
    "Evidence",
    "EvidenceFinding",
    "EvidenceRun",
    "FailingResource",
    "ObjectiveStatus",
    "RequirementStatus",
    "evaluate",
    "latest_attestations",
]


class ControlState(enum.StrEnum):
    PASSING = "passing"
    FAILING = "failing"
    UNKNOWN = "unknown"
    MANUAL = "manual"
    NOT_APPLICABLE = "not applicable"
    NOT_COVERED = "not covered"


# Worst first: a requirement takes the worst state among its parts.
_SEVERITY = (
    ControlState.FAILING,
    ControlState.UNKNOWN,
    ControlState.MANUAL,  # not attested (attested manual parts count as passing)
    ControlState.NOT_COVERED,  # a part nothing judges: the requirement is not all covered
    ControlState.PASSING,
    ControlState.NOT_APPLICABLE,
)


@dataclass(frozen=True, kw_only=True)
class EvidenceRun:
    """A stored run some evidence comes from."""

    id: str
    command: str
    started: datetime
    scope: tuple[str, ...]
    gaps: int = 0
    input_errors: int = 0
    gap_services: frozenset[str] = frozenset()  # the services a coverage gap hid


@dataclass(frozen=True, kw_only=True)
class EvidenceFinding:
    """One finding of the latest run that covered its resource."""

    check_id: str
    status: str  # passed | failed | unknown | error
    suppressed: bool
    resource: str  # what a person reads: the ARN, or address (file:line)
    run_id: str
    message: str = ""
    address: str = ""  # the resource's address (IaC logical id or Terraform address; ARN live)
    arn: str | None = None
    resource_type: str = ""  # CloudFormation type (AWS::S3::Bucket)
    account: str | None = None  # live findings: the account the resource is in


@dataclass(frozen=True, kw_only=True)
class Evidence:
    runs: tuple[EvidenceRun, ...]
    findings: tuple[EvidenceFinding, ...]

    def blind_to(self, services: frozenset[str] | None) -> bool:
        """Whether the evidence may miss resources of ``services`` (None: any service).

        An unreadable template could hold any resource; a coverage gap hides what its
        service would have shown.
        """
        for run in self.runs:
            if run.input_errors:
                return True
            if run.gap_services and (services is None or services & run.gap_services):
                return True
        return False


@dataclass(frozen=True, kw_only=True)
class AttestationRecord:
    """A person's statement that an objective's manual controls are in place."""

    objective_id: str
    attested_by: str
    attested_at: datetime
    expires_on: date | None
    evidence_uri: str | None = None
    statement: str = ""

    def valid_on(self, today: date) -> bool:
        return self.expires_on is None or self.expires_on >= today

    def as_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective_id,
            "by": self.attested_by,
            "at": self.attested_at.isoformat(),
            "expires": self.expires_on.isoformat() if self.expires_on else None,
            "evidence": self.evidence_uri,
            "statement": self.statement,
        }


@dataclass(frozen=True, kw_only=True)
class FailingResource:
    check_id: str
    resource: str
    run_id: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "check": self.check_id,
            "resource": self.resource,
            "run": self.run_id,
            "message": self.message,
        }


@dataclass(frozen=True, kw_only=True)
class _Tally:
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    suppressed: int = 0
    failing: tuple[FailingResource, ...] = ()
    exceptions: tuple[FailingResource, ...] = ()

    @property
    def judged(self) -> int:
        return self.passed + self.failed + self.unknown + self.suppressed


@dataclass(frozen=True, kw_only=True)
class ObjectiveStatus:
    id: str
    title: str
    state: ControlState
    reason: str
    checks: tuple[str, ...]
    manual_controls: tuple[str, ...]
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    suppressed: int = 0
    failing: tuple[FailingResource, ...] = ()
    exceptions: tuple[FailingResource, ...] = ()
    attestation: AttestationRecord | None = None
    attested: bool | None = None  # manual controls covered by a valid attestation

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "state": str(self.state),
            "attested": self.attested,
            "reason": self.reason,
            "checks": list(self.checks),
            "manual_controls": list(self.manual_controls),
            "counts": {
                "passed": self.passed,
                "failed": self.failed,
                "unknown": self.unknown,
                "suppressed": self.suppressed,
            },
            "failing": [item.as_dict() for item in self.failing],
            "exceptions": [item.as_dict() for item in self.exceptions],
            "attestation": self.attestation.as_dict() if self.attestation else None,
        }


@dataclass(frozen=True, kw_only=True)
class RequirementStatus:
    framework: str
    id: str
    title: str
    state: ControlState
    reason: str
    checks: tuple[str, ...]
    objectives: tuple[str, ...]
    attested: bool | None = None
    failing: tuple[FailingResource, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "id": self.id,
            "title": self.title,
            "state": str(self.state),
            "attested": self.attested,
            "reason": self.reason,
            "checks": list(self.checks),
            "objectives": list(self.objectives),
            "failing": [item.as_dict() for item in self.failing],
        }


@dataclass(frozen=True, kw_only=True)
class ControlsStatus:
    evidence: Evidence
    objectives: tuple[ObjectiveStatus, ...]
    requirements: tuple[RequirementStatus, ...] = ()
    as_of: date = field(default_factory=date.today)

    def counts(self, items: Iterable[ObjectiveStatus | RequirementStatus]) -> dict[str, int]:
        """How many are in each state (every state present, zeros included)."""
        found = {str(state): 0 for state in ControlState}
        for item in items:
            found[str(item.state)] += 1
        return found


@dataclass(frozen=True, kw_only=True)
class RequirementInput:
    """What the status needs of a framework requirement (``controls.frameworks``)."""

    framework: str
    id: str
    title: str
    checks: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    services: frozenset[str] | None = frozenset()  # of its checks, as for objectives
    # The publisher assesses it manually and no check of its own judges it: its objectives'
    # attestations decide, unless their evidence fails.
    manual: bool = False


@dataclass(frozen=True, kw_only=True)
class ObjectiveInput:
    """What the status needs of an objective: its checks are derived from the registry."""

    id: str
    title: str
    checks: tuple[str, ...]
    manual_controls: tuple[str, ...] = ()
    # The AWS services (boto3 names) whose resources its checks judge; None: any.
    services: frozenset[str] | None = frozenset()


def latest_attestations(records: Iterable[AttestationRecord]) -> dict[str, AttestationRecord]:
    """The latest attestation per objective: a newer one replaces an older one."""
    latest: dict[str, AttestationRecord] = {}
    for record in records:
        current = latest.get(record.objective_id)
        if current is None or record.attested_at >= current.attested_at:
            latest[record.objective_id] = record
    return latest


def evaluate(
    objectives: Sequence[ObjectiveInput],
    evidence: Evidence,
    attestations: Mapping[str, AttestationRecord],
    *,
    requirements: Sequence[RequirementInput] = (),
    today: date,
) -> ControlsStatus:
    """Every objective's, then every requirement's, state from the evidence."""
    by_check: dict[str, list[EvidenceFinding]] = defaultdict(list)
    for finding in evidence.findings:
        by_check[finding.check_id].append(finding)
    statuses = tuple(
        _objective(item, by_check, attestations.get(item.id), evidence, today)
        for item in objectives
    )
    by_id = {status.id: status for status in statuses}
    return ControlsStatus(
        evidence=evidence,
        objectives=statuses,
        requirements=tuple(_requirement(item, by_check, by_id, evidence) for item in requirements),
        as_of=today,
    )


def _tally(checks: Iterable[str], by_check: Mapping[str, Sequence[EvidenceFinding]]) -> _Tally:
    passed = failed = unknown = suppressed = 0
    failing: list[FailingResource] = []
    exceptions: list[FailingResource] = []
    for check_id in dict.fromkeys(checks):
        for finding in by_check.get(check_id, ()):
            if finding.status == "passed":
                passed += 1
            elif finding.status == "failed":
                item = FailingResource(
                    check_id=check_id,
                    resource=finding.resource,
                    run_id=finding.run_id,
                    message=finding.message,
                )
                if finding.suppressed:
                    suppressed += 1
                    exceptions.append(item)
                else:
                    failed += 1
                    failing.append(item)
            else:
                unknown += 1
    return _Tally(
        passed=passed,
        failed=failed,
        unknown=unknown,
        suppressed=suppressed,
        failing=tuple(failing),
        exceptions=tuple(exceptions),
    )


def _objective(
    item: ObjectiveInput,
    by_check: Mapping[str, Sequence[EvidenceFinding]],
    attestation: AttestationRecord | None,
    evidence: Evidence,
    today: date,
) -> ObjectiveStatus:
    tally = _tally(item.checks, by_check)
    manual = bool(item.manual_controls)
    attested: bool | None = None
    if manual:
        attested = attestation is not None and attestation.valid_on(today)
    blind = evidence.blind_to(item.services)
    state, reason = _objective_state(item, tally, attestation, attested, blind, today)
    return ObjectiveStatus(
        id=item.id,
        title=item.title,
        state=state,
        reason=reason,
        checks=item.checks,
        manual_controls=item.manual_controls,
        passed=tally.passed,
        failed=tally.failed,
        unknown=tally.unknown,
        suppressed=tally.suppressed,
        failing=tally.failing,
        exceptions=tally.exceptions,
        attestation=attestation,
        attested=attested,
    )


def _objective_state(
    item: ObjectiveInput,
    tally: _Tally,
    attestation: AttestationRecord | None,
    attested: bool | None,
    blind: bool,
    today: date,
) -> tuple[ControlState, str]:
    if tally.failed:
        resources = len({f.resource for f in tally.failing})
        return ControlState.FAILING, f"{tally.failed} failing finding(s) on {resources} resource(s)"
    if attestation is not None and item.manual_controls and not attestation.valid_on(today):
        expired = attestation.expires_on.isoformat() if attestation.expires_on else "?"
        return (
            ControlState.FAILING,
            f"the attestation by {attestation.attested_by} expired on {expired}",
        )
    if not item.checks:
        if not item.manual_controls:
            return ControlState.NOT_COVERED, "no check and no manual control"
        if attested:
            return ControlState.MANUAL, _attested_reason(attestation)
        return ControlState.MANUAL, "manual controls not attested"
    if tally.unknown:
        return ControlState.UNKNOWN, f"{tally.unknown} finding(s) could not be judged"
    if tally.judged == 0:
        if blind:
            return ControlState.UNKNOWN, (
                "nothing judged, and a coverage gap or unreadable input may hide resources"
            )
        return ControlState.NOT_APPLICABLE, "no resource in scope"
    if tally.passed == 0:
        return ControlState.UNKNOWN, (
            f"only suppressed failures ({tally.suppressed}): accepted exceptions, and "
            "nothing that shows the objective holds"
        )
    if item.manual_controls and not attested:
        return ControlState.UNKNOWN, "checks pass; manual controls not attested"
    reason = f"{tally.passed} passing finding(s)"
    if tally.suppressed:
        reason += f", {tally.suppressed} suppressed failure(s) as exceptions"
    if attested:
        reason += "; " + _attested_reason(attestation)
    return ControlState.PASSING, reason


def _attested_reason(attestation: AttestationRecord | None) -> str:
    if attestation is None:  # pragma: no cover - callers pass one when attested
        return "attested"
    until = f" until {attestation.expires_on.isoformat()}" if attestation.expires_on else ""
    return f"attested by {attestation.attested_by}{until}"


def _requirement(
    item: RequirementInput,
    by_check: Mapping[str, Sequence[EvidenceFinding]],
    objectives: Mapping[str, ObjectiveStatus],
    evidence: Evidence,
) -> RequirementStatus:
    if not item.checks and not item.objectives:
        return _requirement_status(item, ControlState.NOT_COVERED, "nothing in secfound judges it")
    if item.manual:
        return _manual_requirement(item, objectives)
    parts: list[tuple[ControlState, bool | None, str]] = []
    failing: list[FailingResource] = []
    if item.checks:
        direct = ObjectiveInput(id="", title="", checks=item.checks, services=item.services)
        tally = _tally(item.checks, by_check)
        blind = evidence.blind_to(item.services)
        state, reason = _objective_state(direct, tally, None, None, blind, date.min)
        parts.append((state, None, f"checks: {reason}"))
        failing.extend(tally.failing)
    for objective_id in item.objectives:
        status = objectives.get(objective_id)
        if status is None:
            parts.append(
                (ControlState.UNKNOWN, None, f"objective {objective_id} is not in the catalog")
            )
            continue
        parts.append((status.state, status.attested, f"{objective_id}: {status.reason}"))
        failing.extend(status.failing)
    state, attested = _combine(parts)
    reasons = [
        reason
        for part_state, flag, reason in parts
        if state is ControlState.MANUAL or _effective(part_state, flag) is state
    ]
    return _requirement_status(
        item, state, "; ".join(reasons), attested=attested, failing=tuple(dict.fromkeys(failing))
    )


def _manual_requirement(
    item: RequirementInput, objectives: Mapping[str, ObjectiveStatus]
) -> RequirementStatus:
    """A manually assessed requirement: failing if the evidence of its objectives fails,
    else manual, attested when every cited objective with manual controls is."""
    cited = [objectives[key] for key in item.objectives if key in objectives]
    failing = [status for status in cited if status.state is ControlState.FAILING]
    if failing:
        return _requirement_status(
            item,
            ControlState.FAILING,
            "; ".join(f"{status.id}: {status.reason}" for status in failing),
            failing=tuple(dict.fromkeys(f for status in failing for f in status.failing)),
        )
    flags = [status.attested for status in cited if status.attested is not None]
    attested = bool(flags) and all(flags)
    names = ", ".join(item.objectives)
    reason = (
        f"assessed manually; attested through {names}"
        if attested
        else f"assessed manually; attest the manual controls of {names}"
    )
    return _requirement_status(item, ControlState.MANUAL, reason, attested=attested)


def _combine(
    parts: Sequence[tuple[ControlState, bool | None, str]],
) -> tuple[ControlState, bool | None]:
    """The worst state; attested manual parts count as passing unless every part is manual."""
    if all(state is ControlState.MANUAL for state, _, _ in parts):
        return ControlState.MANUAL, all(bool(flag) for _, flag, _ in parts)
    effective = [_effective(state, flag) for state, flag, _ in parts]
    for candidate in _SEVERITY:
        if candidate in effective:
            return candidate, (False if candidate is ControlState.MANUAL else None)
    return ControlState.NOT_COVERED, None


def _effective(state: ControlState, attested: bool | None) -> ControlState:
    """An attested manual part counts as passing when others are judged by checks."""
    return ControlState.PASSING if state is ControlState.MANUAL and attested else state


def _requirement_status(
    item: RequirementInput,
    state: ControlState,
    reason: str,
    *,
    attested: bool | None = None,
    failing: tuple[FailingResource, ...] = (),
) -> RequirementStatus:
    return RequirementStatus(
        framework=item.framework,
        id=item.id,
        title=item.title,
        state=state,
        reason=reason,
        checks=item.checks,
        objectives=item.objectives,
        attested=attested,
        failing=failing,
    )
