"""The pull-request comment: what fails first, nothing that passed, always under the limit."""

from __future__ import annotations

from report_samples import PUBLIC, make_finding, make_report

from secfound.checks import Severity, Status
from secfound.findings import InputError
from secfound.report.markdown import GITHUB_COMMENT_LIMIT, MARKER, render_markdown
from secfound.report.model import RunReport


def _table_rows(text: str, heading: str) -> list[str]:
    section = text.split(f"#### {heading}", 1)[1].split("\n#### ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ")][1:]


def _cells(row: str) -> list[str]:
    """Split a table row the way GFM does: on pipes that are not escaped."""
    cells, current, escaped = [], "", False
    for char in row.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return [*cells, current.strip()]


def test_headline_counts_and_sections(report: RunReport) -> None:
    text = render_markdown(report)
    assert text.startswith(MARKER + "\n")
    assert "### secfound: 1 failing finding\n" in text
    assert "| critical | high | medium | low | info |" in text
    assert "| 0 | 1 | 0 | 0 | 0 |" in text
    assert "1 passed · 1 unknown · 1 error · 2 suppressed · **2 input error(s)**" in text
    (row,) = _table_rows(text, "Failing findings")
    assert _cells(row) == [
        "high",
        "aws.s3.bucket\\_blocks\\_public\\_access",
        "Bucket",
        "stacks/app.yaml:3",
        "the bucket allows public ACLs",
    ]
    undecided = _table_rows(text, "Could not be decided")
    assert [_cells(r)[4].split(":")[0] for r in undecided] == ["error", "unknown"]
    assert "- broken.yaml:4: mapping values are not allowed here" in text


def test_passed_and_suppressed_findings_are_not_listed(report: RunReport) -> None:
    text = render_markdown(report)
    assert "Logs" not in text  # passed
    assert "Site" not in text  # suppressed by the baseline
    assert "Old Queue" not in text  # suppressed inline


def test_cells_cannot_break_the_table_or_inject_markup() -> None:
    message = "a | b `code` <img src=x> *bold* [link](http://x) line\nbreak \\| \x1b[0m"
    finding = make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address="A|B", message=message)
    text = render_markdown(make_report((finding,)))
    (row,) = _table_rows(text, "Failing findings")
    cells = _cells(row)
    assert len(cells) == 5
    assert cells[2] == "A\\|B"
    assert "\n" not in row[:-1]
    for raw in ("`", "<", "*", "[", "|"):
        assert all(cells[4][i - 1] == "\\" for i, c in enumerate(cells[4]) if c == raw), raw
    assert "\x1b" not in text


def test_rows_stop_at_the_cap_with_the_rest_counted() -> None:
    findings = tuple(
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address=f"Bucket{i:03}", line=i + 1)
        for i in range(30)
    )
    text = render_markdown(make_report(findings), max_rows=10)
    assert len(_table_rows(text, "Failing findings")) == 10
    assert "…and 20 more (see the full report)." in text
    assert "### secfound: 30 failing findings" in text


def test_always_under_githubs_comment_limit() -> None:
    long = "x" * 5000
    findings = tuple(
        make_finding(
            PUBLIC,
            Status.FAILED if i % 2 else Status.UNKNOWN,
            Severity.CRITICAL,
            address=f"{long}{i}",
            path=f"{long}/{i}.yaml",
            message="|`<" * 2000,
        )
        for i in range(5000)
    )
    errors = tuple(InputError(path=f"{long}{i}.yaml", message=long) for i in range(5000))
    text = render_markdown(make_report(findings, errors=errors), max_rows=10_000)
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert "…and " in text.split("#### Input errors", 1)[1]


def test_a_clean_run(live_report: RunReport) -> None:
    passed = make_finding(PUBLIC, Status.PASSED, Severity.HIGH)
    text = render_markdown(make_report((passed,)))
    assert "### secfound: no failing findings" in text
    assert "####" not in text
    live = render_markdown(live_report)
    assert "#### Coverage gaps (1)" in live
    assert "arn:aws:s3:::logs" in live
