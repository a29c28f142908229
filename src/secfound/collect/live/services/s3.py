"""S3 buckets: one global listing, then each bucket's configuration read in its own region.

``ListBuckets`` answers for every region at once, so the collector is global; each bucket
lives in one region, is read through a client for that region and located there
(``BucketRegion`` of the listing when AWS gives it, else ``GetBucketLocation``). S3 has no
batch read for bucket configuration: each bucket costs one call per setting. Every detail
call is optional: a denied one leaves only its fields unresolved, with a gap, and the bucket
is still reported.

What each "not configured" answer means, as AWS applies it today:

- no default encryption (``ServerSideEncryptionConfigurationNotFoundError``): SSE-S3
  (``AES256``), which AWS applies to every new object since 2023-01-05 (AWS itself now
  reports it; only an older endpoint or a mock says "not found");
- no bucket-level Block Public Access (``NoSuchPublicAccessBlockConfiguration``): all four
  settings off for the bucket (the account-wide setting is the ``Account``'s);
- no ownership controls (``OwnershipControlsNotFoundError``): ``ObjectWriter``, how buckets
  created before April 2023 behave (ACLs enabled);
- no policy (``NoSuchBucketPolicy``), no object lock configuration, no ``LoggingEnabled``,
  versioning never enabled or ``Suspended``: none, off.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.target import Target
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.location import CloudLocation
from secfound.model.policy import parse_policy
from secfound.model.values import Unresolved

PAGE_SIZE = 1000  # also makes ListBuckets return each bucket's region
_US_EAST_1 = "us-east-1"
# GetBucketLocation's legacy answers: none or "" for us-east-1, "EU" for eu-west-1.
_LEGACY_LOCATIONS = {"": _US_EAST_1, "EU": "eu-west-1"}
_BLOCK_FLAGS = {
    "BlockPublicAcls": "block_public_acls",
    "IgnorePublicAcls": "ignore_public_acls",
    "BlockPublicPolicy": "block_public_policy",
    "RestrictPublicBuckets": "restrict_public_buckets",
}
_NOTHING_BLOCKED = PublicAccessBlock(
    block_public_acls=False,
    ignore_public_acls=False,
    block_public_policy=False,
    restrict_public_buckets=False,
)
_GROUPS = "http://acs.amazonaws.com/groups/"
_ALL_USERS = _GROUPS + "global/AllUsers"
_AUTHENTICATED_USERS = _GROUPS + "global/AuthenticatedUsers"
_LOG_DELIVERY = _GROUPS + "s3/LogDelivery"
_WRITE_PERMISSIONS = frozenset({"WRITE", "FULL_CONTROL"})


@collector(
    service="s3",
    scope="global",
    actions=[
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketVersioning",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketOwnershipControls",
        "s3:GetBucketAcl",
        "s3:GetBucketLogging",
        "s3:GetBucketPolicy",
    ],
)
def buckets(ctx: LiveContext) -> Iterator[Bucket]:
    pages = (
        ctx.client()
        .get_paginator("list_buckets")
        .paginate(PaginationConfig={"PageSize": PAGE_SIZE})
    )
    for page in pages:
        for entry in page.get("Buckets", []):
            yield _bucket(ctx, entry)


def _bucket(ctx: LiveContext, entry: Mapping[str, Any]) -> Bucket:
    name = str(entry["Name"])
    region = _region_of(ctx, name, entry)
    # Gaps about this bucket name its region; the list of gaps is the collector's own.
    here = dataclasses.replace(ctx, target=Target(ctx.target.account_id, region))
    s3 = here.client()
    arn = here.target.arn("s3", name, regional=False)
    return Bucket(
        address=arn,
        location=CloudLocation(account=ctx.target.account_id, region=region, arn=arn),
        name=name,
        **_encryption(here, s3, name),
        **_versioning(here, s3, name),
        object_lock_enabled=here.optional(
            lambda: _object_lock_enabled(s3.get_object_lock_configuration(Bucket=name)),
            action="s3:GetBucketObjectLockConfiguration",
            absent=("ObjectLockConfigurationNotFoundError",),
            default=False,
        ),
        public_access_block=here.optional(
            lambda: public_access_block(s3.get_public_access_block(Bucket=name)),
            action="s3:GetBucketPublicAccessBlock",
            absent=("NoSuchPublicAccessBlockConfiguration",),
            default=_NOTHING_BLOCKED,
        ),
        object_ownership=here.optional(
            lambda: _object_ownership(s3.get_bucket_ownership_controls(Bucket=name)),
            action="s3:GetBucketOwnershipControls",
            absent=("OwnershipControlsNotFoundError",),
            default="ObjectWriter",
        ),
        acl=here.optional(
            lambda: canned_acl(s3.get_bucket_acl(Bucket=name).get("Grants", [])),
            action="s3:GetBucketAcl",
        ),
        logging_target_bucket=here.optional(
            lambda: _logging_target(s3.get_bucket_logging(Bucket=name)),
            action="s3:GetBucketLogging",
        ),
        policy=here.optional(
            lambda: parse_policy(s3.get_bucket_policy(Bucket=name)["Policy"]),
            action="s3:GetBucketPolicy",
            absent=("NoSuchBucketPolicy",),
        ),
    )


def bucket_region(location_constraint: str | None) -> str:
    """The region a ``GetBucketLocation`` answer names (legacy none/``""``/``EU`` included)."""
    text = location_constraint or ""
    return _LEGACY_LOCATIONS.get(text, text)


def _region_of(ctx: LiveContext, name: str, entry: Mapping[str, Any]) -> str:
    """The bucket's region: from the listing, else asked; the home region when denied
    (the gap says so, and the detail calls still reach the bucket through S3's redirects)."""
    listed = entry.get("BucketRegion")
    if listed:
        return str(listed)
    answer = ctx.optional(
        lambda: bucket_region(
            ctx.client().get_bucket_location(Bucket=name).get("LocationConstraint")
        ),
        action="s3:GetBucketLocation",
    )
    return ctx.target.region if isinstance(answer, Unresolved) else str(answer)


def _encryption(ctx: LiveContext, s3: Any, name: str) -> dict[str, Any]:
    """Default encryption fields; none configured leaves the model's SSE-S3 default."""
    answer = ctx.optional(
        lambda: s3.get_bucket_encryption(Bucket=name),
        action="s3:GetEncryptionConfiguration",
        absent=("ServerSideEncryptionConfigurationNotFoundError",),
        default={},
    )
    if isinstance(answer, Unresolved):
        return {"sse_algorithm": answer, "kms_key_id": answer, "bucket_key_enabled": answer}
    rules = answer.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    if not rules:
        return {}
    rule = rules[0]
    default = rule.get("ApplyServerSideEncryptionByDefault", {})
    fields: dict[str, Any] = {"bucket_key_enabled": bool(rule.get("BucketKeyEnabled", False))}
    if default.get("SSEAlgorithm"):
        fields["sse_algorithm"] = str(default["SSEAlgorithm"])
    if default.get("KMSMasterKeyID"):
        fields["kms_key_id"] = str(default["KMSMasterKeyID"])
    return fields


def _versioning(ctx: LiveContext, s3: Any, name: str) -> dict[str, Any]:
    """Versioning and MFA delete; a bucket never versioned answers without ``Status``."""
    answer = ctx.optional(
        lambda: s3.get_bucket_versioning(Bucket=name), action="s3:GetBucketVersioning"
    )
    if isinstance(answer, Unresolved):
        return {"versioning_enabled": answer, "mfa_delete_enabled": answer}
    return {
        "versioning_enabled": answer.get("Status") == "Enabled",
        "mfa_delete_enabled": answer.get("MFADelete") == "Enabled",
    }


def _object_lock_enabled(answer: Mapping[str, Any]) -> bool:
    return bool(answer.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled") == "Enabled")


def public_access_block(answer: Mapping[str, Any]) -> PublicAccessBlock:
    """A bucket's Block Public Access; a setting the answer leaves out is off."""
    configuration = answer.get("PublicAccessBlockConfiguration", {})
    return PublicAccessBlock(
        **{field: bool(configuration.get(key, False)) for key, field in _BLOCK_FLAGS.items()}
    )


def _object_ownership(answer: Mapping[str, Any]) -> str:
    rules = answer.get("OwnershipControls", {}).get("Rules", [])
    return str(rules[0]["ObjectOwnership"]) if rules else "ObjectWriter"


def canned_acl(grants: Iterable[Mapping[str, Any]]) -> str:
    """The canned ACL that the bucket's grants amount to, named by the widest group they reach.

    The model speaks canned ACLs (what templates write); the API answers with grants. Any
    grant to everyone is ``public-read`` (``public-read-write`` when it lets them write), any
    to every AWS account is ``authenticated-read``, one to S3's log delivery group is
    ``log-delivery-write``. Grants to named accounts only have no canned name and are not
    public: they read as ``private``.
    """
    by_group: dict[str, set[str]] = {}
    for grant in grants:
        uri = grant.get("Grantee", {}).get("URI")
        if uri:
            by_group.setdefault(str(uri), set()).add(str(grant.get("Permission", "")))
    if _ALL_USERS in by_group:
        writes = by_group[_ALL_USERS] & _WRITE_PERMISSIONS
        return "public-read-write" if writes else "public-read"
    if _AUTHENTICATED_USERS in by_group:
        return "authenticated-read"
    if _LOG_DELIVERY in by_group:
        return "log-delivery-write"
    return "private"


def _logging_target(answer: Mapping[str, Any]) -> str | None:
    target = answer.get("LoggingEnabled", {}).get("TargetBucket")
    return str(target) if target else None
