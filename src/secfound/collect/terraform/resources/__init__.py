"""Terraform resource types to model objects: one normalizer per type, one join table.

``normalizers()`` maps each supported resource type to its ``<resource>_from_terraform``;
``join_specs()`` lists every configuring resource that merges into another (see
``secfound.collect.terraform.joins``). Both are built on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, TypeAlias

from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.model.resource import Resource

if TYPE_CHECKING:
    from secfound.collect.terraform.joins import JoinSpec

Normalizer: TypeAlias = Callable[[TerraformResource], Resource]

__all__ = ["Normalizer", "TerraformResource", "join_specs", "normalizers"]


@cache
def normalizers() -> dict[str, Normalizer]:
    from secfound.collect.terraform.resources import cloudtrail, ec2, iam, kms, s3

    return {
        "aws_s3_bucket": s3.bucket_from_terraform,
        "aws_iam_policy": iam.managed_policy_from_terraform,
        "aws_iam_role": iam.role_from_terraform,
        "aws_iam_user": iam.user_from_terraform,
        "aws_iam_group": iam.group_from_terraform,
        "aws_iam_role_policy": iam.role_policy_from_terraform,
        "aws_iam_user_policy": iam.user_policy_from_terraform,
        "aws_iam_group_policy": iam.group_policy_from_terraform,
        "aws_security_group": ec2.security_group_from_terraform,
        "aws_ebs_volume": ec2.volume_from_terraform,
        "aws_kms_key": kms.key_from_terraform,
        "aws_cloudtrail": cloudtrail.trail_from_terraform,
    }


@cache
def join_specs() -> tuple[JoinSpec, ...]:
    from secfound.collect.terraform.resources import ec2, iam, s3

    return (*s3.joins(), *ec2.joins(), *iam.joins())
