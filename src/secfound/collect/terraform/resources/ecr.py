"""ECR repositories from Terraform: ``aws_ecr_repository``, with its policy joined in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    first_block,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.ecr import Repository
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def repository_from_terraform(resource: TerraformResource) -> Repository:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "name", as_str(args.get("name"), f"{where}.name"))
    set_if(
        fields,
        "image_tag_mutability",
        as_str(args.get("image_tag_mutability"), f"{where}.image_tag_mutability"),
    )
    scanning = first_block(args.get("image_scanning_configuration"))
    if isinstance(scanning, Unresolved):
        fields["scan_on_push"] = scanning
    elif scanning is not None:
        set_if(fields, "scan_on_push", as_bool(scanning.get("scan_on_push"), where))
    encryption = first_block(args.get("encryption_configuration"))
    if isinstance(encryption, Unresolved):
        fields["encryption_type"] = encryption
    elif encryption is not None:
        set_if(fields, "encryption_type", as_str(encryption.get("encryption_type"), where))
        set_if(fields, "kms_key_id", as_str(encryption.get("kms_key"), where))
    return Repository(**fields)


def _policy(_: Repository, source: TerraformResource) -> Mapping[str, Any]:
    return {"policy": policy(source.arguments.get("policy"))}


def joins() -> tuple[JoinSpec, ...]:
    return (
        JoinSpec(
            "aws_ecr_repository_policy", "aws_ecr_repository", "repository", ("name",), _policy
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_ecr_repository": repository_from_terraform}
