"""Parsing suppression comments and Metadata: strict, and never silently suppressing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from secfound.findings import InputError
from secfound.model.location import FileLocation
from secfound.suppress.inline import (
    Directive,
    SourceComments,
    metadata_directives,
    parse_comment,
    parse_until,
)


def test_full_form_with_options() -> None:
    parsed = parse_comment(
        "  # secfound:ignore aws.s3.bucket_versioning_enabled until=2026-06-30 owner=web "
        "static assets only",
        "a.yaml",
        4,
    )
    assert parsed == Directive(
        kind="secfound",
        check="aws.s3.bucket_versioning_enabled",
        reason="static assets only",
        path="a.yaml",
        line=4,
        owner="web",
        until=date(2026, 6, 30),
    )


def test_slash_comment_and_trailing_comment() -> None:
    parsed = parse_comment('  bucket = "x" // secfound:ignore aws.s3.x why not', "m.tf", 2)
    assert isinstance(parsed, Directive) and parsed.reason == "why not"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("# secfound:ignore aws.s3.x", "a reason is required"),
        ("# secfound:ignore aws.s3.x until=2026-06-30", "a reason is required"),
        ("# secfound:ignore", "names no check id"),
        ("# secfound:ignore aws.s3.x until=30/06/2026 r", "not a date written YYYY-MM-DD"),
        ("# secfound:ignore aws.s3.x until=2026-02-30 r", "not a valid date"),
        ("# secfound:ignore aws.s3.x expires=2026-02-01 r", "unknown option expires="),
    ],
)
def test_malformed_is_an_input_error(line: str, problem: str) -> None:
    parsed = parse_comment(line, "a.tf", 7)
    assert isinstance(parsed, InputError)
    assert parsed.line == 7 and problem in parsed.message
    assert "nothing is suppressed" in parsed.message


def test_checkov_forms() -> None:
    parsed = parse_comment("#checkov:skip=CKV_AWS_20:public website", "a.tf", 1)
    assert isinstance(parsed, Directive)
    assert (parsed.kind, parsed.check, parsed.reason) == ("checkov", "CKV_AWS_20", "public website")
    bare = parse_comment("# checkov:skip=CKV_AWS_20", "a.tf", 1)
    assert isinstance(bare, Directive) and bare.reason == ""  # judged once the id is known
    assert parse_comment("# an ordinary comment", "a.tf", 1) is None


def test_until_is_strict() -> None:
    assert parse_until(date(2026, 1, 2)) == date(2026, 1, 2)
    assert parse_until("2026-01-02") == date(2026, 1, 2)
    for bad in ("2026-1-2", "20260102", "1700000000", "2026-01-02T00:00:00"):
        with pytest.raises(ValueError):
            parse_until(bad)


def test_comments_above_and_inside_the_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        "# secfound:ignore aws.s3.a unrelated, far above\n"  # 1
        "\n"  # 2
        "# secfound:ignore aws.s3.b first of the run\n"  # 3
        "// secfound:ignore aws.s3.c second of the run\n"  # 4
        'resource "aws_s3_bucket" "x" {\n'  # 5
        "  # secfound:ignore aws.s3.d inside\n"  # 6
        "}\n"  # 7
        "# secfound:ignore aws.s3.e below, for the next resource\n"  # 8
    )
    comments = SourceComments([tmp_path])
    found = comments.for_location(FileLocation(path="main.tf", line=5, end_line=7))
    assert [d.check for d in found] == ["aws.s3.b", "aws.s3.c", "aws.s3.d"]
    assert len(list(comments.directives())) == 5
    assert comments.errors == []


def test_metadata_entries_and_errors() -> None:
    location = FileLocation(path="t.yaml", line=3, end_line=12)
    directives, errors = metadata_directives(
        {
            "secfound": {
                "ignore": [
                    {"check": "aws.s3.a", "reason": "r", "until": "2026-01-01", "owner": "o"},
                    {"check": "aws.s3.b"},
                    {"check": "aws.s3.c", "reason": "r", "until": "soon"},
                    {"check": "aws.s3.d", "reason": "r", "expires": "2026-01-01"},
                ]
            },
            "checkov": {"skip": [{"id": "CKV_AWS_21", "comment": "logs"}]},
        },
        location,
    )
    assert [(d.kind, d.check) for d in directives] == [
        ("secfound", "aws.s3.a"),
        ("checkov", "CKV_AWS_21"),
    ]
    assert directives[0].until == date(2026, 1, 1) and directives[0].owner == "o"
    messages = [e.message for e in errors]
    assert any("aws.s3.b: a reason is required" in m for m in messages)
    assert any("not a date" in m for m in messages)
    assert any("unknown key(s) expires" in m for m in messages)
    assert all(e.path == "t.yaml" and e.line == 3 for e in errors)
