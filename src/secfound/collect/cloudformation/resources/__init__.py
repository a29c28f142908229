"""Normalizers: one ``<resource>_from_cfn`` per supported type, one module per service.

Each takes the logical id and the resolved ``Properties`` and returns a model object; an
absent property keeps the model's default (what AWS applies). Types that configure another
resource (a bucket policy, a security group rule) are joins, in ``..joins``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from secfound.model.resource import Resource

Normalizer = Callable[..., Resource]


@cache
def normalizers() -> Mapping[str, Normalizer]:
    """Resource type -> its normalizer. Types not listed are skipped (not yet modelled)."""
    from secfound.collect.cloudformation.resources import cloudtrail, ec2, iam, kms, s3

    table: dict[str, Any] = {
        "AWS::S3::Bucket": s3.bucket_from_cfn,
        "AWS::IAM::ManagedPolicy": iam.managed_policy_from_cfn,
        "AWS::IAM::Policy": iam.inline_policy_from_cfn,
        "AWS::IAM::Role": iam.role_from_cfn,
        "AWS::IAM::User": iam.user_from_cfn,
        "AWS::IAM::Group": iam.group_from_cfn,
        "AWS::EC2::SecurityGroup": ec2.security_group_from_cfn,
        "AWS::EC2::Volume": ec2.volume_from_cfn,
        "AWS::KMS::Key": kms.key_from_cfn,
        "AWS::CloudTrail::Trail": cloudtrail.trail_from_cfn,
    }
    return table
