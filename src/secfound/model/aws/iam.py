"""AWS IAM identities and policies.

Inline policies embedded in a role, user or group (CloudFormation ``Policies``, Terraform
``inline_policy`` blocks, and ``aws_iam_role_policy`` & co. merged by the source) are kept on
the identity; standalone policies are ``ManagedPolicy`` or ``InlinePolicy`` resources.
A live assessment reads inline policies from their identity, so it puts them all on the
identity. ``UserCredentials`` (live only) is a user's row of the IAM credential report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class NamedPolicy:
    """A policy document with the name it is given on its identity."""

    name: StrOrUnresolved | None = None
    document: PolicyDocument | Unresolved = field(default_factory=PolicyDocument)


@dataclass(frozen=True, kw_only=True)
class ManagedPolicy(Resource):
    """A customer managed policy (``AWS::IAM::ManagedPolicy``, ``aws_iam_policy``)."""

    resource_type = "AWS::IAM::ManagedPolicy"

    name: StrOrUnresolved | None = None
    document: PolicyDocument | Unresolved = field(default_factory=PolicyDocument)
    attached_users: tuple[StrOrUnresolved, ...] | Unresolved = ()
    attached_groups: tuple[StrOrUnresolved, ...] | Unresolved = ()
    attached_roles: tuple[StrOrUnresolved, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class InlinePolicy(Resource):
    """A standalone inline policy resource (``AWS::IAM::Policy``).

    ``aws_iam_role_policy``, ``aws_iam_user_policy`` and ``aws_iam_group_policy`` in
    Terraform describe the same thing attached to one identity each.
    """

    resource_type = "AWS::IAM::Policy"

    name: StrOrUnresolved | None = None
    document: PolicyDocument | Unresolved = field(default_factory=PolicyDocument)
    users: tuple[StrOrUnresolved, ...] | Unresolved = ()
    groups: tuple[StrOrUnresolved, ...] | Unresolved = ()
    roles: tuple[StrOrUnresolved, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class Role(Resource):
    """An IAM role. ``max_session_seconds`` defaults to AWS's 3,600."""

    resource_type = "AWS::IAM::Role"

    name: StrOrUnresolved | None = None
    path: StrOrUnresolved = "/"
    trust_policy: PolicyDocument | Unresolved = field(default_factory=PolicyDocument)
    inline_policies: tuple[NamedPolicy, ...] | Unresolved = ()
    managed_policy_arns: tuple[StrOrUnresolved, ...] | Unresolved = ()
    permissions_boundary: StrOrUnresolved | None = None
    max_session_seconds: int | Unresolved = 3600


@dataclass(frozen=True, kw_only=True)
class User(Resource):
    """An IAM user. ``has_console_password`` is true when a login profile is declared."""

    resource_type = "AWS::IAM::User"

    name: StrOrUnresolved | None = None
    path: StrOrUnresolved = "/"
    inline_policies: tuple[NamedPolicy, ...] | Unresolved = ()
    managed_policy_arns: tuple[StrOrUnresolved, ...] | Unresolved = ()
    groups: tuple[StrOrUnresolved, ...] | Unresolved = ()
    has_console_password: bool | Unresolved = False
    permissions_boundary: StrOrUnresolved | None = None


@dataclass(frozen=True, kw_only=True)
class Group(Resource):
    """An IAM group."""

    resource_type = "AWS::IAM::Group"

    name: StrOrUnresolved | None = None
    path: StrOrUnresolved = "/"
    inline_policies: tuple[NamedPolicy, ...] | Unresolved = ()
    managed_policy_arns: tuple[StrOrUnresolved, ...] | Unresolved = ()


PolicyHolder: TypeAlias = ManagedPolicy | InlinePolicy | Role | User | Group


def identity_policies(resource: PolicyHolder) -> tuple[NamedPolicy, ...]:
    """The permission policies a resource carries, as (name, document) pairs.

    For a role this is its inline policies (never its trust policy); for a standalone
    policy, the policy itself. Raises when the list itself is unresolved.
    """
    if isinstance(resource, ManagedPolicy | InlinePolicy):
        return (NamedPolicy(name=resource.name, document=resource.document),)
    policies = resource.inline_policies
    if isinstance(policies, Unresolved):
        policies._refuse("iteration")
    return policies


@dataclass(frozen=True, kw_only=True)
class AccessKeyUsage:
    """One access key slot of an identity, as the IAM credential report lists it.

    ``last_rotated`` is when the key was created or last rotated; ``last_used`` is ``None``
    when the key was never used (or before AWS began recording use, in April 2015).
    """

    active: bool
    last_rotated: datetime | None = None
    last_used: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class UserCredentials(Resource):
    """An IAM user's sign-in credentials, one row of the account's credential report.

    Only a live assessment knows these: a template declares a user, not when its password
    was last used. ``generated`` is when AWS generated the report; checks measure ages
    against it (never against the clock), so they stay pure and a finding says how old a
    credential was when it was read. ``None`` dates mean AWS has no information (never
    used, or not applicable).
    """

    resource_type = "AWS::IAM::UserCredentials"

    user: str
    generated: datetime
    created: datetime | None = None
    password_enabled: bool = False
    password_last_used: datetime | None = None
    password_last_changed: datetime | None = None
    mfa_active: bool = False
    access_keys: tuple[AccessKeyUsage, ...] = ()

    def active_keys(self) -> tuple[AccessKeyUsage, ...]:
        return tuple(key for key in self.access_keys if key.active)
