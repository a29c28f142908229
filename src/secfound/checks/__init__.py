"""What a check is: one pure function, its metadata attached by ``@check``.

A check takes one model object (its subject, chosen by the annotation of its first
parameter) and optionally context objects by type, and returns a ``Verdict``::

    @check(severity=Severity.LOW, objectives=["data-at-rest-encrypted-with-managed-keys"])
    def queue_encrypted_with_kms(queue: Queue) -> Verdict: ...

``@check`` only attaches metadata; it registers nothing. ``secfound.checks.registry`` finds
checks by walking the package (or a user's folder) and builds a ``Registry`` from them.
The id comes from the module path (``aws.sqs.queue_encrypted_with_kms``); the title is the
docstring's first line; the rest of the docstring is the rationale and a ``Remediation:``
section.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = [
    "CheckMeta",
    "Severity",
    "Status",
    "Verdict",
    "check",
    "failed",
    "not_applicable",
    "passed",
    "unknown",
]


class Severity(enum.IntEnum):
    """How bad a failure is; ordered so ``--fail-on high`` can compare."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of {names}") from None


class Status(enum.StrEnum):
    """A finding's status. ``not_applicable`` verdicts produce no finding."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Verdict:
    """What a check says about one resource, and why, in words about that resource."""

    status: Status
    message: str


def passed(message: str) -> Verdict:
    return Verdict(Status.PASSED, message)


def failed(message: str) -> Verdict:
    return Verdict(Status.FAILED, message)


def unknown(message: str) -> Verdict:
    """The check cannot decide from what the source says (never a pass)."""
    return Verdict(Status.UNKNOWN, message)


def not_applicable(message: str) -> Verdict:
    """The question does not arise for this resource (an asymmetric key cannot rotate)."""
    return Verdict(Status.NOT_APPLICABLE, message)


@dataclass(frozen=True)
class CheckMeta:
    """The metadata ``@check`` attaches to a check function."""

    severity: Severity
    objectives: tuple[str, ...]
    checkov: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


CHECK_ATTRIBUTE = "__secfound_check__"

F = TypeVar("F", bound=Callable[..., Verdict])


def check(
    *,
    severity: Severity,
    objectives: Sequence[str],
    checkov: Sequence[str] = (),
    aliases: Sequence[str] = (),
) -> Callable[[F], F]:
    """Mark a function as a check; attaches ``CheckMeta`` and changes nothing else.

    ``aliases`` keeps the old ids of a renamed check, so suppressions, baselines, framework
    files and history keep working.
    """

    def mark(function: F) -> F:
        meta = CheckMeta(
            severity=Severity(severity),
            objectives=tuple(objectives),
            checkov=tuple(checkov),
            aliases=tuple(aliases),
        )
        setattr(function, CHECK_ATTRIBUTE, meta)
        return function

    return mark


def meta_of(function: Any) -> CheckMeta | None:
    """The ``CheckMeta`` of a function, or None when it is not a check."""
    meta = getattr(function, CHECK_ATTRIBUTE, None)
    return meta if isinstance(meta, CheckMeta) else None
