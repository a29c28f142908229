"""The IAM credential report: generated on request, read as CSV, parsed into rows.

``GenerateCredentialReport`` starts a report (AWS reuses one generated in the last four
hours); ``GetCredentialReport`` answers ``ReportInProgress`` until it is ready, then returns
the CSV (boto3 has already decoded the base64). One row per IAM user, plus the root user as
``<root_account>``. Columns are AWS's own (IAM user guide, "Getting credential reports"):
``user, arn, user_creation_time, password_enabled, password_last_used,
password_last_changed, password_next_rotation, mfa_active, access_key_1_active,
access_key_1_last_rotated, access_key_1_last_used_date, …, cert_2_last_rotated``. A date
column says ``N/A``, ``no_information`` or ``not_supported`` where there is no date.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from secfound.model.aws.iam import AccessKeyUsage

ROOT_USER = "<root_account>"
# How long to wait for a report being generated: AWS takes seconds for most accounts.
POLL_SECONDS = 2.0
POLL_ATTEMPTS = 15
_NOT_READY = ("ReportInProgress", "ReportNotPresent")
_NO_DATE = frozenset({"", "N/A", "no_information", "not_supported"})


@dataclass(frozen=True)
class CredentialReport:
    """The report's rows (by column name) and when AWS generated it."""

    generated: datetime
    rows: tuple[Mapping[str, str], ...]

    def root(self) -> Mapping[str, str] | None:
        return next((row for row in self.rows if row.get("user") == ROOT_USER), None)

    def users(self) -> tuple[Mapping[str, str], ...]:
        return tuple(row for row in self.rows if row.get("user") != ROOT_USER)


def read_report(client: Any, sleep: Callable[[float], None] = time.sleep) -> CredentialReport:
    """Generate the report (or reuse a recent one) and read it, waiting while AWS works."""
    from secfound.collect.live.faults import error_code

    client.generate_credential_report()
    for attempt in range(POLL_ATTEMPTS):
        try:
            answer = client.get_credential_report()
        except Exception as exc:
            if error_code(exc) not in _NOT_READY or attempt == POLL_ATTEMPTS - 1:
                raise
            sleep(POLL_SECONDS)
            continue
        return parse_report(answer["Content"], answer["GeneratedTime"])
    raise AssertionError("unreachable")  # pragma: no cover


def parse_report(content: bytes | str, generated: datetime) -> CredentialReport:
    """The CSV text as rows keyed by column name."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    rows = tuple(dict(row) for row in csv.DictReader(io.StringIO(text)))
    return CredentialReport(generated=generated, rows=rows)


def report_time(text: str | None) -> datetime | None:
    """A date column as an aware datetime; ``None`` where the report has no date."""
    if text is None or text.strip() in _NO_DATE:
        return None
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def report_flag(text: str | None) -> bool:
    return (text or "").strip().lower() == "true"


def access_keys(row: Mapping[str, str]) -> tuple[AccessKeyUsage, ...]:
    """The row's two access key slots; a slot that never held a key is left out."""
    keys: list[AccessKeyUsage] = []
    for slot in (1, 2):
        prefix = f"access_key_{slot}_"
        active = report_flag(row.get(prefix + "active"))
        rotated = report_time(row.get(prefix + "last_rotated"))
        if not active and rotated is None:
            continue
        keys.append(
            AccessKeyUsage(
                active=active,
                last_rotated=rotated,
                last_used=report_time(row.get(prefix + "last_used_date")),
            )
        )
    return tuple(keys)
