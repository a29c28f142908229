"""EFS file systems from Terraform, with ``aws_efs_file_system_policy`` joined in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.efs import FileSystem
from secfound.model.resource import Resource


def file_system_from_terraform(resource: TerraformResource) -> FileSystem:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "encrypted", as_bool(args.get("encrypted"), f"{where}.encrypted"))
    set_if(fields, "kms_key_id", as_str(args.get("kms_key_id"), f"{where}.kms_key_id"))
    return FileSystem(**fields)


def _policy(_: FileSystem, source: TerraformResource) -> Mapping[str, Any]:
    return {"policy": policy(source.arguments.get("policy"))}


def joins() -> tuple[JoinSpec, ...]:
    # A file system is named by its id, known only after apply: only references find it.
    return (
        JoinSpec(
            "aws_efs_file_system_policy", "aws_efs_file_system", "file_system_id", (), _policy
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_efs_file_system": file_system_from_terraform}
