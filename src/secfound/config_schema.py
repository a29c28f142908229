"""The schema of ``.secfound.yaml`` (pydantic), kept apart so it loads only when needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secfound.config import Config, config_from_data
from secfound.errors import ConfigError
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

Severity = Literal["info", "low", "medium", "high", "critical", "never"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CloudFormationSection(_Strict):
    parameters: dict[str, str | int | float | bool] = Field(default_factory=dict)
    parameter_files: list[str] = Field(default_factory=list)


class TerraformSection(_Strict):
    var_files: list[str] = Field(default_factory=list)
    vars: dict[str, Any] = Field(default_factory=dict)


class ConfigFile(_Strict):
    checks: list[str] = Field(default_factory=list, description="run only these ids or globs")
    skip_checks: list[str] = Field(default_factory=list)
    fail_on: Severity | None = None
    fail_on_unknown: bool | None = None
    soft_fail_on_errors: bool | None = None
    exclude: list[str] = Field(default_factory=list, description="globs on repo-relative paths")
    cloudformation: CloudFormationSection = Field(default_factory=CloudFormationSection)
    terraform: TerraformSection = Field(default_factory=TerraformSection)


def validate_config(path: Path) -> Config:
    data, node = load_yaml_with_nodes(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            "the file must be a mapping of settings", path=path, line=line_of(node, ())
        )
    try:
        parsed = ConfigFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, node, path, ConfigFile) from None
    return config_from_data(path, parsed)
