"""The security services matrix (SEC01 BP08) as plain data: one row per account and region
(account-wide services on a ``global`` row of their own), one column per catalog service.

``secfound services`` and the HTML report both draw it, from two sources:

- the ``SecurityService`` resources of a live collection (``cells_from_resources``): every
  state the probes read, optional services included;
- a run's report (``cells_from_report``), which is all a stored run keeps: the resources it
  saw (type, address, place) and the findings on them, not the state each probe read. So
  a cell says what the finding of its ``aws.services.*`` check says: passed is on
  (delegated when the message names the administrator), failed is off, unknown or error
  is unknown. The checks judge only the services the blueprint expects; a service with no
  finding was optional in the blueprint that judged the run (or its check did not run),
  and its cell says ``not judged`` rather than guessing a state the run never recorded.

Order and layout are decided here, once: accounts, then regions with ``global`` last, then
services in catalog order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from secfound.checks import Status
from secfound.model.aws.services import GLOBAL_REGION, SecurityService
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.findings import Finding
    from secfound.report.model import RunReport

UNKNOWN = "unknown"
NOT_JUDGED = "not judged"
# Every state a cell can be in, in the order a legend lists them.
CELL_STATES = ("enabled", "delegated", "off", UNKNOWN, NOT_JUDGED)
# What each state means, as the HTML report's legend says it (its label, then the words).
STATE_LEGEND: Mapping[str, tuple[str, str]] = {
    "enabled": ("enabled", "on in this account and region"),
    "delegated": (
        "delegated",
        "on, managed by another account (the organization's administrator for the service)",
    ),
    "off": ("off", "off; where the blueprint expects it, a failed finding (the cell links to it)"),
    UNKNOWN: (
        "not assessed",
        "its state could not be read (a denied or failed call: see the coverage gaps); "
        "never counted as on or off",
    ),
    NOT_JUDGED: (
        "not judged",
        "no check judged it: optional in the blueprint that judged the run, or its check "
        "did not run; a run keeps no state for it ('secfound services' reads it)",
    ),
}
CHECK_PREFIX = "aws.services."
# What aws.services.*_enabled says of a delegated service (checks/aws/services/_expected.py);
# a test runs the real check so that a change of its wording breaks it, not this view.
_DELEGATED = re.compile(r", managed by account (\d{12})\b")
# Which finding judges a cell when (unexpectedly) several do: the one needing most attention.
_STATUS_RANK = {Status.FAILED: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.PASSED: 3}


@dataclass(frozen=True, kw_only=True)
class ServiceCell:
    """One service in one account and region.

    ``expected``: the blueprint expects it on (None: not known, a cell with no finding).
    ``reason`` says why a state is unknown; ``check_id``, ``message`` and ``suppressed``
    are those of the finding that judged the cell (cells of a report only).
    """

    account: str
    region: str
    service: str
    name: str
    state: str  # one of CELL_STATES
    expected: bool | None
    detail: tuple[str, ...] = ()
    administrator: str | None = None
    reason: str | None = None
    check_id: str | None = None
    message: str | None = None
    suppressed: bool = False

    @property
    def expected_and_off(self) -> bool:
        return self.state == "off" and self.expected is True

    def as_json(self) -> dict[str, Any]:
        """The cell as ``secfound services --format json`` lists it."""
        return {
            "account": self.account,
            "region": self.region,
            "service": self.service,
            "name": self.name,
            "state": self.state,
            "detail": list(self.detail),
            "administrator": self.administrator,
            "expected": self.expected,
            **({"reason": self.reason} if self.reason is not None else {}),
        }


@dataclass(frozen=True, kw_only=True)
class ServiceColumn:
    """A catalog service; ``expected``: the blueprint expects it (the column is marked)."""

    id: str
    name: str
    scope: str
    purpose: str  # what it detects or prevents, completing "<name> ..."
    objectives: tuple[str, ...]
    expected: bool


@dataclass(frozen=True, kw_only=True)
class MatrixRow:
    account: str
    region: str
    cells: tuple[ServiceCell | None, ...]  # one per column; None: not read on this row


@dataclass(frozen=True, kw_only=True)
class ServiceMatrix:
    columns: tuple[ServiceColumn, ...]
    rows: tuple[MatrixRow, ...]
    counts: Mapping[str, int]  # state -> cells, every state of CELL_STATES
    expected_off: int  # cells expected by the blueprint and off


def cells_from_resources(resources: Iterable[Any]) -> list[ServiceCell]:
    """One cell per ``SecurityService``: an unresolved state is ``unknown`` with the
    reason. Other resources are skipped."""
    cells = []
    for r in resources:
        if not isinstance(r, SecurityService):
            continue
        cells.append(
            ServiceCell(
                account=r.account_id,
                region=r.region,
                service=r.service,
                name=r.name,
                state=UNKNOWN if isinstance(r.state, Unresolved) else r.state,
                expected=r.expected,
                detail=tuple(r.detail),
                administrator=r.administrator,
                reason=r.state.expression if isinstance(r.state, Unresolved) else None,
            )
        )
    return sort_cells(cells)


def cells_from_report(report: RunReport) -> list[ServiceCell]:
    """One cell per security service resource the run saw, judged by its finding."""
    from secfound.controls.blueprint import service_catalog

    catalog = service_catalog()
    judged: dict[str, Finding] = {}
    for finding in report.findings:
        if (
            finding.resource.type != SecurityService.resource_type
            or not finding.check_id.startswith(CHECK_PREFIX)
        ):
            continue
        earlier = judged.get(finding.resource.address)
        if earlier is None or _STATUS_RANK.get(finding.status, 9) < _STATUS_RANK.get(
            earlier.status, 9
        ):
            judged[finding.resource.address] = finding
    cells = []
    seen: set[str] = set()
    for ref in report.resources:
        address = ref.resource.address
        if ref.resource.type != SecurityService.resource_type or address in seen:
            continue
        seen.add(address)
        parts = address.split("/")
        if len(parts) != 3 or parts[2] not in catalog:
            continue  # not an address the inventory writes: nothing to place
        account, region, service = parts
        cells.append(_judged_cell(account, region, service, catalog[service].name, judged))
    return sort_cells(cells)


def _judged_cell(
    account: str, region: str, service: str, name: str, judged: Mapping[str, Finding]
) -> ServiceCell:
    finding = judged.get(f"{account}/{region}/{service}")
    if finding is None:
        return ServiceCell(
            account=account,
            region=region,
            service=service,
            name=name,
            state=NOT_JUDGED,
            expected=None,
        )
    administrator = None
    if finding.status is Status.PASSED:
        delegated = _DELEGATED.search(finding.message)
        administrator = delegated.group(1) if delegated else None
        state = "delegated" if delegated else "enabled"
    elif finding.status is Status.FAILED:
        state = "off"
    else:
        state = UNKNOWN
    return ServiceCell(
        account=account,
        region=region,
        service=service,
        name=name,
        state=state,
        expected=True,
        administrator=administrator,
        reason=finding.message if state == UNKNOWN else None,
        check_id=finding.check_id,
        message=finding.message,
        suppressed=finding.suppressed is not None,
    )


def sort_cells(cells: Iterable[ServiceCell]) -> list[ServiceCell]:
    """Account, region (``global`` last), then catalog order."""
    from secfound.controls.blueprint import service_catalog

    order = {service_id: index for index, service_id in enumerate(service_catalog())}
    return sorted(
        cells,
        key=lambda c: (
            c.account,
            c.region == GLOBAL_REGION,
            c.region,
            order.get(c.service, len(order)),
        ),
    )


def build_matrix(cells: Iterable[ServiceCell], expects: Callable[[str], bool]) -> ServiceMatrix:
    """The matrix of ``cells`` (sorted), every catalog service a column; ``expects`` says
    which columns the blueprint expects."""
    from secfound.controls.blueprint import service_catalog

    columns = tuple(
        ServiceColumn(
            id=spec.id,
            name=spec.name,
            scope=spec.scope,
            purpose=spec.purpose,
            objectives=spec.objectives,
            expected=expects(spec.id),
        )
        for spec in service_catalog().values()
    )
    places: dict[tuple[str, str], dict[str, ServiceCell]] = {}
    counts: Counter[str] = Counter()
    for cell in sort_cells(cells):
        places.setdefault((cell.account, cell.region), {})[cell.service] = cell
        counts[cell.state] += 1
    rows = tuple(
        MatrixRow(
            account=account,
            region=region,
            cells=tuple(row.get(column.id) for column in columns),
        )
        for (account, region), row in places.items()
    )
    every = [cell for row in rows for cell in row.cells if cell is not None]
    return ServiceMatrix(
        columns=columns,
        rows=rows,
        counts={state: counts.get(state, 0) for state in CELL_STATES},
        expected_off=sum(1 for cell in every if cell.expected_and_off),
    )


def report_matrix(report: RunReport) -> ServiceMatrix | None:
    """The matrix of a run's report, or None when the run inventoried no security service
    (a scan, or an assessment without the inventory collectors)."""
    cells = cells_from_report(report)
    if not cells:
        return None
    expected = {cell.service for cell in cells if cell.expected}
    return build_matrix(cells, expected.__contains__)
