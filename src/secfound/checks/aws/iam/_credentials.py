"""Helpers the credential checks share: ages measured against the report's own time."""

from __future__ import annotations

from datetime import datetime

from secfound.model.aws.iam import AccessKeyUsage

ROTATION_DAYS = 90
UNUSED_DAYS = 45


def days_before(moment: datetime, now: datetime) -> int:
    """Whole days from ``moment`` to ``now`` (the report's generation time)."""
    return (now - moment).days


def key_last_activity(key: AccessKeyUsage) -> datetime | None:
    """When the key was last used, else when it was created or rotated."""
    return key.last_used or key.last_rotated
