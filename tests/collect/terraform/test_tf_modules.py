"""Local modules (inputs, outputs, nesting, count/for_each), remote modules, cycles, roots."""

from __future__ import annotations

import pytest
from tf_helpers import FIXTURES, by_address, load

from secfound.collect import SourceResult
from secfound.collect.terraform import find_root_modules
from secfound.model.aws.s3 import Bucket
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved


@pytest.fixture(scope="module")
def result() -> SourceResult:
    return load("modules/root")


def test_addresses_follow_terraform(result: SourceResult) -> None:
    names = {a: r.name for a, r in by_address(result).items() if isinstance(r, Bucket)}
    assert names['module.team["red"].aws_s3_bucket.this'] == "team-r"
    assert names['module.team["blue"].module.logging.aws_s3_bucket.logs'] == "team-b-logs"
    assert names["module.counted[1].aws_s3_bucket.this"] == "counted-1"
    assert names["module.single.module.logging.aws_s3_bucket.logs"] == "single-logs"


def test_locations_point_into_the_module(result: SourceResult) -> None:
    bucket = by_address(result)["module.single.aws_s3_bucket.this"]
    assert bucket.location == FileLocation(
        path="modules/modules/bucket/main.tf", line=9, column=1, end_line=11
    )


def test_outputs_are_read_through_module_references(result: SourceResult) -> None:
    bucket = by_address(result)["aws_s3_bucket.uses_outputs"]
    assert isinstance(bucket, Bucket)
    assert bucket.name == "single-copy"
    tags = bucket.properties["tags"]
    assert tags["red_name"] == "team-r"
    assert tags["counted"] == "counted-1"
    assert tags["log_target"] == "single-logs"
    assert tags["bucket_id"] == "single"  # an S3 bucket's id is its name
    computed = tags["computed_id"]
    assert isinstance(computed, Unresolved) and computed.identifier
    assert computed.expression == "module.single.aws_s3_bucket.scratch.id"


def test_inputs_steer_the_module(result: SourceResult) -> None:
    resources = by_address(result)
    red = resources['module.team["red"].aws_s3_bucket.this']
    blue = resources['module.team["blue"].aws_s3_bucket.this']
    assert isinstance(red, Bucket) and red.versioning_enabled is True
    assert isinstance(blue, Bucket) and blue.versioning_enabled is False


def test_join_across_a_module_output(result: SourceResult) -> None:
    resources = by_address(result)
    single = resources["module.single.aws_s3_bucket.this"]
    assert isinstance(single, Bucket) and single.versioning_enabled is True
    scratch = resources["module.single.aws_s3_bucket.scratch"]
    assert isinstance(scratch, Bucket) and scratch.versioning_enabled is True
    other = resources["module.counted[0].aws_s3_bucket.scratch"]
    assert isinstance(other, Bucket) and other.versioning_enabled is False


def test_remote_module_gives_a_notice_and_unresolved_outputs(result: SourceResult) -> None:
    remote = [n for n in result.notices if "'remote'" in n]
    assert len(remote) == 1
    tags = by_address(result)["aws_s3_bucket.uses_outputs"].properties["tags"]
    assert isinstance(tags["remote"], Unresolved)
    assert tags["remote"].expression == "module.remote.s3_bucket_id"


def test_missing_source_is_an_input_error(result: SourceResult) -> None:
    [error] = [e for e in result.errors if "does-not-exist" in e.message]
    assert error.path == "modules/root/main.tf"
    assert error.line == 30


@pytest.mark.parametrize(
    ("root", "chain"),
    [("cycle/self", "cycle/self -> cycle/self"), ("cycle/a", "cycle/a -> cycle/b -> cycle/a")],
)
def test_module_cycles_are_input_errors(root: str, chain: str) -> None:
    result = load(root)
    assert [e.message for e in result.errors if "cycle" in e.message] == [
        f"module {'again' if root == 'cycle/self' else 'a'!r}: module cycle {chain}"
    ]
    assert result.resources  # the rest is still evaluated


def test_find_root_modules_skips_called_modules() -> None:
    directories = [
        FIXTURES / "modules" / "root",
        FIXTURES / "modules" / "modules" / "bucket",
        FIXTURES / "modules" / "modules" / "logging",
        FIXTURES / "s3",
    ]
    assert find_root_modules(directories) == [FIXTURES / "modules" / "root", FIXTURES / "s3"]


def test_find_root_modules_keeps_pure_cycles() -> None:
    directories = [FIXTURES / "cycle" / "a", FIXTURES / "cycle" / "b"]
    assert find_root_modules(directories) == [FIXTURES / "cycle" / "a"]
