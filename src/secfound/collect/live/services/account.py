"""The account's own settings, per region: EBS encryption by default (a regional setting)
and the S3 account-level Block Public Access (one setting for the account)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.account import Account

_BLOCK_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


@collector(
    service="ec2",
    actions=["ec2:GetEbsEncryptionByDefault", "s3:GetAccountPublicAccessBlock"],
)
def settings(ctx: LiveContext) -> Iterator[Account]:
    account_id = ctx.target.account_id
    ebs = ctx.optional(
        lambda: bool(ctx.client().get_ebs_encryption_by_default()["EbsEncryptionByDefault"]),
        action="ec2:GetEbsEncryptionByDefault",
    )
    block = ctx.optional(
        lambda: _all_blocked(ctx.client("s3control").get_public_access_block(AccountId=account_id)),
        action="s3:GetAccountPublicAccessBlock",
        absent=("NoSuchPublicAccessBlockConfiguration",),
        default=False,
    )
    yield Account(
        address=account_id,
        location=ctx.location(f"arn:{ctx.target.partition}:::{account_id}"),
        account_id=account_id,
        ebs_encryption_by_default=ebs,
        s3_block_public_access=block,
    )


def _all_blocked(answer: dict[str, Any]) -> bool:
    """True when all four settings of the account's Block Public Access are on."""
    configuration = answer.get("PublicAccessBlockConfiguration", {})
    return all(bool(configuration.get(flag)) for flag in _BLOCK_FLAGS)
