"""Bad input never crashes and never passes silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from tf_helpers import by_address, load

from secfound.collect.files import MAX_SOURCE_BYTES
from secfound.collect.terraform import load_root_module
from secfound.errors import TemplateError
from secfound.model.values import Unresolved


def only_error(name: str) -> tuple[str, str, int | None, int | None]:
    result = load(name)
    [error] = result.errors
    assert list(by_address(result)) == ["aws_s3_bucket.ok"], "the good file is still evaluated"
    return error.path, error.message, error.line, error.column


def test_syntax_error_names_the_first_error() -> None:
    assert only_error("broken/syntax") == ("broken/syntax/bad.tf", "missing ']'", 5, 3)


def test_binary_file() -> None:
    path, message, _, _ = only_error("broken/binary")
    assert path == "broken/binary/blob.tf" and "binary" in message


def test_file_that_is_not_utf8() -> None:
    path, message, line, _ = only_error("broken/encoding")
    assert path == "broken/encoding/latin1.tf" and "UTF-8" in message and line == 2


def test_tf_json_that_is_not_json() -> None:
    path, message, line, column = only_error("broken/json")
    assert path == "broken/json/bad.tf.json" and message.startswith("not JSON")
    assert (line, column) == (2, 1)


def test_nothing_readable_is_a_template_error() -> None:
    with pytest.raises(TemplateError) as caught:
        load("broken/only_bad")
    assert caught.value.path == "broken/only_bad/main.tf"
    assert caught.value.line == 2


def test_directory_without_terraform_files(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"no \.tf"):
        load_root_module(tmp_path, root=tmp_path)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_s3_bucket" "ok" {}\n')
    (tmp_path / "huge.tf").write_text("# " + "x" * MAX_SOURCE_BYTES + "\n")
    result = load_root_module(tmp_path, root=tmp_path)
    [error] = result.errors
    assert error.path == "huge.tf" and "limit" in error.message
    assert len(result.resources) == 1


@pytest.mark.parametrize(
    "expression",
    [
        "[" * 3000 + "]" * 3000,
        "(" * 3000 + "1" + ")" * 3000,
        "!" * 3000 + "true",
        " + ".join(["1"] * 3000),
        '"${' * 500 + "1" + '}"' * 500,
        "{a = " * 2000 + "1" + "}" * 2000,
    ],
    ids=["tuples", "parens", "unary", "binary", "templates", "objects"],
)
def test_pathological_nesting_is_an_input_error(tmp_path: Path, expression: str) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_s3_bucket" "ok" {}\n')
    (tmp_path / "deep.tf").write_text(f"locals {{\n  x = {expression}\n}}\n")
    result = load_root_module(tmp_path, root=tmp_path)
    [error] = result.errors
    assert error.path == "deep.tf"
    assert "nest" in error.message or "unexpected" in error.message


def test_deep_json_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_s3_bucket" "ok" {}\n')
    deep = '{"locals": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    (tmp_path / "deep.tf.json").write_text(deep)
    result = load_root_module(tmp_path, root=tmp_path)
    [error] = result.errors
    assert error.path == "deep.tf.json" and "nest" in error.message


def test_long_reference_chain_is_unresolved_not_a_crash(tmp_path: Path) -> None:
    count = 3000
    lines = [f"  l{i} = local.l{i + 1}" for i in range(count)] + [f'  l{count} = "end"']
    (tmp_path / "main.tf").write_text(
        "locals {\n" + "\n".join(lines) + "\n}\n"
        'resource "aws_s3_bucket" "b" {\n  bucket = local.l0\n}\n'
        'resource "aws_s3_bucket" "c" {\n  bucket = local.l2990\n}\n'
    )
    result = load_root_module(tmp_path, root=tmp_path)
    buckets = by_address(result)
    assert isinstance(buckets["aws_s3_bucket.b"].name, Unresolved)  # type: ignore[attr-defined]
    assert buckets["aws_s3_bucket.c"].name == "end"  # type: ignore[attr-defined]


def test_runaway_for_expressions_are_stopped(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        "locals {\n  r = range(1000)\n"
        "  x = [for a in local.r : [for b in local.r : [for c in local.r : c]]]\n}\n"
        'resource "aws_s3_bucket" "b" {\n  tags = local.x\n  bucket = length(local.r)\n}\n'
    )
    result = load_root_module(tmp_path, root=tmp_path)
    properties = result.resources[0].properties
    assert isinstance(properties["tags"], Unresolved)
    assert "elements" in properties["tags"].expression
    assert properties["bucket"] == 1000  # the budget is per value, not per load


def test_block_label_errors_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" {}\n'
        'resource "aws_s3_bucket" "a" {}\n'
        'resource "aws_s3_bucket" "a" {}\n'
    )
    result = load_root_module(tmp_path, root=tmp_path)
    assert [(e.message, e.line) for e in result.errors] == [
        ("resource block with 1 label(s)", 1),
        ("duplicate resource aws_s3_bucket.a", 3),
    ]
    assert len(result.resources) == 1


def test_file_function_cannot_leave_the_repository(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  policy = file("../../../../etc/hostname")\n}\n'
    )
    result = load_root_module(tmp_path, root=tmp_path)
    policy = result.resources[0].properties["policy"]
    assert isinstance(policy, Unresolved) and "outside the repository" in policy.expression
