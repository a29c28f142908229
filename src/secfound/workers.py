"""Spreading a scan over the machine's cores.

The units of a scan (templates, Terraform root modules) are independent, so
``collect_and_evaluate`` forks one process per extra core. Each collects and evaluates
every n-th unit (a ``Share``) and sends back only what a report needs: for each unit its
resources' names, locations and annotations, and its findings as plain tuples. Model
objects never cross: pickling them cost more than building them. The parent evaluates
share 0 meanwhile, then merges the units back into walk order, so the findings, their
order included, are those of a single-process scan.

Forking needs the ``fork`` start method (Linux). Elsewhere, with ``jobs=1``, and for scans
too small for a process to pay for itself, one process does everything.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from secfound.checks import Severity, Status
from secfound.checks.registry import Registry
from secfound.collect import SourceResult
from secfound.errors import SecfoundError, WorkerError
from secfound.findings import Finding, InputError, ResourceRef
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import SeenResourceRef, seen_resources
from secfound.scan import Collected, ScanInputs, Share, collect, discover_inputs, unit_count

Progress = Callable[[str], None]

# Below this many templates and Terraform folders a second process costs more than it
# saves (a fork, and the parent's rebuilding of the child's findings).
MIN_UNITS_PER_PROCESS = 24
MAX_JOBS = 8


@dataclass(frozen=True)
class UnitSummary:
    """What the report needs of one evaluation unit once its checks have run."""

    root: str
    kind: str
    notices: tuple[str, ...]
    seen: tuple[SeenResourceRef, ...]
    # (path, address) -> the source's annotations (CloudFormation Metadata), where any.
    annotations: Mapping[tuple[str, str], Mapping[str, Any]]


@dataclass(frozen=True)
class Evaluated:
    """A scan's units and findings, in walk order."""

    roots: tuple[str, ...]
    units: tuple[UnitSummary, ...]
    findings: tuple[Finding, ...]
    errors: tuple[InputError, ...]
    passed_over: tuple[str, ...]

    @property
    def resource_count(self) -> int:
        return sum(len(u.seen) for u in self.units)

    def annotations(self) -> dict[tuple[str, str], Mapping[str, Any]]:
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        for unit in self.units:
            merged.update(unit.annotations)
        return merged


def default_jobs() -> int:
    """One process per core this process may run on, at most ``MAX_JOBS``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def collect_and_evaluate(
    inputs: ScanInputs,
    registry: Registry,
    progress: Progress | None = None,
    *,
    jobs: int | None = None,
    min_units: int = MIN_UNITS_PER_PROCESS,
) -> Evaluated:
    """Collect every unit under ``inputs`` and run ``registry`` on it, over ``jobs``
    processes (default: one per core), each given at least ``min_units`` units."""
    found = discover_inputs(inputs, progress)
    wanted = default_jobs() if jobs is None else max(1, jobs)
    count = min(wanted, max(1, unit_count(found) // max(1, min_units)))
    if count > 1 and not _can_fork():
        count = 1
    if count == 1:
        collected = collect(inputs, progress, found=found)
        return _merge(collected.roots, [_evaluate_share(collected, registry)])
    if progress:
        progress(f"evaluating over {count} processes")
    claims = _SharedClaims(unit_count(found))
    children = [
        _fork_share(inputs, registry, found, Share(i, count, claims)) for i in range(1, count)
    ]
    mine = _evaluate_share(collect(inputs, found=found, share=Share(0, count, claims)), registry)
    parts = [mine, *(_receive(child) for child in children)]
    return _merge(tuple(str(d.root) for d in found), parts)


# -- one share ------------------------------------------------------------------------


@dataclass(frozen=True)
class _SharePart:
    """A share's output: units (with their walk positions) and their findings."""

    units: list[tuple[int, UnitSummary, list[Finding]]]
    errors: tuple[InputError, ...]
    passed_over: tuple[str, ...]


def _evaluate_share(collected: Collected, registry: Registry) -> _SharePart:
    from secfound.engine import evaluate_each

    order = collected.order or tuple(range(len(collected.results)))
    units = [
        (position, _summary(result), findings)
        for position, (result, findings) in zip(
            order, evaluate_each(registry, collected.results), strict=True
        )
    ]
    return _SharePart(units=units, errors=collected.errors, passed_over=collected.passed_over)


def _summary(result: SourceResult) -> UnitSummary:
    seen = seen_resources(result.resources)
    annotations = {
        (r.location.path, r.address): r.annotations
        for r in result.resources
        if r.annotations and isinstance(r.location, FileLocation)
    }
    return UnitSummary(
        root=result.root,
        kind=result.kind,
        notices=result.notices,
        seen=seen,
        annotations=annotations,
    )


def _merge(roots: tuple[str, ...], parts: Sequence[_SharePart]) -> Evaluated:
    units = sorted((u for part in parts for u in part.units), key=lambda u: u[0])
    return Evaluated(
        roots=roots,
        units=tuple(summary for _position, summary, _findings in units),
        findings=tuple(f for _position, _summary, findings in units for f in findings),
        # Sorted, so that one process or several report them alike.
        errors=tuple(sorted((e for part in parts for e in part.errors), key=_error_order)),
        passed_over=tuple(sorted(p for part in parts for p in part.passed_over)),
    )


def _error_order(error: InputError) -> tuple[str, int, int, str]:
    return (error.path, error.line or 0, error.column or 0, error.message)


class _SharedClaims:
    """Which units a process has taken, in memory shared by the forked processes: each
    process walks the units in order and evaluates those nobody took before it, so a
    process slowed by large root modules takes fewer, and none waits for another."""

    def __init__(self, units: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._taken = context.RawArray("b", max(1, units))
        self._lock = context.Lock()

    def claim(self, unit: int) -> bool:
        if unit >= len(self._taken):  # pragma: no cover - unit_count counts every unit
            # Never skip a unit silently: a miscount is a bug to report, not a short scan.
            raise IndexError(f"unit {unit} beyond the {len(self._taken)} counted")
        with self._lock:
            if self._taken[unit]:
                return False
            self._taken[unit] = 1
            return True


# -- processes ------------------------------------------------------------------------


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class _Child:
    process: Any  # multiprocessing.Process
    connection: Any  # the parent's end of the pipe
    share: Share


def _fork_share(
    inputs: ScanInputs, registry: Registry, found: Sequence[Any], share: Share
) -> _Child:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_child_main,
        args=(sending, inputs, registry, found, share),
        name=f"secfound-share-{share.index}",
        daemon=True,
    )
    process.start()
    sending.close()
    return _Child(process=process, connection=receiving, share=share)


def _child_main(
    sending: Any, inputs: ScanInputs, registry: Registry, found: Sequence[Any], share: Share
) -> None:
    try:
        part = _evaluate_share(collect(inputs, found=found, share=share), registry)
        message: tuple[str, Any] = ("ok", _pack(part))
    except BaseException as exc:  # reported by the parent, which decides the exit code
        if isinstance(exc, SecfoundError):  # its text and exit code, not the object
            message = ("secfound", (str(exc), exc.exit_code))
        else:
            message = ("crash", "".join(traceback.format_exception(exc)))
    try:
        sending.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # an unpicklable error: say what it was
        text = f"{type(exc).__name__}: {exc}"
        sending.send_bytes(pickle.dumps(("crash", text), protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        sending.close()


def _receive(child: _Child) -> _SharePart:
    try:
        kind, payload = pickle.loads(child.connection.recv_bytes())
    except EOFError:
        child.process.join()
        raise WorkerError(
            f"scan worker {child.share.index} of {child.share.count} died "
            f"(exit code {child.process.exitcode}); run again with --jobs 1 to see why"
        ) from None
    finally:
        child.connection.close()
    child.process.join()
    if kind == "secfound":
        text, exit_code = payload
        raise WorkerError(text, exit_code=exit_code)
    if kind == "crash":
        raise WorkerError(f"scan worker {child.share.index} failed:\n{payload}")
    return _unpack(payload)


# -- findings as plain tuples ---------------------------------------------------------
# A finding crosses as (resource index, check id, status, severity, message, fingerprint,
# conditional); each unit's resources cross once, as (type, address, location).

_Row = tuple[int, str, str, int, str, str, bool]


def _pack(part: _SharePart) -> tuple[Any, ...]:
    units = []
    for position, summary, findings in part.units:
        resources: dict[tuple[str, str, Location], int] = {}
        rows: list[_Row] = []
        for f in findings:
            key = (f.resource.type, f.resource.address, f.location)
            index = resources.setdefault(key, len(resources))
            rows.append(
                (
                    index,
                    f.check_id,
                    f.status.value,
                    int(f.severity),
                    f.message,
                    f.fingerprint,
                    f.conditional,
                )
            )
        table = [(t, a, _location_tuple(loc)) for t, a, loc in resources]
        units.append((position, summary, table, rows))
    return (units, part.errors, part.passed_over)


def _unpack(payload: tuple[Any, ...]) -> _SharePart:
    packed_units, errors, passed_over = payload
    statuses = {s.value: s for s in Status}
    severities = {int(s): s for s in Severity}
    units: list[tuple[int, UnitSummary, list[Finding]]] = []
    for position, summary, table, rows in packed_units:
        refs = [(ResourceRef(type=t, address=a), _location_of(loc)) for t, a, loc in table]
        findings = [
            Finding(
                check_id=check_id,
                status=statuses[status],
                severity=severities[severity],
                message=message,
                resource=refs[index][0],
                location=refs[index][1],
                fingerprint=fingerprint,
                conditional=conditional,
            )
            for index, check_id, status, severity, message, fingerprint, conditional in rows
        ]
        units.append((position, summary, findings))
    return _SharePart(units=units, errors=errors, passed_over=passed_over)


def _location_tuple(location: Location) -> tuple[Any, ...]:
    if isinstance(location, FileLocation):
        return ("file", location.path, location.line, location.column, location.end_line)
    return ("cloud", location.account, location.region, location.arn)


def _location_of(data: Iterable[Any]) -> Location:
    kind, *rest = data
    if kind == "file":
        path, line, column, end_line = rest
        return FileLocation(path=path, line=line, column=column, end_line=end_line)
    account, region, arn = rest
    return CloudLocation(account=account, region=region, arn=arn)
