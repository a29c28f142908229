"""The account as an aggregate: settings that belong to no single resource.

Checks that judge an account-wide setting, or a resource in the light of one, take an
``Account`` as context (DESIGN.md, "Types"). A live assessment builds one per account; an
IaC scan builds one only where the code declares account-level settings
(``aws_ebs_encryption_by_default``, ``aws_s3_account_public_access_block``).

``Account`` holds the regional settings (one per region). ``AccountSettings`` holds what
belongs to the account as a whole and is read once, from IAM and Account Management: the
root user, the password policy, alternate contacts and support roles. (IAM Access
Analyzer's analyzers are part of the security services inventory, ``services``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from secfound.model.aws.iam import AccessKeyUsage
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True, kw_only=True)
class Account(Resource):
    """Account-wide settings. ``None`` means the source did not say."""

    resource_type = "AWS::Account"

    account_id: str | Unresolved | None = None
    ebs_encryption_by_default: bool | Unresolved | None = None
    s3_block_public_access: bool | Unresolved | None = None


@dataclass(frozen=True, kw_only=True)
class RootUser:
    """The account's root user.

    ``mfa_enabled`` and ``access_keys_present`` come from the IAM account summary;
    ``virtual_mfa`` is true when a virtual MFA device is assigned to the root user (so its
    MFA is not a hardware device). The last-use dates come from the root row of the
    credential report: ``None`` when the root user never signed in or used a key.
    ``Unresolved`` marks what a denied call kept from being read.
    """

    mfa_enabled: bool | Unresolved | None = None
    virtual_mfa: bool | Unresolved | None = None
    access_keys_present: bool | Unresolved | None = None
    password_last_used: datetime | Unresolved | None = None
    access_keys: tuple[AccessKeyUsage, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class PasswordPolicy:
    """The account's IAM password policy, as ``GetAccountPasswordPolicy`` returns it.

    ``reuse_prevention`` is how many previous passwords a user may not reuse (``None``:
    reuse allowed); ``max_age_days`` ``None``: passwords never expire.
    """

    minimum_length: int = 8
    require_uppercase: bool = False
    require_lowercase: bool = False
    require_numbers: bool = False
    require_symbols: bool = False
    reuse_prevention: int | None = None
    max_age_days: int | None = None
    hard_expiry: bool = False
    users_may_change: bool = False


@dataclass(frozen=True, kw_only=True)
class AlternateContact:
    """One alternate contact of the account (security, operations or billing)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None


@dataclass(frozen=True, kw_only=True)
class AccountSettings(Resource):
    """Settings of the account as a whole (read once, not per region).

    ``password_policy`` ``None``: the account has no password policy, so IAM's defaults
    apply (8 characters, reuse allowed). A contact ``None``: none is registered.
    ``support_roles`` names the roles with the AWS managed ``AWSSupportAccess`` policy.
    ``credentials_generated`` is when the credential report behind ``root``'s last-use
    dates was generated: the "now" that checks measure ages against.
    ``Unresolved`` marks what a denied call kept from being read.
    """

    resource_type = "AWS::Account::Settings"

    account_id: str | None = None
    root: RootUser | Unresolved = RootUser()
    password_policy: PasswordPolicy | Unresolved | None = None
    security_contact: AlternateContact | Unresolved | None = None
    operations_contact: AlternateContact | Unresolved | None = None
    billing_contact: AlternateContact | Unresolved | None = None
    support_roles: tuple[str, ...] | Unresolved = ()
    credentials_generated: datetime | Unresolved | None = None
