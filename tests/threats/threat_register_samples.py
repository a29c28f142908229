"""Threats, models and evidence built in code for the scoring and register tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from secfound.controls.status import Evidence, EvidenceFinding, EvidenceRun, ObjectiveInput
from secfound.threats.model import Component, ThreatModel
from secfound.threats.threat import Rule, Stride, Threat

TODAY = date(2026, 5, 1)
SCAN = EvidenceRun(
    id="run-scan", command="scan", started=datetime(2026, 4, 30, tzinfo=UTC), scope=("/r",)
)
ASSESS = EvidenceRun(
    id="run-live", command="assess", started=datetime(2026, 4, 30, tzinfo=UTC), scope=("a",)
)
DB_ARN = "arn:aws:rds:eu-west-1:123456789012:db:orders"

# Two objectives with one check each, and a manual one.
OBJECTIVES = (
    ObjectiveInput(id="encrypted", title="Data at rest encrypted", checks=("c.encrypted",)),
    ObjectiveInput(id="backed-up", title="Data recoverable", checks=("c.backup",)),
    ObjectiveInput(id="logged", title="Access logged", checks=("c.logged",)),
    ObjectiveInput(id="reviewed", title="Reviewed", checks=(), manual_controls=("review",)),
)


def rule(mitigations: tuple[str, ...] = ("encrypted", "backed-up"), **extra: object) -> Rule:
    fields: dict[str, object] = {
        "id": "SF-DS-001",
        "title": "Data store readable by anyone holding its disks",
        "description": "",
        "applies_to": "component",
        "stride": Stride.INFORMATION_DISCLOSURE,
        "likelihood": 4,
        "mitigations": mitigations,
    }
    fields.update(extra)
    return Rule(**fields)  # type: ignore[arg-type]


def threat(
    resources: tuple[str, ...] = ("aws_db_instance.orders",),
    *,
    likelihood: int = 4,
    impact: int = 5,
    mitigations: tuple[str, ...] = ("encrypted", "backed-up"),
    element: str = "orders-db",
    rule_id: str = "SF-DS-001",
) -> Threat:
    return Threat(
        id=f"{rule_id}@{element}",
        rule=rule(mitigations, id=rule_id, likelihood=likelihood),
        element_id=element,
        element_kind="component",
        element_name="Orders database",
        likelihood=likelihood,
        impact=impact,
        resources=resources,
    )


def finding(
    check: str,
    status: str = "passed",
    *,
    address: str = "aws_db_instance.orders",
    arn: str | None = None,
    run: str = "run-scan",
    suppressed: bool = False,
) -> EvidenceFinding:
    return EvidenceFinding(
        check_id=check,
        status=status,
        suppressed=suppressed,
        resource=arn or address,
        run_id=run,
        message=f"{check} {status}",
        address=arn or address,
        arn=arn,
    )


def evidence(*findings: EvidenceFinding, runs: tuple[EvidenceRun, ...] = (SCAN,)) -> Evidence:
    return Evidence(runs=runs, findings=findings)


def model(*components: Component, accepted: tuple[object, ...] = ()) -> ThreatModel:
    return ThreatModel(
        name="orders",
        version="1",
        path=None,
        components=components,
        accepted=accepted,  # type: ignore[arg-type]
    )


def db_component(resources: tuple[str, ...]) -> Component:
    return Component(id="orders-db", name="Orders database", kind="datastore", resources=resources)
