"""The account as an aggregate: settings that belong to no single resource.

Checks that judge an account-wide setting, or a resource in the light of one, take an
``Account`` as context (DESIGN.md, "Types"). A live assessment builds one per account; an
IaC scan builds one only where the code declares account-level settings
(``aws_ebs_encryption_by_default``, ``aws_s3_account_public_access_block``).
"""

from __future__ import annotations

from dataclasses import dataclass

from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True, kw_only=True)
class Account(Resource):
    """Account-wide settings. ``None`` means the source did not say."""

    resource_type = "AWS::Account"

    account_id: str | Unresolved | None = None
    ebs_encryption_by_default: bool | Unresolved | None = None
    s3_block_public_access: bool | Unresolved | None = None
