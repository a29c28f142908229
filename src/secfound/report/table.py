"""The terminal table: what failed or could not be decided, then input errors, then counts.

Passed findings and passed-over files are listed only with ``-v``: a pipeline log should
show what needs attention first.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from secfound.checks import Status
from secfound.findings import Finding
from secfound.report.model import RunReport

_STATUS_STYLE = {
    Status.FAILED: "bold red",
    Status.UNKNOWN: "yellow",
    Status.ERROR: "magenta",
    Status.PASSED: "green",
}
_SEVERITY_STYLE = {
    "critical": "bold red",
    "high": "red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
_STATUS_ORDER = {Status.FAILED: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.PASSED: 3}


def render_table(report: RunReport, stream: TextIO, *, verbose: bool = False) -> None:
    console = Console(
        file=stream,
        width=None if stream.isatty() else 160,
        highlight=False,
        soft_wrap=False,
    )
    # Suppressed findings, like passed ones, are detail: the counts line still tells them.
    shown = [
        f
        for f in report.findings
        if verbose or (f.status is not Status.PASSED and f.suppressed is None)
    ]
    shown.sort(key=_order)
    if shown:
        console.print(_findings_table(shown, report))
    if report.errors:
        console.print(
            Text("Input errors (not checked, or a suppression not applied):", style="bold magenta")
        )
        for error in report.errors:
            console.print(f"  {error}", markup=False)
    if report.gaps:
        console.print(Text("Coverage gaps (not assessed):", style="bold yellow"))
        for gap in sorted(report.gaps, key=lambda g: (g.account, g.region, g.service)):
            console.print(f"  {gap.account}/{gap.region} {gap.service}: {gap.reason}", markup=False)
    if verbose and report.passed_over:
        console.print(Text("Passed over:", style="dim"))
        for item in report.passed_over:
            console.print(f"  {item}", style="dim", markup=False)
    console.print(_summary_line(report))


def _order(finding: Finding) -> tuple[int, int, str, int, str]:
    location = finding.location
    line = getattr(location, "line", None) or 0
    return (
        _STATUS_ORDER.get(finding.status, 9),
        -int(finding.severity),
        str(getattr(location, "path", "")),
        line,
        finding.check_id,
    )


def _findings_table(findings: list[Finding], report: RunReport) -> Table:
    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("Severity")
    table.add_column("Status")
    table.add_column("Check")
    table.add_column("Resource")
    table.add_column("Location")
    table.add_column("Message", overflow="fold")
    for f in findings:
        status, message = f.status.value, Text(f.message)
        if f.suppressed is not None:
            status += f" (suppressed: {f.suppressed.by})"
            message.append(f"\nsuppressed: {f.suppressed.reason}", style="dim")
        check = Text(f.check_id)
        title = report.titles.get(f.check_id)
        if title:
            check.append(f"\n{title}", style="dim")
        resource = f.resource.address + (" (conditional)" if f.conditional else "")
        table.add_row(
            Text(f.severity.label, style=_SEVERITY_STYLE[f.severity.label]),
            Text(status, style=_STATUS_STYLE.get(f.status, "")),
            check,
            Text(resource),
            Text(str(f.location)),
            message,
        )
    return table


def _summary_line(report: RunReport) -> Text:
    summary = report.summary()
    counts = summary.by_status
    text = Text()
    text.append(f"{report.resource_count} resources, {report.checks_run} checks: ")
    text.append(f"{counts['failed']} failed", style="bold red" if counts["failed"] else "")
    text.append(f", {counts['passed']} passed", style="green")
    text.append(f", {counts['unknown']} unknown", style="yellow" if counts["unknown"] else "")
    text.append(f", {counts['error']} error", style="magenta" if counts["error"] else "")
    if summary.suppressed:
        text.append(f", {summary.suppressed} suppressed")
    if report.errors:
        text.append(f"; {len(report.errors)} input error(s)", style="bold magenta")
    if report.gaps:
        text.append(f"; {len(report.gaps)} coverage gap(s)", style="bold yellow")
    failing = [f"{n} {sev}" for sev, n in summary.failed_by_severity.items() if n]
    if failing:
        text.append(f" (failed: {', '.join(failing)})")
    seconds = (report.finished - report.started).total_seconds()
    text.append(f" in {seconds:.2f}s", style="dim")
    return text
