"""Bad input never crashes and never passes silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.collect.cloudformation import load_template
from secfound.collect.files import MAX_SOURCE_BYTES
from secfound.errors import TemplateError
from secfound.model.aws.s3 import Bucket
from secfound.model.values import Unresolved

from .conftest import by_address, load


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [("bad/syntax.yaml", 6, 8), ("bad/syntax.json", 3, 42)],
)
def test_syntax_errors_have_line_and_column(name: str, line: int, column: int) -> None:
    with pytest.raises(TemplateError) as caught:
        load(name)
    assert (caught.value.path, caught.value.line, caught.value.column) == (name, line, column)


@pytest.mark.parametrize(("name", "line"), [("bad/duplicate.yaml", 6), ("bad/duplicate.json", 4)])
def test_duplicate_keys_are_errors_at_the_duplicate(name: str, line: int) -> None:
    result = load(name)
    first = result.errors[0]
    assert first.line == line
    assert "duplicate key" in first.message
    bucket = by_address(result)["Bucket"]
    assert isinstance(bucket, Bucket)
    assert bucket.name == "second"  # the last value wins, as in AWS


def test_resources_not_a_mapping() -> None:
    with pytest.raises(TemplateError) as caught:
        load("bad/resources-list.yaml")
    assert caught.value.line == 2
    assert "Resources is not a mapping" in caught.value.message


def test_problems_in_one_resource_leave_the_others() -> None:
    result = load("bad/per-resource.yaml")
    resources = by_address(result)
    assert sorted(resources) == ["BadRef", "Good", "OddShapes"]
    assert resources["Good"].name == "still-read"
    errors = [(e.line, e.message) for e in result.errors]
    expected_lines = {
        3: "NoType has no Type",
        6: "NotAMapping is not a mapping",
        10: "'DoesNotExist'",
        11: "'Nowhere'",
        12: "'Missing'",
        16: "Select needs",
        17: "Join needs",
        18: "GetAtt needs",
        19: "Ref needs a name",
        20: "FindInMap finds no such entry",
        21: "Select index 5",
        22: "Cidr cannot be computed",
        23: "'NoSuchCondition' is not declared",
        24: "Properties cannot be read",
    }
    for line, text in expected_lines.items():
        assert any(at == line and text in m for at, m in errors), (line, text, errors)
    assert len(errors) == len(expected_lines)
    bad_ref = resources["BadRef"]
    assert isinstance(bad_ref.name, Unresolved)
    assert bad_ref.name.identifier is False
    for value in resources["OddShapes"].properties.values():
        assert isinstance(value, Unresolved)


def test_alias_bomb_is_refused() -> None:
    with pytest.raises(TemplateError) as caught:
        load("bad/billion-laughs.yaml")
    assert "alias" in caught.value.message
    assert caught.value.line is not None and caught.value.line <= 9


def test_aliases_and_merge_keys_within_bounds() -> None:
    resources = by_address(load("aliases.yaml"))
    assert resources["First"].versioning_enabled is True
    assert resources["Second"].versioning_enabled is True
    assert resources["Second"].name == "second"


def test_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("Resources: &r\n  B:\n    Type: AWS::S3::Bucket\n    Properties: *r\n")
    with pytest.raises(TemplateError, match="names no anchor"):
        load_template(path, root=tmp_path)


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".yaml", "Resources: " + "[" * 100_000),
        (".yaml", "Resources:\n  X: " + "- " * 100_000 + "x\n"),
        (".yaml", "Resources: " + "{a: " * 50_000),
        (".json", '{"Resources": ' + "[" * 100_000),
        (".json", '{"Resources": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001),
        (".template", "[" * 100_000 + "]" * 100_000),
    ],
)
def test_pathological_nesting(tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text(text)
    with pytest.raises(TemplateError, match=r"nesting|deep"):
        load_template(path, root=tmp_path)


def test_deep_but_allowed_nesting_evaluates(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    nested = "[" * 120 + "]" * 120
    path.write_text(
        f"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: {nested}\n"
    )
    assert len(load_template(path, root=tmp_path).resources) == 1


def test_long_condition_chain_does_not_escape_as_recursion_error(tmp_path: Path) -> None:
    conditions = "\n".join(f"  C{i}: !Condition C{i + 1}" for i in range(5000))
    path = tmp_path / "t.yaml"
    path.write_text(
        f"Conditions:\n{conditions}\n  C5000: !Equals [a, a]\n"
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Condition: C0\n"
    )
    try:
        result = load_template(path, root=tmp_path)
    except TemplateError as exc:
        assert "deep" in exc.message
    else:
        assert len(result.resources) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Resources:\x00\x01\x02", "binary"),
        (b"Resources:\n  B: \xff\xfe\n", "UTF-8"),
        (b"", "empty"),
        (b"# only a comment\n", "empty"),
        (b"just a string", "mapping of sections"),
        (b"- a list", "mapping of sections"),
        (b"a: 1\n---\nb: 2\n", "more than one YAML document"),
        (b"Resources:\n  ? [a, b]\n  : x\n", "plain value"),
        (b"Resources: !!int abc\n", "not a valid !!int"),
        (b"Resources: !!bool maybe\n", "not a valid !!bool"),
        (b"Resources: !!float x\n", "not a valid !!float"),
        (b"Resources: !!int\n", "not a valid !!int"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(content)
    with pytest.raises(TemplateError, match=message):
        load_template(path, root=tmp_path)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"Resources: {}\n" + b"#" * MAX_SOURCE_BYTES)
    with pytest.raises(TemplateError, match="limit"):
        load_template(path, root=tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="cannot read"):
        load_template(tmp_path / "nope.yaml", root=tmp_path)


def test_no_resources_section_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text('AWSTemplateFormatVersion: "2010-09-09"\n')
    result = load_template(path, root=tmp_path)
    assert result.resources == ()
    assert "no Resources section" in result.errors[0].message
