"""Reading a stored run back as the ``RunReport`` every renderer takes.

``secfound report --run ID`` renders a stored run exactly as the scan that made it did;
titles come from the built-in check registry where it knows the check (a user check
without its folder keeps its id as title).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Row, select

from secfound.checks import Severity, Status
from secfound.errors import RunNotFoundError
from secfound.findings import Finding, Gap, InputError, ResourceRef, Suppression
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import RunReport, SeenResourceRef
from secfound.store.tables import CoverageGap, Run, SeenResource, StoredFinding, StoredInputError

MIN_PREFIX = 6
LIVE_COMMANDS = frozenset({"assess"})

__all__ = ["MIN_PREFIX", "latest_run_id", "load_run", "resolve_run_id"]


def latest_run_id(engine: Engine) -> str | None:
    """The id of the run that started last, or None when nothing is stored."""
    with engine.connect() as connection:
        return connection.execute(
            select(Run.id).order_by(Run.started.desc(), Run.id.desc()).limit(1)
        ).scalar_one_or_none()


def resolve_run_id(engine: Engine, run_id_or_prefix: str) -> str:
    """The full id of the one run whose id is, or starts with, the text given.

    Raises ``RunNotFoundError`` for a prefix shorter than six characters, an unknown id,
    or a prefix several runs share.
    """
    wanted = run_id_or_prefix.strip().lower()
    if len(wanted) < MIN_PREFIX:
        raise RunNotFoundError(
            f"run id {run_id_or_prefix!r} is too short: give at least {MIN_PREFIX} characters"
        )
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with engine.connect() as connection:
        exact = connection.execute(select(Run.id).where(Run.id == wanted)).scalar_one_or_none()
        if exact is not None:
            return exact
        matches = list(
            connection.execute(
                select(Run.id)
                .where(Run.id.like(f"{escaped}%", escape="\\"))
                .order_by(Run.id)
                .limit(3)
            ).scalars()
        )
    if not matches:
        raise RunNotFoundError(f"no stored run has an id starting with {wanted!r}")
    if len(matches) > 1:
        raise RunNotFoundError(
            f"run id prefix {wanted!r} is ambiguous: {', '.join(matches[:2])}"
            f"{', ...' if len(matches) > 2 else ''}; give more characters"
        )
    return matches[0]


def load_run(engine: Engine, run_id_or_prefix: str) -> RunReport:
    """The stored run as a ``RunReport`` (findings in the order they were stored)."""
    from secfound.checks.registry import builtin_registry

    run_id = resolve_run_id(engine, run_id_or_prefix)
    with engine.connect() as connection:
        run = connection.execute(select(Run.__table__).where(Run.id == run_id)).one()
        finding_rows = connection.execute(
            select(StoredFinding.__table__)
            .where(StoredFinding.run_id == run_id)
            .order_by(StoredFinding.id)
        ).all()
        resource_rows = connection.execute(
            select(SeenResource.__table__)
            .where(SeenResource.run_id == run_id)
            .order_by(SeenResource.id)
        ).all()
        gap_rows = connection.execute(
            select(CoverageGap.__table__)
            .where(CoverageGap.run_id == run_id)
            .order_by(CoverageGap.id)
        ).all()
        error_rows = connection.execute(
            select(StoredInputError.__table__)
            .where(StoredInputError.run_id == run_id)
            .order_by(StoredInputError.id)
        ).all()
    findings = tuple(_finding(row) for row in finding_rows)
    check_ids = {f.check_id for f in findings}
    titles = {spec.id: spec.title for spec in builtin_registry() if spec.id in check_ids}
    scope = tuple(str(item) for item in run.scope)
    return RunReport(
        tool_version=run.tool_version,
        command=run.command,
        run_id=run.id,
        started=_utc(run.started),
        finished=_utc(run.finished),
        roots=() if run.command in LIVE_COMMANDS else scope,
        source_units=_counts(run.sources),
        resource_count=run.resource_count,
        checks_run=run.checks_run,
        findings=findings,
        titles=titles,
        errors=tuple(
            InputError(path=row.path, message=row.message, line=row.line, column=row.column)
            for row in error_rows
        ),
        gaps=tuple(
            Gap(account=row.account, region=row.region, service=row.service, reason=row.reason)
            for row in gap_rows
        ),
        resources=tuple(_seen(row) for row in resource_rows),
    )


def _utc(moment: datetime) -> datetime:
    # SQLite keeps no offset; everything is written in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _counts(data: Mapping[str, Any]) -> dict[str, int]:
    return {str(key): int(value) for key, value in data.items()}


def _location(row: Row[Any], *, end_line: int | None = None) -> Location:
    if row.account is not None:
        return CloudLocation(account=row.account, region=row.region, arn=row.arn)
    return FileLocation(path=row.path or "", line=row.line, end_line=end_line)


def _finding(row: Row[Any]) -> Finding:
    suppressed = None
    if row.suppressed_by is not None:
        until: date | None = row.suppression_until
        suppressed = Suppression(
            by=row.suppressed_by,
            reason=row.suppression_reason or "",
            owner=row.suppression_owner,
            until=until.isoformat() if until is not None else None,
        )
    return Finding(
        check_id=row.check_id,
        status=Status(row.status),
        severity=Severity.parse(row.severity),
        message=row.message,
        resource=ResourceRef(type=row.resource_type, address=row.resource_address),
        location=_location(row, end_line=row.end_line),
        fingerprint=row.fingerprint,
        conditional=bool(row.conditional),
        suppressed=suppressed,
    )


def _seen(row: Row[Any]) -> SeenResourceRef:
    return SeenResourceRef(
        resource=ResourceRef(type=row.type, address=row.address), location=_location(row)
    )
