"""The HTML report in a real headless Chromium (Playwright, the Debian ``chromium``).

The page must open with no console error and no network request at all, its filters and
search must change what is shown, and hostile resource names, tags and messages must show
as text and never run: a dialog would be caught, and the payloads set a window flag if
they ever execute. One page comes from a real ``secfound scan`` of files whose names,
tags and key ids carry the payloads.

Outside CI the tests skip when /usr/bin/chromium is missing; under ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from html_pages import IMG, SCRIPT, hostile_report
from report_samples import PUBLIC, make_finding, make_report, sample_report

from secfound.checks import Severity, Status
from secfound.cli.main import main
from secfound.report.html import render_html

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Payloads that, if they ever ran, would leave a mark on the window.
TRAP_IMG = '"><img src=x onerror="window.__pwned=1">'
TRAP_SCRIPT = "<script>window.__pwned=2</script>"
# The same, as HCL string contents (a double quote escaped).
IMG_HCL = IMG.replace('"', '\\"')
TRAP_IMG_HCL = TRAP_IMG.replace('"', '\\"')

TERRAFORM = f"""\
resource "aws_s3_bucket" "evil" {{
  bucket = "{IMG_HCL}"
  tags = {{
    Name  = "{SCRIPT}"
    Owner = "{TRAP_IMG_HCL}"
  }}
}}

resource "aws_ebs_volume" "img" {{
  availability_zone = "us-east-1a"
  size              = 10
  kms_key_id        = "{IMG_HCL}"
}}

resource "aws_ebs_volume" "trap" {{
  availability_zone = "us-east-1a"
  size              = 10
  kms_key_id        = "{TRAP_IMG_HCL}"
}}

resource "aws_sqs_queue" "q" {{
  name              = "{SCRIPT}"
  kms_master_key_id = "{TRAP_SCRIPT}"
}}
"""
NESTED = f"""\
resource "aws_ebs_volume" "nested" {{
  availability_zone = "us-east-1a"
  size              = 10
  kms_key_id        = "{SCRIPT}"
}}
"""
CLOUDFORMATION = f"""\
Description: "{SCRIPT}"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: Name
          Value: '{TRAP_IMG}'
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: "
            "apt-get install chromium chromium-driver (as .ci/run does)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must run the browser tests", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def visible(self, selector: str) -> int:
        return int(self.page.locator(f"{selector}:visible").count())

    def counter(self) -> str:
        return str(self.page.locator("#counter").text_content())

    def assert_clean(self) -> None:
        assert self.requests == [self.url], self.requests
        assert self.responses == [self.url], self.responses
        assert self.failed == [], self.failed
        assert self.console == [], self.console
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def opener(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page=page, url=path.as_uri())
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("response", lambda response: opened.responses.append(response.url))
        page.on(
            "requestfailed",
            lambda request: opened.failed.append(f"{request.url} {request.failure}"),
        )
        page.on("console", lambda msg: opened.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))

        def on_dialog(dialog: Any) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(opened.url, wait_until="load")
        return opened

    yield opener
    for context in contexts:
        context.close()


def expect(locator: Any) -> Any:
    """Playwright's retrying assertions (imported here: playwright is a test dependency)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _write(tmp_path: Path, html: str, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture
def scanned(tmp_path: Path) -> Path:
    """The HTML report of a real scan of files carrying the payloads."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "main.tf").write_text(TERRAFORM, encoding="utf-8")
    (root / IMG).mkdir()  # a folder named with a payload: it shows in locations
    (root / IMG / "vol.tf").write_text(NESTED, encoding="utf-8")
    (root / "stack.yaml").write_text(CLOUDFORMATION, encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(
        main, ["scan", str(root), "-q", "--fail-on", "never", "--format", f"html:{out}"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_a_scanned_page_loads_offline_and_shows_payloads_as_text(
    open_page: Any, scanned: Path
) -> None:
    opened = open_page(scanned)
    page = opened.page
    assert page.locator("#controls").is_visible()
    body = page.inner_text("body")
    for payload in (SCRIPT, IMG, TRAP_IMG):
        assert payload in body, payload
    assert f"{IMG}/vol.tf" in body  # a location
    assert opened.visible("#by-check tr.f") > 0
    # The passes (the queue names a script as its KMS key) and the resource view, shown,
    # run nothing either.
    assert TRAP_SCRIPT not in body
    page.check("input[name=status][value=passed]")
    assert TRAP_SCRIPT in page.inner_text("#by-check")
    page.click("button[data-view=by-resource]")
    assert TRAP_IMG in page.inner_text("#by-resource")
    opened.assert_clean()


def test_hostile_report_runs_nothing_in_any_view(open_page: Any, tmp_path: Path) -> None:
    opened = open_page(_write(tmp_path, render_html(hostile_report())))
    page = opened.page
    for box in page.locator("#controls input[type=checkbox]").all():
        box.check()
    for view in ("by-resource", "by-check"):
        page.click(f"button[data-view={view}]")
        text = page.inner_text(f"#{view}")
        assert SCRIPT in text and IMG in text
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    opened.assert_clean()


def test_filters_and_search_change_what_is_shown(open_page: Any, tmp_path: Path) -> None:
    report = sample_report()  # failed 3 (2 suppressed), passed 1, unknown 1, error 1
    opened = open_page(_write(tmp_path, render_html(report)))
    page = opened.page
    rows = "#by-check tr.f"
    assert opened.visible(rows) == 5  # everything but the pass
    assert opened.counter().startswith("Showing 5 of 5")

    page.uncheck("input[name=status][value=error]")
    page.uncheck("input[name=status][value=unknown]")
    assert opened.visible(rows) == 3  # failed only (suppressed included)
    assert {page.locator(f"{rows}:visible").nth(i).get_attribute("data-s") for i in range(3)} == {
        "failed"
    }
    page.uncheck("#suppressed")
    assert opened.visible(rows) == 1

    page.check("#suppressed")
    page.check("input[name=status][value=passed]")
    assert opened.visible(rows) == 4

    page.uncheck("input[name=severity][value=high]")
    assert opened.visible(rows) == 1  # the suppressed medium failure
    page.check("input[name=severity][value=high]")

    page.fill("#q", "site.yaml")
    expect(page.locator("#counter")).to_have_text(re.compile("^Showing 1 "))
    assert opened.visible(rows) == 1
    assert "stacks/site.yaml" in page.locator(f"{rows}:visible").inner_text()
    # A check id matches every row of its check (the group heading is searched too).
    page.fill("#q", PUBLIC)
    expect(page.locator("#counter")).to_have_text(re.compile("^Showing 3 "))
    assert opened.visible(rows) == 3
    page.fill("#q", "no such thing anywhere")
    expect(page.locator("#counter")).to_have_text(re.compile("^Showing 0 "))
    assert opened.visible(rows) == 0
    assert page.locator("#no-match").is_visible()
    opened.assert_clean()


def test_views_toggle_and_links_lead_to_the_check(open_page: Any, tmp_path: Path) -> None:
    opened = open_page(_write(tmp_path, render_html(sample_report())))
    page = opened.page
    assert not page.locator("#by-resource").is_visible()
    page.click("button[data-view=by-resource]")
    assert not page.locator("#by-check").is_visible()
    assert opened.visible("#by-resource li.f") == 5
    page.locator("#by-resource a.cl").first.click()
    assert page.locator("#by-check").is_visible()
    assert page.get_attribute("button[data-view=by-check]", "aria-pressed") == "true"
    opened.assert_clean()


def test_big_groups_show_a_hundred_until_asked(open_page: Any, tmp_path: Path) -> None:
    findings = tuple(
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address=f"B{i:03d}") for i in range(130)
    )
    opened = open_page(_write(tmp_path, render_html(make_report(findings))))
    page = opened.page
    assert opened.visible("#by-check tr.f") == 100
    button = page.locator("#by-check .more-btn:visible")
    assert "130" in button.inner_text()
    button.click()
    assert opened.visible("#by-check tr.f") == 130
    opened.assert_clean()


def test_the_csp_stops_markup_that_escaping_let_through(open_page: Any, tmp_path: Path) -> None:
    """Defence in depth: were escaping ever broken, the injected tags still do nothing."""
    html = render_html(sample_report())
    injected = html.replace(
        "<main", f"{TRAP_IMG[2:]}{TRAP_SCRIPT}<img src='https://example.invalid/x.png'><main", 1
    )
    opened = open_page(_write(tmp_path, injected))
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    # Chromium announces the two images, then blocks them before anything is fetched.
    assert opened.responses == [opened.url]
    assert len(opened.failed) == len(opened.requests) - 1 == 2, opened.failed
    assert all(line.endswith(" csp") for line in opened.failed), opened.failed
    assert any("Content Security Policy" in line for line in opened.console), opened.console
    # The page's own (hashed) script still ran.
    assert opened.page.locator("#controls").is_visible()
