"""AWS KMS keys."""

from __future__ import annotations

from dataclasses import dataclass

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True, kw_only=True)
class Key(Resource):
    """A KMS key.

    Defaults are AWS's: a symmetric encryption key (``SYMMETRIC_DEFAULT``,
    ``ENCRYPT_DECRYPT``), enabled, automatic rotation off, a 30-day deletion window, single
    region. ``policy`` is ``None`` when the source gives none (AWS then applies the default
    key policy, which trusts the account's IAM policies).
    """

    resource_type = "AWS::KMS::Key"

    description: str | Unresolved | None = None
    key_spec: str | Unresolved = "SYMMETRIC_DEFAULT"
    key_usage: str | Unresolved = "ENCRYPT_DECRYPT"
    enabled: bool | Unresolved = True
    rotation_enabled: bool | Unresolved = False
    deletion_window_days: int | Unresolved = 30
    multi_region: bool | Unresolved = False
    policy: PolicyDocument | Unresolved | None = None

    def is_symmetric_encryption_key(self) -> bool:
        """True for keys AWS can rotate automatically (symmetric encryption keys)."""
        return self.key_spec == "SYMMETRIC_DEFAULT" and self.key_usage == "ENCRYPT_DECRYPT"
