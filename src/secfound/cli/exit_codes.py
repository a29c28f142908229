"""Exit codes, and the one function that decides them from a run's report."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from secfound.checks import Severity, Status
from secfound.report.model import RunReport


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # a failing, unsuppressed finding reached --fail-on
    ERROR = 2  # the run could not do what was asked (usage, credentials, unreadable input)


@dataclass(frozen=True)
class FailPolicy:
    """When a run fails: ``fail_on`` None means never on findings."""

    fail_on: Severity | None = Severity.INFO
    fail_on_unknown: bool = False
    fail_on_gaps: bool = False
    soft_fail_on_errors: bool = False


def parse_fail_on(text: str) -> Severity | None:
    """``never`` disables failing on findings; otherwise a severity name."""
    if text.strip().lower() in ("never", "none"):
        return None
    return Severity.parse(text)


def exit_code_for(report: RunReport, policy: FailPolicy) -> ExitCode:
    if report.errors and not policy.soft_fail_on_errors:
        return ExitCode.ERROR
    for finding in report.findings:
        if finding.suppressed is not None:
            continue
        if finding.status is Status.FAILED:
            if policy.fail_on is not None and finding.severity >= policy.fail_on:
                return ExitCode.FINDINGS
        elif finding.status in (Status.UNKNOWN, Status.ERROR) and policy.fail_on_unknown:
            return ExitCode.FINDINGS
    if report.gaps and policy.fail_on_gaps:
        return ExitCode.FINDINGS
    return ExitCode.OK
