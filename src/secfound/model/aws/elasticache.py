"""Amazon ElastiCache (Valkey and Redis OSS) replication groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


def default_at_rest_encryption(engine: StrOrUnresolved) -> BoolOrUnresolved:
    """What CreateReplicationGroup does without ``AtRestEncryptionEnabled``.

    Valkey replication groups are encrypted at rest by default; Redis OSS ones are not.
    Sources call this when the setting is absent, so the model holds what AWS does.
    """
    if isinstance(engine, Unresolved):
        return Unresolved(f"at-rest encryption default for engine {engine.expression}")
    return engine.lower() == "valkey"


@dataclass(frozen=True, kw_only=True)
class ReplicationGroup(Resource):
    """An ElastiCache replication group.

    Defaults are what the ElastiCache API applies to a new group:
    - ``engine``: ``redis``.
    - ``at_rest_encryption_enabled``: on for Valkey, off for Redis OSS (sources fill it
      from the engine through ``default_at_rest_encryption``). ``kms_key_id`` ``None``
      means a key ElastiCache manages.
    - ``transit_encryption_enabled``: off.
    - ``auth_token_set``: no AUTH token; ``user_group_ids``: no RBAC user groups.
    - ``automatic_failover_enabled``: off.
    """

    resource_type = "AWS::ElastiCache::ReplicationGroup"

    name: StrOrUnresolved | None = None
    engine: StrOrUnresolved = "redis"
    at_rest_encryption_enabled: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    transit_encryption_enabled: BoolOrUnresolved = False
    auth_token_set: bool = False
    user_group_ids: tuple[StrOrUnresolved, ...] | Unresolved = ()
    automatic_failover_enabled: BoolOrUnresolved = False
