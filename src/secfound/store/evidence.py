"""The evidence control status is judged on: for each resource, the latest run that covered it.

Scan and assess runs combine. Each scope (a set of scanned roots, or of account/region
pairs) contributes its latest run: an older run of the same scope is superseded, so a
resource deleted since no longer counts. Across scopes, a resource seen by several (a
full-organization assessment and a later single-region one) is judged by whichever
covered it last. A resource is known by its ARN where it has one, else by its type,
address and file, so the same template scanned from two roots stays one resource only
when the path matches.

``runs`` narrows the evidence to named runs (one per scope still wins), and ``until`` to
runs that started before a moment: "what did the evidence say on the audit date".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from secfound.controls.status import Evidence, EvidenceFinding, EvidenceRun
from secfound.store.states import as_utc
from secfound.store.tables import CoverageGap, Run, SeenResource, StoredFinding
from secfound.store.write import ran_check

__all__ = ["latest_evidence", "resource_key"]

_CHUNK = 500  # run ids per IN list


def resource_key(
    *, arn: str | None, type: str, address: str, path: str | None, account: str | None = None
) -> str:
    """How evidence tells resources apart across runs (see the module docstring)."""
    if arn:
        return f"arn\0{arn}"
    return f"{type}\0{address}\0{path or ''}\0{account or ''}"


def latest_evidence(
    engine: Engine, *, runs: Sequence[str] = (), until: datetime | None = None
) -> Evidence:
    """The findings of the latest run per resource and check, with the runs they come from.

    Each resource belongs to the newest chosen run that saw it. A run that ran some checks
    only (its scope names its selection) does not speak for the others: for a check it did
    not run, the next newest run that saw the resource and ran the check does.
    """
    chosen = _latest_per_scope(engine, runs, until)
    if not chosen:
        return Evidence(runs=(), findings=())
    chosen = _with_gap_services(engine, chosen)
    order = {run.id: index for index, run in enumerate(chosen)}  # newest first
    scope_of = {run.id: run.scope for run in chosen}
    seen_by: dict[str, list[str]] = {}  # resource key -> run ids that saw it, newest first
    with engine.connect() as connection:
        for chunk in _chunks([run.id for run in chosen]):
            rows = connection.execute(
                select(
                    SeenResource.run_id,
                    SeenResource.type,
                    SeenResource.address,
                    SeenResource.path,
                    SeenResource.account,
                    SeenResource.arn,
                ).where(SeenResource.run_id.in_(chunk))
            )
            for row in rows:
                key = resource_key(
                    arn=row.arn,
                    type=row.type,
                    address=row.address,
                    path=row.path,
                    account=row.account,
                )
                seen_by.setdefault(key, []).append(row.run_id)
        for holders in seen_by.values():
            holders.sort(key=order.__getitem__)

        def judge(key: str, check_id: str, run_id: str) -> bool:
            """Whether ``run_id`` is the run whose finding stands for (key, check)."""
            for holder in seen_by.get(key, (run_id,)):
                if ran_check(scope_of[holder], check_id):
                    return holder == run_id
            return False

        findings: list[EvidenceFinding] = []
        for chunk in _chunks([run.id for run in chosen]):
            rows = connection.execute(
                select(
                    StoredFinding.run_id,
                    StoredFinding.check_id,
                    StoredFinding.status,
                    StoredFinding.suppressed_by,
                    StoredFinding.message,
                    StoredFinding.resource_type,
                    StoredFinding.resource_address,
                    StoredFinding.path,
                    StoredFinding.line,
                    StoredFinding.account,
                    StoredFinding.arn,
                )
                .where(StoredFinding.run_id.in_(chunk))
                .order_by(StoredFinding.id)
            )
            for row in rows:
                key = resource_key(
                    arn=row.arn,
                    type=row.resource_type,
                    address=row.resource_address,
                    path=row.path,
                    account=row.account,
                )
                # A finding on a resource its run did not list as seen (an account-level
                # verdict) belongs to its own run.
                if not judge(key, row.check_id, row.run_id):
                    continue
                findings.append(
                    EvidenceFinding(
                        check_id=row.check_id,
                        status=row.status,
                        suppressed=row.suppressed_by is not None,
                        resource=_label(row),
                        run_id=row.run_id,
                        message=row.message,
                        address=row.resource_address,
                        arn=row.arn,
                        resource_type=row.resource_type,
                        account=row.account,
                    )
                )
    return Evidence(runs=tuple(chosen), findings=tuple(findings))


def _latest_per_scope(
    engine: Engine, runs: Sequence[str], until: datetime | None
) -> list[EvidenceRun]:
    query = select(
        Run.id, Run.command, Run.scope_key, Run.scope, Run.started, Run.gaps, Run.input_errors
    ).order_by(Run.started.desc(), Run.id.desc())
    if runs:
        query = query.where(Run.id.in_(list(runs)))
    if until is not None:
        query = query.where(Run.started <= until)
    chosen: list[EvidenceRun] = []
    seen_scopes: set[str] = set()
    with engine.connect() as connection:
        for row in connection.execute(query):
            if row.scope_key in seen_scopes:
                continue
            seen_scopes.add(row.scope_key)
            chosen.append(
                EvidenceRun(
                    id=row.id,
                    command=row.command,
                    started=as_utc(row.started),
                    scope=tuple(str(item) for item in row.scope or ()),
                    gaps=row.gaps,
                    input_errors=row.input_errors,
                )
            )
    return chosen


def _with_gap_services(engine: Engine, runs: list[EvidenceRun]) -> list[EvidenceRun]:
    """Each run with the services its coverage gaps name."""
    services: dict[str, set[str]] = {}
    with engine.connect() as connection:
        for chunk in _chunks([run.id for run in runs if run.gaps]):
            rows = connection.execute(
                select(CoverageGap.run_id, CoverageGap.service)
                .where(CoverageGap.run_id.in_(chunk))
                .distinct()
            )
            for row in rows:
                services.setdefault(row.run_id, set()).add(row.service)
    return [
        replace(run, gap_services=frozenset(services[run.id])) if run.id in services else run
        for run in runs
    ]


def _label(row: Any) -> str:
    if row.arn:
        return str(row.arn)
    if row.path:
        where = f"{row.path}:{row.line}" if row.line else str(row.path)
        return f"{row.resource_address} ({where})"
    return str(row.resource_address)


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])
