"""Amazon S3 buckets, with their split configuration merged in.

In Terraform (AWS provider v4+) versioning, encryption, public access block, logging,
policy, ACL and ownership are separate resources; sources merge them into the one
``Bucket`` they configure, so a check sees the bucket as AWS does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved

# Canned ACLs that grant access beyond the bucket owner's account.
PUBLIC_CANNED_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})


@dataclass(frozen=True, kw_only=True)
class PublicAccessBlock:
    """The four S3 Block Public Access settings of a bucket.

    Default: all four on. Since April 2023 AWS turns Block Public Access on for every new
    bucket; a template that says nothing gets them.
    """

    block_public_acls: BoolOrUnresolved = True
    ignore_public_acls: BoolOrUnresolved = True
    block_public_policy: BoolOrUnresolved = True
    restrict_public_buckets: BoolOrUnresolved = True

    def all_enabled(self) -> bool:
        """True when all four settings are on; raises when any is unresolved."""
        return bool(
            self.block_public_acls
            and self.ignore_public_acls
            and self.block_public_policy
            and self.restrict_public_buckets
        )

    def disabled_settings(self) -> tuple[str, ...]:
        """Names of the settings that are off (raises when one is unresolved)."""
        names = (
            "block_public_acls",
            "ignore_public_acls",
            "block_public_policy",
            "restrict_public_buckets",
        )
        return tuple(n for n in names if not getattr(self, n))


@dataclass(frozen=True, kw_only=True)
class Bucket(Resource):
    """An S3 general purpose bucket.

    Defaults are what AWS applies to a new bucket today:
    - ``sse_algorithm``: ``AES256`` (SSE-S3), applied to every new object since 2023-01-05.
    - ``public_access_block``: all four on, for new buckets since April 2023.
    - ``object_ownership``: ``BucketOwnerEnforced`` (ACLs disabled), since April 2023.
    - ``acl``: ``private``.
    - ``versioning_enabled``, ``mfa_delete_enabled``, ``object_lock_enabled``: off.
    """

    resource_type = "AWS::S3::Bucket"

    name: StrOrUnresolved | None = None
    sse_algorithm: StrOrUnresolved = "AES256"
    kms_key_id: StrOrUnresolved | None = None
    bucket_key_enabled: BoolOrUnresolved = False
    versioning_enabled: BoolOrUnresolved = False
    mfa_delete_enabled: BoolOrUnresolved = False
    object_lock_enabled: BoolOrUnresolved = False
    public_access_block: PublicAccessBlock | Unresolved = field(default_factory=PublicAccessBlock)
    object_ownership: StrOrUnresolved = "BucketOwnerEnforced"
    acl: StrOrUnresolved = "private"
    logging_target_bucket: StrOrUnresolved | None = None
    policy: PolicyDocument | Unresolved | None = None
