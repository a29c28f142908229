"""S3 buckets from Terraform: ``aws_s3_bucket`` and the resources that configure it.

AWS provider v4 moved versioning, encryption, logging, ACL, policy, ownership, object lock
and Block Public Access to their own resources; they merge into the bucket through the
join table (``joins()``). The v3 inline arguments (``versioning {}``,
``server_side_encryption_configuration {}``, ``logging {}``, ``acl``, ``policy``) are read
too. Whatever is absent keeps the model's default, which is what AWS applies today.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    dig,
    first_block,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def bucket_from_terraform(resource: TerraformResource) -> Bucket:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("bucket"), f"{where}.bucket")
    set_if(fields, "acl", as_str(args.get("acl"), f"{where}.acl"))
    set_if(fields, "policy", policy(args.get("policy")))
    set_if(fields, "object_lock_enabled", as_bool(args.get("object_lock_enabled"), where))
    legacy_lock = dig(args.get("object_lock_configuration"), "object_lock_enabled")
    if legacy_lock is not None:
        fields["object_lock_enabled"] = _enabled(legacy_lock, f"{where}.object_lock_configuration")
    versioning = first_block(args.get("versioning"))
    if isinstance(versioning, Unresolved):
        fields["versioning_enabled"] = versioning
    elif versioning is not None:
        set_if(fields, "versioning_enabled", as_bool(versioning.get("enabled"), where))
        set_if(fields, "mfa_delete_enabled", as_bool(versioning.get("mfa_delete"), where))
    encryption = first_block(args.get("server_side_encryption_configuration"))
    if isinstance(encryption, Unresolved):
        fields["sse_algorithm"] = encryption
    elif encryption is not None:
        fields.update(_encryption(encryption.get("rule"), where))
    logging = first_block(args.get("logging"))
    if isinstance(logging, Unresolved):
        fields["logging_target_bucket"] = logging
    elif logging is not None:
        fields["logging_target_bucket"] = as_str(logging.get("target_bucket"), where)
    return Bucket(**fields)


def _enabled(value: Any, where: str) -> bool | Unresolved | None:
    """``"Enabled"``/``"Disabled"`` (and Suspended) as a bool."""
    if value is None or isinstance(value, Unresolved):
        return value
    if isinstance(value, str):
        return value.lower() == "enabled"
    return as_bool(value, where)


def _encryption(rule: Any, where: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    block = first_block(rule)
    if isinstance(block, Unresolved):
        return {"sse_algorithm": block}
    if block is None:
        return fields
    default = first_block(block.get("apply_server_side_encryption_by_default"))
    if isinstance(default, Unresolved):
        fields["sse_algorithm"] = default
    elif default is not None:
        set_if(fields, "sse_algorithm", as_str(default.get("sse_algorithm"), where))
        set_if(fields, "kms_key_id", as_str(default.get("kms_master_key_id"), where))
    set_if(fields, "bucket_key_enabled", as_bool(block.get("bucket_key_enabled"), where))
    return fields


# ---------------------------------------------------------------------------------------
# The split configuration resources of provider v4+


def _versioning(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    config = first_block(source.arguments.get("versioning_configuration"))
    if isinstance(config, Unresolved):
        return {"versioning_enabled": config}
    if config is None:
        return {}
    fields: dict[str, Any] = {}
    set_if(fields, "versioning_enabled", _enabled(config.get("status"), source.address))
    set_if(fields, "mfa_delete_enabled", _enabled(config.get("mfa_delete"), source.address))
    return fields


def _encryption_resource(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    return _encryption(source.arguments.get("rule"), source.address)


def _public_access_block(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    # Present: an argument left out is false (the resource's own default).
    args = source.arguments
    settings = {}
    for name in (
        "block_public_acls",
        "ignore_public_acls",
        "block_public_policy",
        "restrict_public_buckets",
    ):
        value = as_bool(args.get(name), f"{source.address}.{name}")
        settings[name] = False if value is None else value
    return {"public_access_block": PublicAccessBlock(**settings)}


def _logging(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    return {"logging_target_bucket": as_str(source.arguments.get("target_bucket"), source.address)}


def _policy(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    return {"policy": policy(source.arguments.get("policy"))}


def _acl(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    acl = as_str(source.arguments.get("acl"), source.address)
    if acl is None:
        # An access_control_policy grant list instead of a canned ACL: not modelled yet.
        return {"acl": Unresolved(f"{source.address}.access_control_policy")}
    return {"acl": acl}


def _ownership(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    ownership = dig(source.arguments.get("rule"), "object_ownership")
    if ownership is None:
        return {}
    return {"object_ownership": as_str(ownership, source.address)}


def _object_lock(_: Bucket, source: TerraformResource) -> Mapping[str, Any]:
    enabled = source.arguments.get("object_lock_enabled", "Enabled")
    return {"object_lock_enabled": _enabled(enabled, source.address)}


def joins() -> tuple[JoinSpec, ...]:
    keys = ("bucket",)
    table = (
        ("aws_s3_bucket_versioning", _versioning),
        ("aws_s3_bucket_server_side_encryption_configuration", _encryption_resource),
        ("aws_s3_bucket_public_access_block", _public_access_block),
        ("aws_s3_bucket_logging", _logging),
        ("aws_s3_bucket_policy", _policy),
        ("aws_s3_bucket_acl", _acl),
        ("aws_s3_bucket_ownership_controls", _ownership),
        ("aws_s3_bucket_object_lock_configuration", _object_lock),
    )
    return tuple(JoinSpec(t, "aws_s3_bucket", "bucket", keys, merge) for t, merge in table)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_s3_bucket": bucket_from_terraform,
    }
