"""``AWS::S3::Bucket`` to ``Bucket``; ``AWS::S3::BucketPolicy`` is merged in by the joins."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_policy,
    to_str,
)
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


_PUBLIC_ACCESS_KEYS = {
    "BlockPublicAcls": "block_public_acls",
    "IgnorePublicAcls": "ignore_public_acls",
    "BlockPublicPolicy": "block_public_policy",
    "RestrictPublicBuckets": "restrict_public_buckets",
}


def canned_acl(value: Any, what: str = "AccessControl") -> str | Unresolved:
    """CloudFormation's ``PublicRead`` as S3's canned ACL ``public-read``."""
    text = to_str(value, what)
    if isinstance(text, Unresolved):
        return text
    return re.sub(r"(?<!^)(?=[A-Z])", "-", text).lower()


def public_access_block(value: Any) -> PublicAccessBlock | Unresolved:
    """Present configuration: each setting it leaves out is off (the S3 API's behaviour)."""
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, Mapping):
        return Unresolved("PublicAccessBlockConfiguration: expected a mapping")
    settings = {
        field: to_bool(value.get(key, False), key) for key, field in _PUBLIC_ACCESS_KEYS.items()
    }
    return PublicAccessBlock(**settings)


def versioning(value: Any, what: str = "VersioningConfiguration") -> bool | Unresolved:
    status = dig(value, "Status")
    if status is MISSING or isinstance(status, Unresolved):
        return status if status is not MISSING else Unresolved(f"{what} without Status")
    if status == "Enabled":
        return True
    if status == "Suspended":
        return False
    return Unresolved(f"{what}.Status: expected Enabled or Suspended, got {status!r}")


def bucket_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Bucket:
    """A ``Bucket`` from the resolved properties of an ``AWS::S3::Bucket``."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "BucketName", to_str)
    _encryption(fields, properties)
    set_if_present(fields, "versioning_enabled", properties, "VersioningConfiguration", versioning)
    set_if_present(fields, "object_lock_enabled", properties, "ObjectLockEnabled", to_bool)
    set_if_present(fields, "acl", properties, "AccessControl", canned_acl)
    if "PublicAccessBlockConfiguration" in properties:
        fields["public_access_block"] = public_access_block(
            properties["PublicAccessBlockConfiguration"]
        )
    ownership = dig(properties, "OwnershipControls", "Rules", 0, "ObjectOwnership")
    if ownership is not MISSING:
        fields["object_ownership"] = to_str(ownership, "ObjectOwnership")
    if "LoggingConfiguration" in properties:
        target = dig(properties, "LoggingConfiguration", "DestinationBucketName")
        if target is MISSING:  # no destination: S3 logs to the bucket itself
            name = fields.get("name")
            target = name if name is not None else Unresolved(f"!Ref {address}", identifier=True)
        fields["logging_target_bucket"] = to_str(target, "DestinationBucketName")
    return Bucket(**fields)


def _encryption(fields: dict[str, Any], properties: Mapping[str, Any]) -> None:
    rule = dig(properties, "BucketEncryption", "ServerSideEncryptionConfiguration", 0)
    if rule is MISSING:
        return
    default = dig(rule, "ServerSideEncryptionByDefault")
    if default is not MISSING:
        algorithm = dig(default, "SSEAlgorithm")
        if algorithm is not MISSING:
            fields["sse_algorithm"] = to_str(algorithm, "SSEAlgorithm")
        key = dig(default, "KMSMasterKeyID")
        if key is not MISSING:
            fields["kms_key_id"] = to_str(key, "KMSMasterKeyID")
    enabled = dig(rule, "BucketKeyEnabled")
    if enabled is not MISSING:
        fields["bucket_key_enabled"] = to_bool(enabled, "BucketKeyEnabled")


def with_bucket_policy(bucket: Bucket, properties: Mapping[str, Any]) -> Bucket:
    """The bucket with the policy an ``AWS::S3::BucketPolicy`` gives it."""
    return dataclasses.replace(bucket, policy=to_policy(properties.get("PolicyDocument")))


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::S3::Bucket": bucket_from_cfn,
    }


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (Join("AWS::S3::BucketPolicy", "AWS::S3::Bucket", ("Bucket",), with_bucket_policy),)
