"""Reading: template detection, positions in YAML and JSON, scalar typing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from secfound.collect.cloudformation import looks_like_template
from secfound.collect.cloudformation.json_reader import read_json
from secfound.collect.cloudformation.tree import Mark
from secfound.collect.cloudformation.yaml_reader import read_yaml

from .conftest import TEMPLATES, by_address, load


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("detection/package.json", False),
        ("detection/ci.yml", False),
        ("detection/k8s.yaml", False),
        ("detection/notes.txt", False),
        ("detection/broken-template.yaml", True),
        ("detection/minimal.template", True),
        ("intrinsics.json", True),
        ("joins.yaml", True),
        ("bad/resources-list.yaml", True),
    ],
)
def test_looks_like_template(name: str, expected: bool) -> None:
    path = TEMPLATES / name
    assert looks_like_template(path, path.read_text()) is expected


@pytest.mark.parametrize("name", ["intrinsics.yaml", "intrinsics.json", "joins.yaml"])
def test_locations_point_at_the_logical_id(name: str) -> None:
    lines = (TEMPLATES / name).read_text().splitlines()
    result = load(name)
    assert result.resources
    for resource in result.resources:
        location = resource.location
        assert location.path == name
        text = lines[location.line - 1]
        column = location.column
        assert text[column - 1 :].lstrip('"').startswith(resource.address)
        assert location.end_line >= location.line
    assert result.root == name


def test_end_line_is_the_last_line_of_the_resource() -> None:
    resources = by_address(load("joins.yaml"))
    logs = resources["Logs"].location
    assert (logs.line, logs.end_line) == (3, 6)


def test_json_positions_and_escapes() -> None:
    text = '{\n\t"a": [1,\n\t\t2.5e1, "\\ud83d\\ude00\\/", {}, []],\n "b": {"c": null}\n}'
    document = read_json(text, "x.json").document
    assert document == {"a": [1, 25.0, "😀/", {}, []], "b": {"c": None}}
    assert document.key_marks["a"] == Mark(2, 2, 3)
    assert document.key_marks["b"] == Mark(4, 2, 4)
    assert document["a"].item_marks[1] == Mark(3, 3, 3)


def test_yaml_scalars_follow_cloudformation() -> None:
    text = (
        "Version: 2012-10-17\nQuoted: '12'\nNumber: 12\nFloat: 1.5\nBool: true\n"
        "Null: ~\nOctalLooking: 012345678901\nBinary: !!binary aGk=\nTagged: !!str 5\n"
    )
    document = read_yaml(text, "x.yaml").document
    assert document == {
        "Version": "2012-10-17",
        "Quoted": "12",
        "Number": 12,
        "Float": 1.5,
        "Bool": True,
        "Null": None,
        "OctalLooking": "012345678901",
        "Binary": "aGk=",
        "Tagged": "5",
    }


def test_short_forms_on_collections_and_scalars() -> None:
    document = read_yaml(
        "a: !GetAtt B.Endpoint.Address\nb: !Sub [x, {y: z}]\nc: !Condition C\nd: !Ref X\n",
        "x.yaml",
    ).document
    assert document == {
        "a": {"Fn::GetAtt": ["B", "Endpoint.Address"]},
        "b": {"Fn::Sub": ["x", {"y": "z"}]},
        "c": {"Condition": "C"},
        "d": {"Ref": "X"},
    }
    assert document["d"].key_marks["Ref"].line == 4


def test_template_path_imports_nothing_heavy() -> None:
    code = (
        "import sys, secfound.collect.cloudformation as c; from pathlib import Path;"
        f"c.load_template(Path({str(TEMPLATES / 'joins.yaml')!r}), root=Path('/'));"
        "heavy = {'pydantic', 'boto3', 'botocore', 'sqlalchemy', 'jinja2', 'rich'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_root_outside_the_path_gives_absolute_path(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("Resources:\n  B:\n    Type: AWS::S3::Bucket\n")
    result = load(str(path))  # TEMPLATES is not above tmp_path
    assert result.resources[0].location.path.endswith("t.yaml")
