"""JUnit XML: one suite per check, a test case per finding, totals that add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from report_samples import ADMIN, ENCRYPTED, HOSTILE, PUBLIC, make_finding, make_report

from secfound.checks import Severity, Status
from secfound.report.junit import render_junit
from secfound.report.model import RunReport

COUNTS = ("tests", "failures", "errors", "skipped")


def _parse(report: RunReport) -> ET.Element:
    text = render_junit(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def _counts(element: ET.Element) -> dict[str, int]:
    return {key: int(element.get(key, "-1")) for key in COUNTS}


def _outcome(case: ET.Element) -> str:
    children = [c.tag for c in case]
    assert len(children) <= 1
    return children[0] if children else "passed"


def test_totals_match_the_test_cases(report: RunReport) -> None:
    root = _parse(report)
    assert root.tag == "testsuites"
    totals = dict.fromkeys(COUNTS, 0)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        outcomes = [_outcome(c) for c in cases]
        expected = {
            "tests": len(cases),
            "failures": outcomes.count("failure"),
            "errors": outcomes.count("error"),
            "skipped": outcomes.count("skipped"),
        }
        assert _counts(suite) == expected, suite.get("name")
        for key in COUNTS:
            totals[key] += expected[key]
    assert _counts(root) == totals
    assert totals == {"tests": 8, "failures": 1, "errors": 3, "skipped": 3}
    assert root.get("time") == "2.500"


def test_one_suite_per_check_then_inputs(report: RunReport) -> None:
    root = _parse(report)
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names == [ADMIN, PUBLIC, ENCRYPTED, "secfound.inputs"]
    public = root.find(f"testsuite[@name='{PUBLIC}']")
    assert public is not None
    title = public.find("properties/property[@name='title']")
    assert title is not None and title.get("value") == "S3 bucket blocks public access"
    cases = {c.get("name"): c for c in public.findall("testcase")}
    bucket = cases["Bucket at stacks/app.yaml:3"]
    assert bucket.get("classname") == PUBLIC
    assert (bucket.get("file"), bucket.get("line")) == ("stacks/app.yaml", "3")
    failure = bucket.find("failure")
    assert failure is not None
    assert failure.get("type") == "high"
    assert failure.get("message") == "the bucket allows public ACLs"
    assert "fingerprint: " in (failure.text or "")
    assert _outcome(cases["Logs at stacks/app.yaml:3"]) == "passed"
    site = cases["Site at stacks/site.yaml"].find("skipped")
    assert site is not None
    assert site.get("message") == "suppressed (baseline) failed finding: accepted in review"


def test_unknown_is_skipped_and_a_check_error_is_an_error(report: RunReport) -> None:
    root = _parse(report)
    queue = root.find(
        f"testsuite[@name='{ENCRYPTED}']/testcase[@name='Queue at stacks/queue.yaml:12']"
    )
    assert queue is not None
    skipped = queue.find("skipped")
    assert skipped is not None
    assert (skipped.get("message") or "").startswith("could not be decided: KmsMasterKeyId")
    error = root.find(f"testsuite[@name='{ADMIN}']/testcase/error")
    assert error is not None
    assert error.get("type") == "CheckError"


def test_input_errors_are_error_cases(report: RunReport) -> None:
    root = _parse(report)
    suite = root.find("testsuite[@name='secfound.inputs']")
    assert suite is not None
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == ["bad.tf:2:7", "broken.yaml:4"]
    error = suite.find("testcase/error")
    assert error is not None and error.get("type") == "InputError"
    assert error.text == f"bad.tf:2:7: {error.get('message')}"


def test_hostile_text_round_trips(report: RunReport) -> None:
    """Markup survives as text; control characters XML cannot hold are spelled out."""
    root = _parse(report)
    old = root.find(f"testsuite[@name='{ENCRYPTED}']/testcase[@file='legacy dir/ünï.yaml']")
    assert old is not None
    skipped = old.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "suppressed (inline) failed finding: legacy | <queue> & `old`"
    spelled = HOSTILE.replace("\x07", "\\x07").replace("\x1b", "\\x1b")
    assert (skipped.text or "").startswith(spelled + "\n")
    assert "🔥" in (skipped.text or "")


def test_every_forbidden_character_is_spelled_out() -> None:
    message = "".join(chr(c) for c in range(0x20)) + "\ufffe\ud800end"
    finding = make_finding(PUBLIC, Status.FAILED, Severity.LOW, message=message)
    root = _parse(make_report((finding,)))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert "\\x00" in (failure.get("message") or "")
    assert "\\xfffe" in (failure.get("message") or "")
    assert "\\xd800end" in (failure.get("message") or "")
    assert "\t" in (failure.text or "")  # tab, newline and carriage return are allowed


def test_live_gaps_are_skipped_cases(live_report: RunReport) -> None:
    root = _parse(live_report)
    suite = root.find("testsuite[@name='secfound.coverage']")
    assert suite is not None
    skipped = suite.find("testcase/skipped")
    assert skipped is not None and "AccessDenied" in (skipped.get("message") or "")
    live = root.find(f"testsuite[@name='{PUBLIC}']/testcase")
    assert live is not None
    assert live.get("file") is None
    assert live.get("name") == "Bucket at arn:aws:s3:::logs"


def test_an_empty_run_is_an_empty_report() -> None:
    root = _parse(make_report(()))
    assert _counts(root) == {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    assert root.findall("testsuite") == []
