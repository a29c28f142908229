"""Telling AWS managed KMS keys from customer managed ones, for every live collector.

A template that leaves a data store's key to AWS names no key, and the model holds
``kms_key_id`` ``None``. Live, AWS names the key it used: the ARN of ``aws/rds``,
``aws/elasticfilesystem``, ``aws/ebs`` and so on, which reads like any other key, so a
check asking for a customer managed key would pass on AWS's own. ``customer_key`` gives
the model's value: the key when a customer manages it, ``None`` when AWS does.

An AWS managed key is known by its alias: ``alias/aws/<service>``. ``ListAliases`` lists
every alias of the account and region with the key it targets (``TargetKeyId``), so one
paginated call per account and region tells every managed key there; it is asked on first
need and shared by every collector of the run (``LiveContext.shared``), never one
``DescribeKey`` per resource. When it is denied, whether a named key is AWS's is unknown:
the key is ``Unresolved`` (a check then says unknown, never passed) and the denial is one
coverage gap for ``kms`` in that region.

A key named by an alias needs no lookup either: ``alias/aws/*`` names an AWS managed key
and no other alias can point at one. Nor does a key of another account: AWS managed keys
serve only their own account. SQS, SNS and S3 default encryption do not
go through here: they report the key as the user gave it (``alias/aws/sqs`` included),
which is what the templates hold too, and their checks count the AWS managed key as KMS
encryption (an S3 bucket's AWS managed key is the one named by no key at all).
"""

from __future__ import annotations

from typing import Any

from secfound.collect.live.collector import LiveContext
from secfound.findings import Gap
from secfound.model.values import Unresolved

LIST_ALIASES = "kms:ListAliases"
MANAGED_PREFIX = "alias/aws/"

KeyOrUnresolved = str | Unresolved | None


def customer_key(ctx: LiveContext, key: Any) -> KeyOrUnresolved:
    """``key`` as the model holds it: ``None`` when no key is named or AWS manages it,
    ``Unresolved`` when that cannot be told, else the key as AWS named it."""
    if not key:
        return None
    text = str(key)
    if text.startswith(MANAGED_PREFIX) or f":{MANAGED_PREFIX}" in text:
        return None  # named by its alias: AWS's by definition
    if text.startswith("alias/") or ":alias/" in text:
        return text  # any other alias is a customer's: AWS managed keys take no other
    region, account = _region_and_account(text)
    if account and account != ctx.target.account_id:
        return text
    managed = managed_key_ids(ctx, region or ctx.target.region)
    if isinstance(managed, Unresolved):
        return Unresolved(f"{text} (whether AWS manages it is unknown: {managed.expression})")
    return None if key_id(text) in managed else text


def managed_key_ids(ctx: LiveContext, region: str) -> frozenset[str] | Unresolved:
    """The ids of the AWS managed keys of the context's account in ``region``: one
    ``ListAliases`` per account and region for the whole run."""
    account = ctx.target.account_id
    return ctx.shared.once(
        ("kms:aws-managed-keys", account, region), lambda: _list_managed(ctx, region)
    )


def _list_managed(ctx: LiveContext, region: str) -> frozenset[str] | Unresolved:
    from secfound.collect.live.faults import error_code, fault_reason

    found: set[str] = set()
    try:
        for page in ctx.client("kms", region).get_paginator("list_aliases").paginate():
            for alias in page.get("Aliases", []):
                name = str(alias.get("AliasName", ""))
                if name.startswith(MANAGED_PREFIX) and alias.get("TargetKeyId"):
                    found.add(str(alias["TargetKeyId"]))
    except Exception as exc:
        if error_code(exc) is None:
            raise
        reason = fault_reason(exc, LIST_ALIASES)
        ctx.gaps.append(
            Gap(account=ctx.target.account_id, region=region, service="kms", reason=reason)
        )
        return Unresolved(reason, may_be_absent=True)
    return frozenset(found)


def key_id(key: str) -> str:
    """``arn:aws:kms:…:key/<id>`` or ``<id>`` -> ``<id>``."""
    return key.rsplit("key/", 1)[-1] if "key/" in key else key


def _region_and_account(key: str) -> tuple[str, str]:
    """The region and account fields of a key ARN; empty for a bare key id."""
    parts = key.split(":")
    if len(parts) >= 6 and parts[0] == "arn":
        return parts[3], parts[4]
    return "", ""
