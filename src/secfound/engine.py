"""The engine: runs each applicable check on each resource and turns verdicts into findings.

A check that raises ``UnresolvedValueError`` gives an ``unknown`` finding naming the
expression; any other exception gives an ``error`` finding with the exception's message.
Neither is ever a pass. Context parameters are filled with the one resource of the asked
type in the same evaluation unit; where the unit has none, the check does not apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from secfound.checks import Status, Verdict
from secfound.checks.registry import CheckSpec, Registry
from secfound.collect import SourceResult
from secfound.errors import UnresolvedValueError
from secfound.findings import Finding, ResourceRef, fingerprint
from secfound.model.resource import Resource


@dataclass(frozen=True)
class EngineResult:
    findings: tuple[Finding, ...]


def evaluate(registry: Registry, results: Iterable[SourceResult]) -> EngineResult:
    """Run ``registry`` over every resource of every result, in a stable order."""
    findings: list[Finding] = []
    for _result, unit_findings in evaluate_each(registry, results):
        findings.extend(unit_findings)
    return EngineResult(findings=tuple(findings))


def evaluate_each(
    registry: Registry, results: Iterable[SourceResult]
) -> Iterator[tuple[SourceResult, list[Finding]]]:
    """Each result with its findings, in order (checks are loaded once for all)."""
    loaded: dict[str, Callable[..., Verdict]] = {}
    by_type: dict[str, list[CheckSpec]] = {}
    for result in results:
        findings: list[Finding] = []
        context = _context_of(result.resources)
        for resource in result.resources:
            rtype = type(resource).resource_type
            specs = by_type.get(rtype)
            if specs is None:
                specs = by_type[rtype] = registry.for_type(rtype)
            for spec in specs:
                function = loaded.get(spec.id)
                if function is None:
                    function = loaded[spec.id] = spec.load()
                finding = run_check(spec, function, resource, context)
                if finding is not None:
                    findings.append(finding)
        yield result, findings


def _context_of(resources: Iterable[Resource]) -> dict[str, Resource | None]:
    """Context objects by type; a type present twice is ambiguous and gives None."""
    context: dict[str, Resource | None] = {}
    for resource in resources:
        rtype = type(resource).resource_type
        context[rtype] = None if rtype in context else resource
    return context


def run_check(
    spec: CheckSpec,
    function: Callable[..., Verdict],
    resource: Resource,
    context: dict[str, Resource | None],
) -> Finding | None:
    """One check on one resource; None when it does not apply."""
    arguments: list[Resource] = [resource]
    for ctype in spec.context_types:
        found = context.get(ctype)
        if found is None:
            return None
        arguments.append(found)
    try:
        verdict = function(*arguments)
        if not isinstance(verdict, Verdict):
            raise TypeError(f"check returned {type(verdict).__name__}, not a Verdict")
    except UnresolvedValueError as exc:
        verdict = Verdict(Status.UNKNOWN, f"cannot tell: depends on {exc.expression}")
    except Exception as exc:
        verdict = Verdict(Status.ERROR, f"check raised {type(exc).__name__}: {exc}")
    if verdict.status is Status.NOT_APPLICABLE:
        return None
    ref = ResourceRef(type=type(resource).resource_type, address=resource.address)
    return Finding(
        check_id=spec.id,
        status=verdict.status,
        severity=spec.severity,
        message=verdict.message,
        resource=ref,
        location=resource.location,
        fingerprint=fingerprint(spec.id, ref, resource.location),
        conditional=resource.conditional,
    )
