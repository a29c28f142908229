"""What the HTML report tests share: hostile payloads, a report full of them, and a small
HTML parser that tells which elements and attributes a browser would build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from report_samples import ADMIN, ENCRYPTED, PUBLIC, make_finding, make_report

from secfound.checks import Severity, Status
from secfound.findings import InputError, Suppression
from secfound.model.location import CloudLocation
from secfound.report.model import Gap, RunReport
from secfound.report.posture import PosturePoint

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = (SCRIPT, IMG)


def hostile_report() -> RunReport:
    """Both payloads in every text a user controls: address, type, path, message, check
    id, suppression, input error, gap, root."""
    cloud = CloudLocation(account="123456789012", region="eu-west-1", arn=f"arn:aws:s3:::{IMG}")
    findings = (
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address=f"aws_s3_bucket.b[{SCRIPT!r}]"),
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH, address="Site", path=f"{IMG}/a.yaml"),
        make_finding(ENCRYPTED, Status.FAILED, Severity.MEDIUM, message=f"KMS key {SCRIPT}"),
        make_finding(ENCRYPTED, Status.PASSED, Severity.MEDIUM, message=f"tag Name={IMG}"),
        make_finding(
            f"custom.{SCRIPT}", Status.UNKNOWN, Severity.LOW, address="Queue", location=cloud
        ),
        make_finding(
            ADMIN,
            Status.FAILED,
            Severity.CRITICAL,
            address="Policy",
            suppressed=Suppression(by="config", reason=SCRIPT, owner=IMG, until="2027-01-01"),
        ),
    )
    return make_report(
        findings,
        roots=(f"./{IMG}",),
        errors=(InputError(path=f"{IMG}.yaml", message=SCRIPT, line=1),),
        gaps=(Gap(account="123456789012", region="eu-west-1", service=IMG, reason=SCRIPT),),
    )


def history(count: int, *, start: datetime | None = None) -> tuple[PosturePoint, ...]:
    """``count`` earlier runs a day apart, each with one more high failure than the last."""
    first = start or datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    return tuple(
        PosturePoint(
            run_id=f"run-{index:03d}",
            started=first + timedelta(days=index),
            passed=10,
            failed_by_severity={"critical": 1, "high": index, "medium": 0, "low": 2, "info": 0},
            unknown=0,
            errored=0,
            suppressed=1,
        )
        for index in range(count)
    )


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class Page(HTMLParser):
    """Elements with their attributes, and the text inside ``<script>``/``<style>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    def find(self, tag: str, css_class: str | None = None) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag
            and (css_class is None or css_class in (e.attrs.get("class") or "").split())
        ]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
