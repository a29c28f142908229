"""The schema of ``.secfound.yaml`` (pydantic), kept apart so it loads only when needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from secfound.config import Config, MuteRule, config_from_data, mute_rules
from secfound.errors import ConfigError
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

Severity = Literal["info", "low", "medium", "high", "critical", "never"]
Level = Literal["info", "low", "medium", "high", "critical"]
_NAMESPACE = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CloudFormationSection(_Strict):
    parameters: dict[str, str | int | float | bool] = Field(default_factory=dict)
    parameter_files: list[str] = Field(default_factory=list)


class TerraformSection(_Strict):
    var_files: list[str] = Field(default_factory=list)
    vars: dict[str, Any] = Field(default_factory=dict)


class SuppressionEntry(_Strict):
    check: str = Field(min_length=1, description="check id, alias, Checkov id or glob")
    resources: list[str] = Field(default_factory=lambda: ["*"], min_length=1)
    paths: list[str] = Field(default_factory=lambda: ["*"], min_length=1)
    reason: str = Field(description="required: why this does not count")
    owner: str | None = None
    until: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a reason is required")
        return value.strip()

    @field_validator("until", mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> Any:
        # YAML gives a date for an unquoted 2026-06-30; anything else must be that text.
        from secfound.suppress.inline import parse_until

        return None if value is None else parse_until(value)


class MutelistEntry(_Strict):
    """Live findings that do not count: by check, account, region, resource ARN and tags."""

    check: str = Field(min_length=1, description="check id, alias, Checkov id or glob")
    accounts: list[str] = Field(default_factory=lambda: ["*"], min_length=1)
    regions: list[str] = Field(default_factory=lambda: ["*"], min_length=1)
    resources: list[str] = Field(
        default_factory=lambda: ["*"], min_length=1, description="resource ARN globs"
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="tag -> value glob; the resource needs them all"
    )
    reason: str = Field(description="required: why these findings do not count")
    owner: str | None = None
    until: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a reason is required")
        return value.strip()

    @field_validator("accounts", mode="before")
    @classmethod
    def _accounts_as_text(cls, value: Any) -> Any:
        # YAML reads an unquoted 123456789012 as a number.
        if isinstance(value, list):
            return [str(item) if isinstance(item, int) else item for item in value]
        return value

    @field_validator("until", mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> Any:
        from secfound.suppress.inline import parse_until

        return None if value is None else parse_until(value)


class MutelistFile(_Strict):
    """A mutelist kept in its own file (``mutelist: FILE`` or ``assess --mutelist FILE``)."""

    mutelist: list[MutelistEntry] = Field(default_factory=list)


# "cis-aws-5.0" (a whole framework version) or "cis-aws-5.0:2.2.4" (one requirement)
_ADOPTED = r"^[a-z0-9]+(-[a-z0-9.]+)*(:\S+)?$"


class CheckFolderEntry(_Strict):
    path: str = Field(min_length=1)
    namespace: str = Field(default="custom", pattern=_NAMESPACE)


class ConfigFile(_Strict):
    checks: list[str] = Field(default_factory=list, description="run only these ids or globs")
    skip_checks: list[str] = Field(default_factory=list)
    fail_on: Severity | None = None
    fail_on_unknown: bool | None = None
    soft_fail_on_errors: bool | None = None
    exclude: list[str] = Field(default_factory=list, description="globs on repo-relative paths")
    cloudformation: CloudFormationSection = Field(default_factory=CloudFormationSection)
    terraform: TerraformSection = Field(default_factory=TerraformSection)
    suppressions: list[SuppressionEntry] = Field(default_factory=list)
    severity: dict[str, Level] = Field(
        default_factory=dict, description="check id or glob -> severity its findings get"
    )
    checks_dirs: list[CheckFolderEntry] = Field(
        default_factory=list, description="folders of user checks (a path, or {path, namespace})"
    )
    baseline: str | None = Field(default=None, description="baseline file, as --baseline")
    db: str | None = Field(default=None, description="run store URL (SQLAlchemy), as --db")
    mutelist: list[MutelistEntry] | str = Field(
        default_factory=list, description="live findings to mute, or a file that lists them"
    )
    blueprint: str | None = Field(
        default=None, min_length=1, description="account blueprint file, as assess --blueprint"
    )
    catalog: list[str] = Field(
        default_factory=list,
        description="catalog directories (objectives.yaml, frameworks/), as --catalog",
    )
    adopted: list[Annotated[str, Field(pattern=_ADOPTED)]] = Field(
        default_factory=list,
        description="framework ids or framework:requirement ids the workload has adopted",
    )

    @field_validator("checks_dirs", mode="before")
    @classmethod
    def _folder_paths(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"path": item} if isinstance(item, str) else item for item in value]
        return value


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
    if isinstance(parsed.mutelist, str):
        rules = load_mutelist((path.parent / parsed.mutelist).resolve())
        return replace(
            config_from_data(path, parsed.model_copy(update={"mutelist": []}), node), mutelist=rules
        )
    return config_from_data(path, parsed, node)


def load_mutelist(path: Path) -> tuple[MuteRule, ...]:
    """The rules of a mutelist file, validated; errors name the file and line."""
    if not path.is_file():
        raise ConfigError("the mutelist file does not exist", path=path)
    data, node = load_yaml_with_nodes(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            "a mutelist file is a mapping with a 'mutelist' list", path=path, line=line_of(node, ())
        )
    try:
        parsed = MutelistFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, node, path, MutelistFile) from None
    return mute_rules(path, parsed.mutelist, node)
