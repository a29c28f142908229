"""Secrets Manager secrets from Terraform, with ``aws_secretsmanager_secret_rotation`` joined in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_int,
    as_str,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.secretsmanager import Secret, interval_days_from_schedule
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def secret_from_terraform(resource: TerraformResource) -> Secret:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "name", as_str(args.get("name"), f"{where}.name"))
    set_if(fields, "kms_key_id", as_str(args.get("kms_key_id"), f"{where}.kms_key_id"))
    return Secret(**fields)


def rotation_interval(rules: Any, where: str) -> int | Unresolved | None:
    """Days between rotations from a ``rotation_rules`` block; None when it names none."""
    block = first_block(rules)
    if block is None or isinstance(block, Unresolved):
        return block
    days = as_int(block.get("automatically_after_days"), f"{where}.automatically_after_days")
    if days is not None:
        return days
    expression = as_str(block.get("schedule_expression"), f"{where}.schedule_expression")
    if expression is not None:
        return interval_days_from_schedule(expression)
    return None


def _rotation(_: Secret, source: TerraformResource) -> Mapping[str, Any]:
    interval = rotation_interval(source.arguments.get("rotation_rules"), source.address)
    return {"rotation_enabled": True, "rotation_interval_days": interval}


def joins() -> tuple[JoinSpec, ...]:
    return (
        JoinSpec(
            "aws_secretsmanager_secret_rotation",
            "aws_secretsmanager_secret",
            "secret_id",
            ("name",),
            _rotation,
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_secretsmanager_secret": secret_from_terraform}
