"""Intrinsic functions, short and long form, resolved or kept as ``Unresolved``."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from secfound.collect.cloudformation import load_template
from secfound.model.build import to_data
from secfound.model.values import Unresolved

from .conftest import TEMPLATES, by_address, load


def _values(name: str) -> dict[str, Any]:
    result = load(name)
    assert result.errors == ()
    return dict(by_address(result)["Values"].properties)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return _values("intrinsics.yaml")


def test_short_and_long_forms_resolve_alike() -> None:
    assert to_data(_values("intrinsics.yaml")) == to_data(_values("intrinsics.json"))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("RefParam", "prod"),
        ("RefList", ["subnet-a", "subnet-b", "subnet-c"]),
        ("RefNumber", "30"),
        ("Partition", "aws"),
        ("UrlSuffix", "amazonaws.com"),
        ("SubKnown", "arn:aws:s3:::prod-bucket"),
        ("SubLiteral", "${Literal}-prod"),
        ("JoinKnown", "a-prod-3"),
        ("Select", "subnet-b"),
        ("SelectSplit", "z"),
        ("FindInMap", "large"),
        ("FindInMapDefault", "ami-default"),
        ("Base64", base64.b64encode(b"hello").decode()),
        ("Cidr", ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]),
        ("Length", 3),
        ("IfTrue", "yes-prod"),
        ("List", ["one", "two"]),
    ],
)
def test_known_values(values: dict[str, Any], key: str, expected: Any) -> None:
    assert values[key] == expected


def test_to_json_string_is_compact_json(values: dict[str, Any]) -> None:
    assert json.loads(values["ToJsonString"]) == {"a": 1, "b": [True]}
    assert " " not in values["ToJsonString"]


def test_no_value_removes_the_property(values: dict[str, Any]) -> None:
    assert "Removed" not in values
    assert "IfFalse" not in values


@pytest.mark.parametrize(
    ("key", "expression", "identifier"),
    [
        ("RefResource", "!Ref Other", True),
        ("GetAttShort", "!GetAtt Other.Arn", True),
        ("GetAttLong", "!GetAtt Other.DomainName", True),
        ("RefUnknownParam", "!Ref Unknown", False),
        ("Region", "!Ref AWS::Region", False),
        ("GetAZs", '!GetAZs ""', False),
        ("ImportValue", "!ImportValue shared-vpc", False),
        ("IfUnknown", "!If [IsUnknown, x, y]", False),
        ("UnknownFunction", "!NotAFunction [1, 2]", False),
    ],
)
def test_unresolved_values(
    values: dict[str, Any], key: str, expression: str, identifier: bool
) -> None:
    value = values[key]
    assert isinstance(value, Unresolved)
    assert value.expression == expression
    assert value.identifier is identifier


@pytest.mark.parametrize(
    ("key", "template", "literal", "could_be"),
    [
        ("SubUnknown", "arn:aws:s3:::${Other}/*", "*", False),
        ("SubAttribute", "${Other.Arn}/*", "arn:aws:s3:::b/*", None),
        ("SubMapping", "prod-${AWS::Region}", "prod-us-east-1", None),
        ("SubMapping", "prod-${AWS::Region}", "dev-us-east-1", False),
        ("JoinUnknown", "arn:aws:s3:::${...}/*", "*", False),
    ],
)
def test_templates_keep_the_known_parts(
    values: dict[str, Any], key: str, template: str, literal: str, could_be: bool | None
) -> None:
    value = values[key]
    assert isinstance(value, Unresolved)
    assert value.template == template
    assert value.could_equal(literal) is could_be


def test_unknown_inner_template_is_embedded(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "Parameters:\n  Name: {Type: String}\n"
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
        "      Inner: !Sub 'arn:aws:s3:::${Name}'\n"
        "      Outer: !Join ['', [!Sub 'arn:aws:s3:::${Name}', '/*']]\n"
    )
    props = load_template(tmp_path / "t.yaml", root=tmp_path).resources[0].properties
    assert props["Outer"].template == "arn:aws:s3:::${Name}/*"


def test_properties_keep_their_positions() -> None:
    result = load("intrinsics.yaml")
    props = by_address(result)["Values"].properties
    mark = props.key_marks["SubKnown"]  # type: ignore[attr-defined]
    lines = (TEMPLATES / "intrinsics.yaml").read_text().splitlines()
    assert lines[mark.line - 1].strip().startswith("SubKnown:")
    assert mark.column == 7


def test_no_value_as_a_function_argument_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
        "      Json: !ToJsonString {Ref: AWS::NoValue}\n"
        "      Encoded: !Base64 {Ref: AWS::NoValue}\n"
        "      Kept: [!Ref AWS::NoValue]\n"
    )
    result = load_template(tmp_path / "t.yaml", root=tmp_path)
    props = result.resources[0].properties
    assert isinstance(props["Json"], Unresolved)
    assert isinstance(props["Encoded"], Unresolved)
    assert props["Kept"] == []
