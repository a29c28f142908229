"""The HTML "Threat register" section: in the run report when a register is given, alone on
the register page; every text escaped, nothing fetched, the CSP kept."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import resources

from html_pages import IMG, SCRIPT, parse
from report_samples import sample_report

from secfound.controls.status import FailingResource
from secfound.report.html import render_html, render_register_html
from secfound.threats.register import Register, RegisterEntry
from secfound.threats.scoring import ObjectiveEvidence


def entry(
    threat_id: str, likelihood: int, residual_likelihood: int, **extra: object
) -> RegisterEntry:
    fields: dict[str, object] = {
        "threat_id": threat_id,
        "rule_id": threat_id.split("@", maxsplit=1)[0],
        "title": "Stored data read by anyone",
        "element_id": threat_id.split("@")[1],
        "element_kind": "component",
        "element_name": "Orders database",
        "stride": "information-disclosure",
        "likelihood": likelihood,
        "impact": 5,
        "residual_likelihood": residual_likelihood,
        "status": "open",
        "objectives": (
            ObjectiveEvidence(
                id="data-at-rest-encrypted",
                title="Encrypted",
                state="failing",
                reason="1 failing finding(s) on 1 resource(s)",
                counts_as_passing=False,
                runs=("run-1",),
                failing=(
                    FailingResource(
                        check_id="aws.rds.db_instance_encrypted",
                        resource="aws_db_instance.orders (main.tf:3)",
                        run_id="run-1",
                        message="not encrypted",
                    ),
                ),
            ),
        ),
    }
    fields.update(extra)
    return RegisterEntry(**fields)  # type: ignore[arg-type]


def register(*entries: RegisterEntry) -> Register:
    return Register(
        id="0f0f0f0f-0000-4000-8000-000000000001",
        model_name="orders",
        model_sha256="ab" * 32,
        created=datetime(2026, 5, 1, 9, tzinfo=UTC),
        as_of=date(2026, 5, 1),
        entries=entries
        or (
            entry("SF-DS-001@orders-db", 4, 4),
            entry(
                "SF-NET-002@lb",
                3,
                1,
                status="accepted",
                decision={"kind": "accepted", "by": "alice", "until": "2027-01-01", "reason": "ok"},
                objectives=(),
            ),
        ),
    )


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _policy(html: str) -> str:
    (meta,) = [
        e
        for e in parse(html).find("meta")
        if e.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    return meta.attrs["content"] or ""


def _rows(html: str) -> list[dict[str, str]]:
    return [{k: v or "" for k, v in e.attrs.items()} for e in parse(html).find("tr", "thr-row")]


def test_no_register_no_section() -> None:
    html = render_html(sample_report())
    assert 'id="threats"' not in html
    assert 'href="#threats"' not in html


def test_the_section_lists_every_threat_in_register_order() -> None:
    html = render_html(sample_report(), threats=register())
    assert 'href="#threats"' in html
    rows = _rows(html)
    assert [(r["data-threat"], r["data-status"], r["data-residual"]) for r in rows] == [
        ("SF-DS-001@orders-db", "open", "20"),
        ("SF-NET-002@lb", "accepted", "5"),
    ]
    text = "".join(parse(html).text)
    assert "20 critical" in text and "5 low" in text
    assert "accepted by alice until 2027-01-01: ok" in text
    assert "aws_db_instance.orders (main.tf:3) (aws.rds.db_instance_encrypted)" in text
    assert "1 open, 0 mitigated, 1 accepted" in text


def test_hostile_text_in_the_register_is_escaped() -> None:
    hostile = entry(
        "SF-DS-001@x",
        4,
        4,
        title=SCRIPT,
        element_name=IMG,
        notes=(SCRIPT,),
        decision={"kind": "accepted", "by": IMG, "until": "2027-01-01", "reason": SCRIPT},
    )
    html = render_html(
        sample_report(), threats=replace(register(), model_name=SCRIPT, entries=(hostile,))
    )
    assert SCRIPT not in html and IMG not in html
    page = parse(html)
    assert not page.find("img")
    assert len(page.find("script")) == 1  # the report's own
    text = "".join(page.text)
    assert text.count(SCRIPT) >= 3 and IMG in text


def test_the_csp_still_covers_the_inlined_stylesheet() -> None:
    style = resources.files("secfound.report").joinpath("templates", "report.css").read_text()
    assert ".thr-row" in style or "table.thr" in style
    html = render_html(sample_report(), threats=register())
    assert f"style-src {_sha(style)}" in _policy(html)


def test_the_register_page_alone_runs_no_script_and_fetches_nothing() -> None:
    html = render_register_html(register())
    page = parse(html)
    policy = _policy(html)
    assert "default-src 'none'" in policy and "script-src" not in policy
    style = resources.files("secfound.report").joinpath("templates", "report.css").read_text()
    assert _sha(style) in policy
    assert not page.find("script")
    for element in page.elements:
        for name in ("src", "href"):
            value = element.attrs.get(name)
            assert value is None or value.startswith(("#", "data:")), (element.tag, value)
    assert [r["data-threat"] for r in _rows(html)] == ["SF-DS-001@orders-db", "SF-NET-002@lb"]


def test_an_empty_register_says_so() -> None:
    html = render_register_html(replace(register(), entries=()))
    assert "The model raises no threat." in html
