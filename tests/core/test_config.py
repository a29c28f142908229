"""``.secfound.yaml``: found upward to the repository root, validated, errors at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.config import find_config, load_config
from secfound.errors import ConfigError


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "infra" / "network").mkdir(parents=True)
    return tmp_path


def test_found_upward_and_not_above_the_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    (repo / ".secfound.yaml").write_text("fail_on: high\n")
    start = repo / "infra" / "network"
    assert find_config(start, repo) == repo / ".secfound.yaml"
    (repo / "infra" / ".secfound.yaml").write_text("fail_on: low\n")
    assert find_config(start, repo) == repo / "infra" / ".secfound.yaml"
    outside = tmp_path / "elsewhere"
    (outside / "sub").mkdir(parents=True)
    (tmp_path / ".secfound.yaml").write_text("fail_on: low\n")
    assert find_config(outside / "sub", outside) is None


def test_values_and_relative_paths(tmp_path: Path) -> None:
    path = tmp_path / ".secfound.yaml"
    path.write_text(
        "checks: ['aws.s3.*']\n"
        "skip_checks: [aws.s3.bucket_versioning_enabled]\n"
        "fail_on: medium\n"
        "fail_on_unknown: true\n"
        "exclude: ['legacy/*']\n"
        "cloudformation:\n"
        "  parameters: {Environment: prod, Port: 443}\n"
        "  parameter_files: [params/prod.json]\n"
        "terraform:\n"
        "  var_files: [env/prod.tfvars]\n"
        "  vars: {replicas: 3, enabled: true, name: web}\n"
    )
    config = load_config(path)
    assert config.checks == ("aws.s3.*",)
    assert config.fail_on == "medium" and config.fail_on_unknown is True
    assert config.parameters == {"Environment": "prod", "Port": "443"}
    assert config.parameter_files == ((tmp_path / "params" / "prod.json").resolve(),)
    assert config.var_files == ((tmp_path / "env" / "prod.tfvars").resolve(),)
    assert config.variables == {"replicas": "3", "enabled": "true", "name": "web"}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("fail_on: high\nfailon: low\n", 2, "unknown setting 'failon'"),
        ("checks: [a]\nterraform:\n  var_file: [x]\n", 3, "unknown setting 'var_file'"),
        ("fail_on: catastrophic\n", 1, "fail_on"),
        ("checks: [a, b\n", 2, "not valid YAML"),
        ("- just\n- a list\n", 1, "mapping"),
        ("fail_on_unknown: sometimes\n", 1, "fail_on_unknown"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / ".secfound.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert words in str(caught.value)
