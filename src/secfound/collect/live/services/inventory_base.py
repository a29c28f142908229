"""What a security service probe is, and the helpers the probes share.

A probe asks one service, read-only, whether it is on in one account and region and
returns an ``Observation``. Every call goes through ``ctx.optional``: an error code that
means "not turned on" (``InvalidAccessException`` from Security Hub) is ``off``, and any
other failure (a denied call, a service absent in the region) is an ``Unresolved`` state
and a coverage gap for that service alone, so the rest of the inventory is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from secfound.collect.live.collector import LiveContext
from secfound.model.aws.services import ServiceState
from secfound.model.values import Unresolved


@dataclass(frozen=True)
class Observation:
    """What a probe saw: the state, what is on within the service, and who manages it."""

    state: ServiceState | Unresolved
    detail: tuple[str, ...] = ()
    administrator: str | None = None


Probe = Callable[[LiveContext], Observation]
OFF = Observation("off")


def on(ctx: LiveContext, detail: Any = (), administrator: Any = None) -> Observation:
    """On: ``delegated`` when another account administers the service here, else
    ``enabled``. An administrator that could not be read (Unresolved) leaves it enabled:
    the service is on either way, and the denied call is already a gap."""
    items = tuple(sorted({str(item) for item in detail}))
    if isinstance(administrator, str) and administrator and administrator != ctx.target.account_id:
        return Observation("delegated", items, administrator)
    return Observation("enabled", items)


def items(client: Any, operation: str, key: str, **params: Any) -> list[Any]:
    """Every item under ``key`` of ``operation``, through its paginator where botocore
    has one (a single page otherwise)."""
    if client.can_paginate(operation):
        found: list[Any] = []
        for page in client.get_paginator(operation).paginate(**params):
            found.extend(page.get(key, []))
        return found
    return list(getattr(client, operation)(**params).get(key, []))


def arn_account(arn: str) -> str | None:
    """The account id field of an ARN (``arn:aws:detective:us-east-1:111…:graph:x``)."""
    parts = arn.split(":")
    return parts[4] if len(parts) > 5 and parts[4] else None
