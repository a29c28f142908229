"""``AWS::SecretsManager::Secret`` to ``Secret``; rotation schedules are merged in."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_int,
    to_str,
)
from secfound.model.aws.secretsmanager import Secret, interval_days_from_schedule
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


def secret_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Secret:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "Name", to_str)
    set_if_present(fields, "kms_key_id", properties, "KmsKeyId", to_str)
    return Secret(**fields)


def rotation_interval(rules: Any) -> int | Unresolved | None:
    """Days between rotations from ``RotationRules``; None when the rules name none."""
    days = dig(rules, "AutomaticallyAfterDays")
    if days is not MISSING:
        return to_int(days, "AutomaticallyAfterDays")
    expression = dig(rules, "ScheduleExpression")
    if expression is not MISSING:
        text = to_str(expression, "ScheduleExpression")
        return interval_days_from_schedule(text)
    return None


def with_rotation(secret: Secret, properties: Mapping[str, Any]) -> Secret:
    """The secret with the rotation an ``AWS::SecretsManager::RotationSchedule`` turns on."""
    rules = properties.get("RotationRules", {})
    return dataclasses.replace(
        secret, rotation_enabled=True, rotation_interval_days=rotation_interval(rules)
    )


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::SecretsManager::Secret": secret_from_cfn}


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join(
            "AWS::SecretsManager::RotationSchedule",
            "AWS::SecretsManager::Secret",
            ("SecretId",),
            with_rotation,
        ),
    )
