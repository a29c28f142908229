"""KMS keys the account manages: ``ListKeys``, then ``DescribeKey``, ``GetKeyRotationStatus``
and ``GetKeyPolicy`` per key (KMS has no batch read).

AWS managed keys (``KeyManager`` ``AWS``: ``aws/s3``, ``aws/sns``, ...) are skipped after
``DescribeKey``: AWS writes their policies and rotates them every year, the account can
change neither, and no template declares them, so the key checks (rotation, public policy)
would only report what nobody can act on. The customer managed keys are what the
CloudFormation and Terraform sources describe.

What the API says, in the model's terms:

- an empty ``Description`` is no description, as in a template that gives none;
- rotation: keys that cannot rotate automatically (asymmetric, HMAC, imported material,
  custom key stores: ``UnsupportedOperationException``) and keys in a state that refuses the
  question (pending deletion: ``KMSInvalidStateException``) read as not rotating;
- the policy: every key has one; the default key policy AWS writes when none is given
  (the account root may do ``kms:*``, so IAM policies decide) reads as ``None``, which is
  what the model's ``None`` means;
- ``deletion_window_days``: the waiting period is chosen when deletion is scheduled and is
  not stored on the key; AWS reports it (``PendingDeletionWindowInDays``) only for a
  multi-Region primary waiting on its replicas, otherwise it stays unresolved.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.kms import Key
from secfound.model.build import to_data
from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.values import Unresolved

_NO_ROTATION = ("UnsupportedOperationException", "KMSInvalidStateException")
_GONE = ("NotFoundException",)  # deleted since the listing
_WINDOW_NOT_STORED = "deletion window (set when deletion is scheduled; AWS does not report it)"


@collector(
    service="kms",
    actions=["kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy"],
)
def keys(ctx: LiveContext) -> Iterator[Key]:
    client = ctx.client()
    for page in client.get_paginator("list_keys").paginate():
        for entry in page.get("Keys", []):
            key_id = str(entry["KeyId"])
            metadata = ctx.optional(
                partial(_describe, client, key_id),
                action="kms:DescribeKey",
                absent=_GONE,
            )
            if metadata is None:
                continue
            if isinstance(metadata, Unresolved):
                arn = str(entry.get("KeyArn") or ctx.target.arn("kms", f"key/{key_id}"))
                yield _unreadable_key(ctx, arn, metadata)
                continue
            if metadata.get("KeyManager") == "AWS":
                continue
            yield _key(ctx, client, metadata)


def _describe(client: Any, key_id: str) -> Any:
    return client.describe_key(KeyId=key_id)["KeyMetadata"]


def _key(ctx: LiveContext, client: Any, metadata: Mapping[str, Any]) -> Key:
    key_id = str(metadata["KeyId"])
    arn = str(metadata["Arn"])
    window = metadata.get("PendingDeletionWindowInDays")
    return Key(
        address=arn,
        location=ctx.location(arn),
        description=str(metadata.get("Description") or "") or None,
        key_spec=str(
            metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT"
        ),
        key_usage=str(metadata.get("KeyUsage") or "ENCRYPT_DECRYPT"),
        enabled=bool(metadata.get("Enabled", False)),
        rotation_enabled=ctx.optional(
            lambda: bool(client.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]),
            action="kms:GetKeyRotationStatus",
            absent=_NO_ROTATION,
            default=False,
        ),
        deletion_window_days=int(window) if window else Unresolved(_WINDOW_NOT_STORED),
        multi_region=bool(metadata.get("MultiRegion", False)),
        policy=ctx.optional(
            lambda: _policy(
                client.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"],
                ctx.target.partition,
                str(metadata.get("AWSAccountId") or ctx.target.account_id),
            ),
            action="kms:GetKeyPolicy",
        ),
    )


def _unreadable_key(ctx: LiveContext, arn: str, reason: Unresolved) -> Key:
    """A key ``DescribeKey`` could not read: listed, so reported, but nothing is known."""
    return Key(
        address=arn,
        location=ctx.location(arn),
        description=reason,
        key_spec=reason,
        key_usage=reason,
        enabled=reason,
        rotation_enabled=reason,
        deletion_window_days=reason,
        multi_region=reason,
        policy=reason,
    )


def _policy(text: str, partition: str, account_id: str) -> PolicyDocument | Unresolved | None:
    policy = parse_policy(text)
    if isinstance(policy, PolicyDocument) and is_default_key_policy(policy, partition, account_id):
        return None
    return policy


def is_default_key_policy(policy: PolicyDocument, partition: str, account_id: str) -> bool:
    """True for the key policy AWS writes when none is given: one statement letting the
    account root do ``kms:*`` on the key, which hands access over to IAM policies."""
    default = {
        "sid": "Enable IAM User Permissions",
        "effect": "Allow",
        "actions": ["kms:*"],
        "not_actions": [],
        "resources": ["*"],
        "not_resources": [],
        "principals": {"AWS": [f"arn:{partition}:iam::{account_id}:root"]},
        "not_principals": None,
        "conditions": [],
    }
    return bool(to_data(policy.statements) == [default])
