"""AWS Secrets Manager secrets, with their rotation schedule merged in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

_RATE = re.compile(r"\s*rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)\s*", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Secret(Resource):
    """A Secrets Manager secret.

    Defaults are AWS's: the secret is encrypted with the AWS managed key
    ``aws/secretsmanager`` (``kms_key_id`` none) and is never rotated (``rotation_enabled``
    false) until a rotation schedule (``AWS::SecretsManager::RotationSchedule``,
    ``aws_secretsmanager_secret_rotation``) turns rotation on.
    ``rotation_interval_days`` is the longest time between rotations the schedule allows:
    ``AutomaticallyAfterDays`` or a ``rate(N days)`` schedule expression; a ``cron()``
    schedule is left unresolved (its gaps depend on the calendar).
    """

    resource_type = "AWS::SecretsManager::Secret"

    name: str | Unresolved | None = None
    kms_key_id: str | Unresolved | None = None
    rotation_enabled: bool | Unresolved = False
    rotation_interval_days: int | Unresolved | None = None


def interval_days_from_schedule(expression: str | Unresolved) -> int | Unresolved:
    """Days between rotations for a rotation ``ScheduleExpression``.

    ``rate(10 days)`` is 10; ``rate(4 hours)`` rounds up to 1; a ``cron()`` expression, or
    anything else, stays unresolved: secfound does not evaluate calendars.
    """
    if isinstance(expression, Unresolved):
        return expression
    match = _RATE.fullmatch(expression)
    if match is None:
        return Unresolved(f"rotation schedule {expression!r}")
    count, unit = int(match.group(1)), match.group(2).lower()
    if unit.startswith("hour"):
        return max(1, -(-count // 24))
    return count
