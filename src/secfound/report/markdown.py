"""A Markdown summary to post as a pull-request comment.

What a reviewer needs on one screen: counts of failing findings by severity, a table of
them (worst first), what could not be decided, and input errors. Passed findings are never
listed. Tables stop after ``max_rows`` rows with "and M more", and the whole comment stays
under GitHub's limit of 65,536 characters (with room to spare for a bot's own header):
every cell is cut to a fixed length and rows stop when the budget is spent.

Cells hold text from templates, which a pull request's author controls: pipes, backticks,
emphasis, link and HTML characters are escaped, line breaks folded, so a resource name can
neither break the table nor inject markup. The first line is an HTML comment a bot can
search for to update its previous comment instead of adding one.
"""

from __future__ import annotations

from collections.abc import Sequence

from secfound.checks import Status
from secfound.findings import Finding
from secfound.model.location import FileLocation
from secfound.report.model import RunReport

MARKER = "<!-- secfound-report -->"
GITHUB_COMMENT_LIMIT = 65_536
# The comment stays this far under the limit: rows stop before the budget is spent.
BUDGET = 60_000
DEFAULT_MAX_ROWS = 50
CELL_LIMIT = 120
MESSAGE_LIMIT = 300
_ESCAPED = set("\\`*_[]<>|#~&!")
_TABLE_HEAD = "| Severity | Check | Resource | Location | Message |\n|---|---|---|---|---|\n"


def render_markdown(report: RunReport, *, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    summary = report.summary()
    failing = sorted(
        (f for f in report.findings if f.status is Status.FAILED and f.suppressed is None),
        key=_order,
    )
    undecided = sorted(
        (
            f
            for f in report.findings
            if f.status in (Status.UNKNOWN, Status.ERROR) and f.suppressed is None
        ),
        key=_order,
    )
    parts = [MARKER, _headline(len(failing))]
    parts.append(
        "| "
        + " | ".join(summary.failed_by_severity)
        + " |\n|"
        + "---:|" * len(summary.failed_by_severity)
        + "\n| "
        + " | ".join(str(n) for n in summary.failed_by_severity.values())
        + " |"
    )
    parts.append(_counts_line(report))
    budget = BUDGET - sum(len(p) + 2 for p in parts)
    gaps = [f"{g.service} in {g.account}/{g.region}: {g.reason}" for g in report.gaps]
    sections: list[tuple[str, list[str], str]] = [
        ("Failing findings", [_row(f) for f in failing], _TABLE_HEAD),
        ("Could not be decided (unknown or error)", [_row(f) for f in undecided], _TABLE_HEAD),
        (
            "Input errors (files not checked, or suppressions not applied)",
            [f"- {_cell(str(e), MESSAGE_LIMIT)}\n" for e in report.errors],
            "",
        ),
        ("Coverage gaps", [f"- {_cell(g, MESSAGE_LIMIT)}\n" for g in gaps], ""),
    ]
    # Each later section keeps room for its heading and "and M more" line.
    reserve = 200 * sum(1 for _, lines, _ in sections if lines)
    for heading, lines, head in sections:
        if not lines:
            continue
        reserve -= 200
        text = _section(heading, head, lines, max_rows, budget - reserve)
        budget -= len(text) + 2
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def _headline(failing: int) -> str:
    if not failing:
        return "### secfound: no failing findings"
    noun = "finding" if failing == 1 else "findings"
    return f"### secfound: {failing} failing {noun}"


def _counts_line(report: RunReport) -> str:
    summary = report.summary()
    counts = summary.by_status
    words = [
        f"{report.resource_count} resources",
        f"{report.checks_run} checks",
        f"{counts['passed']} passed",
        f"{counts['unknown']} unknown",
        f"{counts['error']} error",
        f"{summary.suppressed} suppressed",
    ]
    if report.errors:
        words.append(f"**{len(report.errors)} input error(s)**")
    return " · ".join(words)


def _section(heading: str, head: str, lines: Sequence[str], max_rows: int, budget: int) -> str:
    """A heading, ``head`` (a table's header, or nothing for a list) and as many of
    ``lines`` as ``max_rows`` and ``budget`` (characters) allow."""
    text = f"#### {heading} ({len(lines)})\n\n" + head
    shown = 0
    for line in lines[:max_rows]:
        if len(text) + len(line) > budget:
            break
        text += line
        shown += 1
    if shown < len(lines):
        text += f"\n…and {len(lines) - shown} more (see the full report).\n"
    return text.rstrip("\n")


def _row(finding: Finding) -> str:
    location = finding.location
    where = str(location)
    if isinstance(location, FileLocation) and location.line is not None:
        where = f"{location.path}:{location.line}"
    status = "" if finding.status is Status.FAILED else f"{finding.status.value}: "
    cells = (
        finding.severity.label,
        _cell(finding.check_id, CELL_LIMIT),
        _cell(finding.resource.address, CELL_LIMIT),
        _cell(where, CELL_LIMIT),
        _cell(status + finding.message, MESSAGE_LIMIT),
    )
    return "| " + " | ".join(cells) + " |\n"


def _cell(text: str, limit: int) -> str:
    """One line of literal text: cut to ``limit`` before escaping, so an escape is never
    split, then every character Markdown or HTML would interpret escaped."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    out = []
    for char in flat:
        if char in _ESCAPED:
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def _order(finding: Finding) -> tuple[int, str, int, str, str]:
    location = finding.location
    path = location.path if isinstance(location, FileLocation) else str(location)
    line = (location.line or 0) if isinstance(location, FileLocation) else 0
    return (-int(finding.severity), path, line, finding.check_id, finding.resource.address)
