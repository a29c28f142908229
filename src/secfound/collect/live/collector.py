"""What a live collector is: one function that reads one kind of resource, and declares
the IAM actions it calls.

    @collector(service="guardduty", actions=["guardduty:ListDetectors", "guardduty:GetDetector"])
    def detectors(ctx: LiveContext) -> Iterator[Detector]: ...

``@collector`` only attaches metadata; ``builtin_collectors`` finds the decorated functions
by walking ``secfound.collect.live.services``. The declared actions are the policy
``secfound permissions`` prints, and a test fails when a collector calls anything else.

A collector asks ``ctx`` for clients and yields model objects. An exception ends the
collector and becomes a coverage gap for its service and region (what it yielded before is
kept); ``ctx.optional`` turns a failing call about one resource into an unresolved field
and a gap, so one denied ``GetBucketPolicy`` does not lose the bucket.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from secfound.collect.live.shared import SharedLookups
from secfound.collect.live.target import Target
from secfound.findings import Gap
from secfound.model.location import CloudLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.controls.blueprint import Blueprint

Scope = Literal["regional", "global"]
F = TypeVar("F", bound=Callable[..., Any])
_MARK = "__secfound_collector__"


@dataclass(frozen=True)
class CollectorMeta:
    service: str  # the boto3 client name
    actions: tuple[str, ...]
    scope: Scope


def collector(
    *, service: str, actions: Sequence[str], scope: Scope = "regional"
) -> Callable[[F], F]:
    """Mark a function as a live collector (``scope="global"``: once per account)."""

    def mark(function: F) -> F:
        setattr(function, _MARK, CollectorMeta(service, tuple(actions), scope))
        return function

    return mark


@dataclass(frozen=True)
class CollectorSpec:
    """A discovered collector: ``id`` is ``<module>.<function>`` (``guardduty.detectors``)."""

    id: str
    service: str
    actions: tuple[str, ...]
    scope: Scope
    function: Callable[[LiveContext], Iterable[Resource]]


@dataclass
class LiveContext:
    """What a collector works with: its target, clients for it, the gaps it met, and the
    run's account blueprint (None: the packaged default)."""

    target: Target
    service: str
    clients: Callable[[str, str], Any]  # (service, region) -> boto3 client
    gaps: list[Gap] = field(default_factory=list)
    blueprint: Blueprint | None = None
    # answers asked once per run for every collector (assess gives all contexts one)
    shared: SharedLookups = field(default_factory=SharedLookups, repr=False, compare=False)

    def blueprint_in_force(self) -> Blueprint:
        """The run's blueprint, else the packaged default (looked up at call time)."""
        from secfound.controls.blueprint import default_blueprint

        return self.blueprint if self.blueprint is not None else default_blueprint()

    def client(self, service: str | None = None, region: str | None = None) -> Any:
        return self.clients(service or self.service, region or self.target.region)

    def location(self, arn: str | None = None) -> CloudLocation:
        return self.target.location(arn)

    def optional(
        self,
        call: Callable[[], Any],
        *,
        action: str,
        absent: Sequence[str] = (),
        default: Any = None,
    ) -> Any:
        """``call()``; ``default`` when AWS answers with an error code in ``absent`` (the
        thing is not configured: ``NoSuchBucketPolicy``); otherwise, on a failure, an
        ``Unresolved`` naming the error, and a gap."""
        from secfound.collect.live.faults import error_code, fault_reason

        try:
            return call()
        except Exception as exc:
            code = error_code(exc)
            if code is None:
                raise
            if code in absent:
                return default
            reason = fault_reason(exc, action)
            self.gaps.append(
                Gap(
                    account=self.target.account_id,
                    region=self.target.region,
                    service=self.service,
                    reason=reason,
                )
            )
            # Nobody saw the answer: it may be that nothing is configured at all.
            return Unresolved(reason, may_be_absent=True)


def builtin_collectors() -> tuple[CollectorSpec, ...]:
    """Every collector of ``secfound.collect.live.services``, in module and source order."""
    from secfound.collect.live import services

    found: list[CollectorSpec] = []
    for info in sorted(pkgutil.iter_modules(services.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{services.__name__}.{info.name}")
        for name, value in vars(module).items():
            meta = getattr(value, _MARK, None)
            defined_here = getattr(value, "__module__", "") == module.__name__
            if isinstance(meta, CollectorMeta) and defined_here:
                found.append(
                    CollectorSpec(
                        id=f"{info.name}.{name}",
                        service=meta.service,
                        actions=meta.actions,
                        scope=meta.scope,
                        function=value,
                    )
                )
    return tuple(found)


def required_actions(collectors: Iterable[CollectorSpec]) -> tuple[str, ...]:
    """Every IAM action the collectors declare, sorted, once each."""
    return tuple(sorted({action for spec in collectors for action in spec.actions}))
