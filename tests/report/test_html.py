"""The HTML report as text: escaping, completeness, the chart, the CSP and the passed limit.

The browser tests (``test_html_browser.py``) check the same page as Chromium runs it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

import pytest
from html_pages import IMG, PAYLOADS, SCRIPT, history, hostile_report, parse
from report_samples import ENCRYPTED, PUBLIC, make_finding, make_report, sample_live_report

from secfound.checks import Severity, Status
from secfound.checks.registry import builtin_registry
from secfound.report.html import render_html
from secfound.report.model import FORMATS, RunReport
from secfound.report.posture import point_from_report


def _csp(html: str) -> dict[str, list[str]]:
    page = parse(html)
    (meta,) = [
        e for e in page.find("meta") if e.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    policy: dict[str, list[str]] = {}
    for directive in (meta.attrs["content"] or "").split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_html_is_a_format() -> None:
    assert "html" in FORMATS


def test_hostile_text_is_escaped_everywhere() -> None:
    html = render_html(hostile_report())
    for payload in PAYLOADS:
        assert payload not in html
    page = parse(html)
    # The browser would build no element and no attribute from the payloads...
    assert not page.find("img")
    assert len(page.find("script")) == 1
    handlers = [(e.tag, a) for e in page.elements for a in e.attrs if a.startswith("on")]
    assert handlers == []
    # ...and shows each payload as text, in every place it came from.
    text = "".join(page.text)
    for where in (
        f"aws_s3_bucket.b[{SCRIPT!r}]",  # a resource address
        f"{IMG}/a.yaml",  # a path
        f"KMS key {SCRIPT}",  # a message
        f"custom.{SCRIPT}",  # a check id
        f"arn:aws:s3:::{IMG}",  # an ARN
        f"Suppressed by config: {SCRIPT}; owner {IMG}",  # a suppression
        f"{IMG}.yaml:1",  # an input error
        f"./{IMG}",  # a scanned root
    ):
        assert where in text, where
    assert text.count(SCRIPT) >= 6


def test_every_finding_is_listed_once_per_view() -> None:
    report = hostile_report()
    page = parse(render_html(report))
    rows = page.find("tr", "f")
    assert len(rows) == len(report.findings)
    assert sorted(r.attrs["data-s"] or "" for r in rows) == sorted(
        f.status.value for f in report.findings
    )
    # Only passes start hidden (the "passed" filter is off by default).
    assert {r.attrs["data-s"] for r in rows if "hidden" in r.attrs} == {"passed"}
    suppressed = [r for r in rows if r.attrs.get("data-u") == "1"]
    assert len(suppressed) == 1
    # The by-resource view lists everything but the passes.
    items = page.find("li", "f")
    assert len(items) == sum(1 for f in report.findings if f.status is not Status.PASSED)


def test_summary_counts_and_check_texts_from_the_registry(report: RunReport) -> None:
    html = render_html(report)
    text = " ".join("".join(parse(html).text).split())
    summary = report.summary()
    assert f"{summary.by_status['passed']} passed" in text
    assert f"{summary.suppressed} suppressed" in text
    spec = builtin_registry().get(PUBLIC)
    assert " ".join(spec.remediation.split()) in text
    assert report.titles[PUBLIC] in text  # the run's own title wins over the registry's
    assert " ".join(spec.rationale.split("\n\n")[0].split()) in text
    # The two input errors of the sample report, with their positions.
    assert "broken.yaml:4 mapping values are not allowed here" in text


def test_gaps_are_shown(live_report: RunReport) -> None:
    page = parse(render_html(live_report))
    gaps = page.find("tr", "gap")
    assert len(gaps) == 1
    text = "".join(page.text)
    assert "AccessDenied" in text
    assert "123456789012 / eu-west-1" in text
    assert "arn:aws:s3:::logs" in text


def test_no_gaps_says_so(report: RunReport) -> None:
    page = parse(render_html(report))
    assert not page.find("tr", "gap")
    assert "None: every source" in "".join(page.text)


@pytest.mark.parametrize("earlier", [0, 1, 7, 60])
def test_chart_draws_one_column_per_run(report: RunReport, earlier: int) -> None:
    points = history(earlier, start=report.started - timedelta(days=earlier))
    page = parse(render_html(report, history=points))
    runs = page.find("g", "run")
    assert len(runs) == earlier + 1
    assert len(page.find("circle", "point")) == earlier + 1
    # In time order, the current run (latest here) last and marked.
    assert [g.attrs["data-run"] for g in runs] == [p.run_id for p in points] + [report.run_id]
    assert "current" in (runs[-1].attrs["class"] or "")
    # Accessible: titled and described, with axis titles and a legend of every severity.
    (svg,) = page.find("svg")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-labelledby"] == "chart-title chart-desc"
    text = "".join(page.text)
    assert "Open failures" in text and "Run (started, UTC)" in text
    legend = [e for e in page.find("rect") if (e.attrs.get("class") or "").startswith("fill-")]
    assert {e.attrs["class"] for e in legend} >= {f"fill-{s.label}" for s in Severity}


def test_chart_draws_the_current_run_once_even_when_history_has_it(report: RunReport) -> None:
    points = (*history(2), point_from_report(report))
    page = parse(render_html(report, history=points))
    assert [g.attrs["data-run"] for g in page.find("g", "run")].count(report.run_id) == 1


def test_chart_segment_heights_follow_the_counts() -> None:
    points = history(3)  # high failures 0, 1, 2; critical 1; low 2
    report = make_report((), run_id="now")
    page = parse(render_html(report, history=points))
    heights: dict[str, list[float]] = {}
    for rect in page.find("rect"):
        css = rect.attrs.get("class") or ""
        if css.startswith("fill-") and rect.attrs.get("width") != "12":  # not the legend
            heights.setdefault(css, []).append(float(rect.attrs["height"] or 0))
    # One critical segment per earlier run, all the same height; high grows 1 to 2.
    assert len(heights["fill-critical"]) == 3 and len(set(heights["fill-critical"])) == 1
    high = heights["fill-high"]
    assert len(high) == 2 and high[1] == pytest.approx(2 * high[0], rel=0.01)


def test_csp_allows_only_the_inlined_script_and_style(report: RunReport) -> None:
    html = render_html(report)
    page = parse(html)
    policy = _csp(html)
    (script,) = page.scripts
    (style,) = page.styles
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [_sha(script)]
    assert policy["style-src"] == [_sha(style)]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"]
    # The policy comes before anything it governs.
    assert html.index("Content-Security-Policy") < html.index("<style>") < html.index("<script>")
    assert "addEventListener" in script  # the real script, not an empty one
    # The script never makes markup from strings.
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


def test_nothing_is_fetched(report: RunReport) -> None:
    page = parse(render_html(report))
    for element in page.elements:
        for name in ("src", "href"):
            value = element.attrs.get(name)
            if value is not None and not value.startswith("#"):
                assert value.startswith("data:"), (element.tag, value)
    assert not page.find("link", "stylesheet")
    assert all("src" not in e.attrs for e in page.find("script"))


def test_passed_findings_are_counted_and_listed_up_to_the_limit() -> None:
    passes = tuple(
        make_finding(ENCRYPTED, Status.PASSED, Severity.MEDIUM, address=f"Queue{i}")
        for i in range(120)
    )
    failing = make_finding(ENCRYPTED, Status.FAILED, Severity.MEDIUM, address="Bad")
    html = render_html(make_report((failing, *passes)), passed_limit=50)
    page = parse(html)
    rows = page.find("tr", "f")
    assert len(rows) == 1 + 50
    assert [r.attrs["data-s"] for r in rows].count("passed") == 50
    (more,) = page.find("tr", "more")
    assert "hidden" in more.attrs
    text = " ".join("".join(page.text).split())
    assert "and 70 more passed findings of this check" in text
    assert "120 passed" in text  # counted in full


def test_groups_beyond_the_cap_start_hidden() -> None:
    findings = tuple(
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address=f"B{i:03d}") for i in range(130)
    )
    page = parse(render_html(make_report(findings)))
    rows = page.find("tr", "f")
    assert len(rows) == 130
    assert sum(1 for r in rows if "hidden" in r.attrs) == 30
    (button,) = [b for b in page.find("button", "more-btn") if "hidden" not in b.attrs]
    assert button.tag == "button"


def test_run_header(report: RunReport) -> None:
    text = " ".join("".join(parse(render_html(report)).text).split())
    assert report.run_id in text
    assert "2026-11-28 12:00:00 UTC" in text and "(2.50 s)" in text
    assert "secfound 0.4.0" in text
    assert "2 cloudformation" in text


def test_an_unknown_check_has_no_rationale_but_its_title() -> None:
    finding = make_finding("custom.mine", Status.FAILED, Severity.LOW)
    report = replace(make_report((finding,)), titles={"custom.mine": "My own check"})
    page = parse(render_html(report))
    assert "My own check" in "".join(page.text)
    assert not page.find("details", "about")


def test_the_renderer_imports_jinja_only_when_rendering() -> None:
    code = (
        "import json, sys; import secfound.report.html, secfound.cli.run; "
        "print(json.dumps('jinja2' in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) is False


def test_ids_in_the_page_are_made_by_secfound(report: RunReport) -> None:
    page = parse(render_html(hostile_report()))
    ids = [e.attrs["id"] or "" for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ids), ids


def test_live_report_renders_with_arn(live_report: RunReport) -> None:
    page = parse(render_html(live_report))
    assert [e.attrs.get("class") for e in page.find("span", "arn")]
    assert sample_live_report().gaps[0].reason in "".join(page.text)
