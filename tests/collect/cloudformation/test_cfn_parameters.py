"""Parameter values: defaults, parameter files (both AWS forms), ``--param``; SSM and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.collect.cloudformation import load_parameter_file
from secfound.errors import ConfigError
from secfound.model.aws.kms import Key
from secfound.model.aws.s3 import Bucket
from secfound.model.values import Unresolved

from .conftest import TEMPLATES, by_address, load


def _bucket_and_key(**kwargs: object) -> tuple[Bucket, Key]:
    resources = by_address(load("parameters.yaml", **kwargs))
    bucket, key = resources["Bucket"], resources["Key"]
    assert isinstance(bucket, Bucket)
    assert isinstance(key, Key)
    return bucket, key


def test_defaults() -> None:
    bucket, key = _bucket_and_key()
    assert bucket.name == "from-default"
    assert bucket.versioning_enabled is False
    assert bucket.properties["Zones"] == ["us-east-1a", "us-east-1b"]
    assert key.deletion_window_days == 10  # a Number parameter is text; the model wants int
    assert isinstance(key.rotation_enabled, Unresolved)
    assert key.rotation_enabled.expression == "!Ref Rotation"


def test_ssm_parameter_is_unresolved() -> None:
    _, key = _bucket_and_key()
    assert isinstance(key.description, Unresolved)
    assert "/keys/data" in key.description.expression


def test_files_then_params_override_defaults() -> None:
    files = [TEMPLATES / "params-cli.json", TEMPLATES / "params-config.json"]
    bucket, key = _bucket_and_key(parameter_files=files)
    assert bucket.name == "from-config-file"  # the later file wins
    assert bucket.versioning_enabled is True  # from the first file
    assert key.rotation_enabled is True  # "true" from the file becomes a boolean
    assert key.deletion_window_days == 10  # UsePreviousValue keeps the default here
    bucket, _ = _bucket_and_key(parameter_files=files, parameters={"BucketName": "from-flag"})
    assert bucket.name == "from-flag"


def test_undeclared_parameter_is_a_notice() -> None:
    result = load("parameters.yaml", parameters={"Typo": "x"})
    assert any("'Typo' is not declared" in n for n in result.notices)


def test_parameter_file_forms() -> None:
    assert load_parameter_file(TEMPLATES / "params-cli.json") == {
        "BucketName": "from-cli-file",
        "Versioning": "Enabled",
    }
    assert load_parameter_file(TEMPLATES / "params-config.json") == {
        "BucketName": "from-config-file",
        "Rotation": "true",
    }


def test_bad_parameter_file_names_path_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_parameter_file(TEMPLATES / "params-bad.json")
    assert caught.value.line == 3
    assert caught.value.path is not None and caught.value.path.endswith("params-bad.json")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[{"ParameterKey": "A", "ParameterValue": "x"},\n  {"ParameterKey": "B"}]', 2),
        ('{"Parameters": {"A": {"nested": 1}}}', 1),
        ('{"Params": {}}', 1),
        ('[{"ParameterKey": "A",\n "ParameterValue": }]', 2),
    ],
)
def test_bad_parameter_files(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "params.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_parameter_file(path)
    assert caught.value.line == line


def test_yaml_parameter_file_and_list_values(tmp_path: Path) -> None:
    path = tmp_path / "params.yaml"
    path.write_text("Parameters:\n  Zones: [a, b]\n  Count: 3\n  Flag: true\n")
    assert load_parameter_file(path) == {"Zones": "a,b", "Count": "3", "Flag": "true"}
