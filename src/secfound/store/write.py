"""Storing a run: the run row, its findings, resources seen, gaps and input errors.

Everything of one run is written in one transaction with Core ``executemany`` inserts in
batches, so a run is either stored completely or not at all (a process killed half-way
leaves nothing behind) and 100k findings take seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert
from sqlalchemy.exc import SQLAlchemyError

from secfound.errors import StoreError
from secfound.findings import Finding
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import RunReport
from secfound.store.database import mask_url, write_transaction
from secfound.store.tables import CoverageGap, Run, SeenResource, StoredFinding, StoredInputError

# Rows per executemany: large enough to be fast, small enough to bound memory.
BATCH_ROWS = 10_000
LIVE_COMMANDS = frozenset({"assess"})

__all__ = ["BATCH_ROWS", "default_scope", "save_run", "scope_key"]


def save_run(engine: Engine, report: RunReport, *, scope: Sequence[str] | None = None) -> str:
    """Store ``report`` in one transaction and return its run id.

    ``scope`` says what was looked at; by default the sorted roots of an IaC run, or the
    sorted ``account/region`` pairs of a live run (``default_scope``). Raises
    ``StoreError`` when the database refuses the run; then nothing of it is stored.
    """
    try:
        _write(engine, report, sorted(scope) if scope is not None else default_scope(report))
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot store run {report.run_id} in the database {mask_url(engine.url)}: "
            f"{_first_line(exc)}"
        ) from exc
    return report.run_id


def _first_line(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _write(engine: Engine, report: RunReport, scope_list: list[str]) -> None:
    run_id = report.run_id
    with write_transaction(engine) as connection:
        connection.execute(insert(_table(Run)), [_run_row(report, scope_list)])
        _insert_all(connection, _table(StoredFinding), _finding_rows(run_id, report.findings))
        _insert_all(connection, _table(SeenResource), _resource_rows(run_id, report))
        _insert_all(
            connection,
            _table(CoverageGap),
            (
                {
                    "run_id": run_id,
                    "account": gap.account,
                    "region": gap.region,
                    "service": gap.service,
                    "reason": gap.reason,
                }
                for gap in report.gaps
            ),
        )
        _insert_all(
            connection,
            _table(StoredInputError),
            (
                {
                    "run_id": run_id,
                    "path": error.path,
                    "line": error.line,
                    "column": error.column,
                    "message": error.message,
                }
                for error in report.errors
            ),
        )


def default_scope(report: RunReport) -> list[str]:
    """Sorted roots for IaC; sorted ``account/region`` of everything seen for live runs."""
    if report.command not in LIVE_COMMANDS:
        return sorted(set(report.roots))
    places = {f"{gap.account}/{gap.region}" for gap in report.gaps}
    locations: Iterable[Location] = [f.location for f in report.findings] + [
        seen.location for seen in report.resources
    ]
    places.update(
        f"{loc.account}/{loc.region}" for loc in locations if isinstance(loc, CloudLocation)
    )
    return sorted(places)


CHECKS_PREFIX = "checks="
SKIP_CHECKS_PREFIX = "skip-checks="


def selection_scope(include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """The scope entries of a run that ran some checks only.

    A run of ``--check X`` is not the same thing scanned again as a run of every check: it
    says nothing about the other checks, so it must not supersede the full run in history
    or in control evidence. Its selection is part of its scope.
    """
    entries = []
    if include:
        entries.append(CHECKS_PREFIX + ",".join(sorted(set(include))))
    if exclude:
        entries.append(SKIP_CHECKS_PREFIX + ",".join(sorted(set(exclude))))
    return entries


def ran_check(scope: Sequence[str], check_id: str) -> bool:
    """Whether a run of ``scope`` ran ``check_id`` (by its selection entries, if any)."""
    from fnmatch import fnmatchcase

    for entry in scope:
        if entry.startswith(CHECKS_PREFIX):
            patterns = entry[len(CHECKS_PREFIX) :].split(",")
            if not any(fnmatchcase(check_id, p) for p in patterns):
                return False
        elif entry.startswith(SKIP_CHECKS_PREFIX):
            patterns = entry[len(SKIP_CHECKS_PREFIX) :].split(",")
            if any(fnmatchcase(check_id, p) for p in patterns):
                return False
    return True


def scope_key(scope: Sequence[str]) -> str:
    """sha256 of the scope's canonical JSON: runs of the same scope share it."""
    canonical = json.dumps(list(scope), separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _insert_all(connection: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    statement = insert(table)
    for batch in _batches(rows):
        connection.execute(statement, batch)


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _run_row(report: RunReport, scope: list[str]) -> dict[str, Any]:
    summary = report.summary()
    failing: Mapping[str, int] = summary.failed_by_severity
    return {
        "id": report.run_id,
        "command": report.command,
        "scope_key": scope_key(scope),
        "scope": scope,
        "started": _utc(report.started),
        "finished": _utc(report.finished),
        "tool_version": report.tool_version,
        "sources": dict(report.source_units),
        "resource_count": report.resource_count,
        "checks_run": report.checks_run,
        "passed": summary.by_status.get("passed", 0),
        "failed": sum(failing.values()),
        "unknown": summary.by_status.get("unknown", 0),
        "errored": summary.by_status.get("error", 0),
        "suppressed": summary.suppressed,
        "failed_critical": failing.get("critical", 0),
        "failed_high": failing.get("high", 0),
        "failed_medium": failing.get("medium", 0),
        "failed_low": failing.get("low", 0),
        "failed_info": failing.get("info", 0),
        "input_errors": len(report.errors),
        "gaps": len(report.gaps),
    }


def _location_columns(location: Location) -> dict[str, Any]:
    if isinstance(location, FileLocation):
        return {"path": location.path, "line": location.line, "end_line": location.end_line}
    return {"account": location.account, "region": location.region, "arn": location.arn}


_EMPTY_LOCATION = {
    "path": None,
    "line": None,
    "end_line": None,
    "account": None,
    "region": None,
    "arn": None,
}


def _finding_rows(run_id: str, findings: Iterable[Finding]) -> Iterator[dict[str, Any]]:
    for finding in findings:
        suppression = finding.suppressed
        row = {
            "run_id": run_id,
            "fingerprint": finding.fingerprint,
            "check_id": finding.check_id,
            "status": finding.status.value,
            "severity": finding.severity.label,
            "message": finding.message,
            "resource_type": finding.resource.type,
            "resource_address": finding.resource.address,
            **_EMPTY_LOCATION,
            **_location_columns(finding.location),
            "conditional": finding.conditional,
            "suppressed_by": suppression.by if suppression else None,
            "suppression_reason": suppression.reason if suppression else None,
            "suppression_owner": suppression.owner if suppression else None,
            "suppression_until": _date(suppression.until) if suppression else None,
        }
        yield row


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _resource_rows(run_id: str, report: RunReport) -> Iterator[dict[str, Any]]:
    for seen in report.resources:
        location = seen.location
        row: dict[str, Any] = {
            "run_id": run_id,
            "type": seen.resource.type,
            "address": seen.resource.address,
            "path": None,
            "line": None,
            "account": None,
            "region": None,
            "arn": None,
        }
        if isinstance(location, FileLocation):
            row.update(path=location.path, line=location.line)
        else:
            row.update(account=location.account, region=location.region, arn=location.arn)
        yield row
