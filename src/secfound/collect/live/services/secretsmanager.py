"""Secrets Manager secrets: one paginated ``ListSecrets`` per region, nothing more.

The listing carries everything the model holds: the key (``KmsKeyId``, absent when the
secret uses the AWS managed key ``aws/secretsmanager``, the default; should it name that
key, the model holds ``None`` all the same, through ``managed_keys``) and the rotation
(``RotationEnabled`` and ``RotationRules``), so rotation needs no join and no call per
secret. ``RotationRules`` may still be listed after rotation was turned off
(``CancelRotateSecret``): only an enabled rotation gives an interval. A schedule given as
``ScheduleExpression`` (since November 2022) wins over ``AutomaticallyAfterDays``, which
AWS may also report for it; a ``cron()`` schedule stays unresolved, as in the templates.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.secretsmanager import Secret, interval_days_from_schedule
from secfound.model.values import Unresolved

PAGE_SIZE = 100  # ListSecrets' largest page


@collector(service="secretsmanager", actions=["secretsmanager:ListSecrets", LIST_ALIASES])
def secrets(ctx: LiveContext) -> Iterator[Secret]:
    pages = (
        ctx.client()
        .get_paginator("list_secrets")
        .paginate(PaginationConfig={"PageSize": PAGE_SIZE})
    )
    for page in pages:
        for entry in page.get("SecretList", []):
            yield secret_from_listing(ctx, entry)


def secret_from_listing(ctx: LiveContext, entry: Mapping[str, Any]) -> Secret:
    """A ``Secret`` from one entry of ``ListSecrets``."""
    arn = str(entry["ARN"])
    enabled = bool(entry.get("RotationEnabled", False))
    return Secret(
        address=arn,
        location=ctx.location(arn),
        name=str(entry["Name"]) if entry.get("Name") else None,
        kms_key_id=customer_key(ctx, entry.get("KmsKeyId")),
        rotation_enabled=enabled,
        rotation_interval_days=rotation_interval(entry.get("RotationRules") or {})
        if enabled
        else None,
    )


def rotation_interval(rules: Mapping[str, Any]) -> int | Unresolved | None:
    """Days between rotations from the listed ``RotationRules``; None when they name none."""
    expression = rules.get("ScheduleExpression")
    if expression:
        return interval_days_from_schedule(str(expression))
    days = rules.get("AutomaticallyAfterDays")
    return int(days) if days else None
