"""Amazon ECR private repositories, with the repository policy merged in."""

from __future__ import annotations

from dataclasses import dataclass

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True, kw_only=True)
class Repository(Resource):
    """An ECR private repository.

    Defaults are what AWS applies to a new repository: scan on push off, tags mutable
    (``MUTABLE``), encryption ``AES256`` (keys ECR owns) and no KMS key, and no repository
    policy (only the owning account's IAM principals can reach it). ``encryption_type``
    ``KMS`` without ``kms_key_id`` means the AWS managed key ``aws/ecr``.
    ``image_tag_mutability`` also takes ``IMMUTABLE_WITH_EXCLUSION`` and
    ``MUTABLE_WITH_EXCLUSION`` (tag filters exempt from the rule).
    """

    resource_type = "AWS::ECR::Repository"

    name: str | Unresolved | None = None
    scan_on_push: bool | Unresolved = False
    image_tag_mutability: str | Unresolved = "MUTABLE"
    encryption_type: str | Unresolved = "AES256"
    kms_key_id: str | Unresolved | None = None
    policy: PolicyDocument | Unresolved | None = None
