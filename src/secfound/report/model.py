"""``RunReport``: everything one run found, the single input of every output format."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from secfound.checks import Severity, Status
from secfound.findings import Finding, Gap, InputError, ResourceRef
from secfound.model.location import Location
from secfound.model.resource import Resource

# Output formats of the commands that produce findings (renderers: cli/run.py ``_render``).
FORMATS = ("table", "json", "sarif", "junit", "markdown", "html")


@dataclass(frozen=True, kw_only=True)
class SeenResourceRef:
    """A resource the run looked at, failing or not: kept so history knows what was judged."""

    resource: ResourceRef
    location: Location


def seen_resources(resources: Iterable[Resource]) -> tuple[SeenResourceRef, ...]:
    """What a run records of the resources it looked at: type, address and location."""
    return tuple(
        SeenResourceRef(
            resource=ResourceRef(type=type(r).resource_type, address=r.address),
            location=r.location,
        )
        for r in resources
    )


@dataclass(frozen=True, kw_only=True)
class Summary:
    """Counts by status, and failing (unsuppressed) counts by severity."""

    by_status: Mapping[str, int]
    failed_by_severity: Mapping[str, int]
    suppressed: int


@dataclass(frozen=True, kw_only=True)
class RunReport:
    tool_version: str
    command: str
    run_id: str
    started: datetime
    finished: datetime
    roots: tuple[str, ...]
    source_units: Mapping[str, int]
    resource_count: int
    checks_run: int
    findings: tuple[Finding, ...]
    titles: Mapping[str, str] = field(default_factory=dict)
    errors: tuple[InputError, ...] = ()
    gaps: tuple[Gap, ...] = ()
    passed_over: tuple[str, ...] = ()
    resources: tuple[SeenResourceRef, ...] = ()

    def summary(self) -> Summary:
        by_status = Counter(f.status.value for f in self.findings)
        failed = Counter(
            f.severity.label
            for f in self.findings
            if f.status is Status.FAILED and f.suppressed is None
        )
        return Summary(
            by_status={s.value: by_status.get(s.value, 0) for s in _REPORTED},
            failed_by_severity={s.label: failed.get(s.label, 0) for s in reversed(Severity)},
            suppressed=sum(1 for f in self.findings if f.suppressed is not None),
        )


_REPORTED = (Status.PASSED, Status.FAILED, Status.UNKNOWN, Status.ERROR)
