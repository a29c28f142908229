"""IAM roles, users, groups and policies; ``AWS::IAM::UserToGroupAddition`` is a join."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_int,
    to_policy,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, NamedPolicy, Role, User
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


def _policy(value: Any, what: str) -> Any:
    return to_policy(value)


def named_policies(value: Any, what: str = "Policies") -> tuple[NamedPolicy, ...] | Unresolved:
    """The ``Policies`` list of a role, user or group as (name, document) pairs."""
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, list):
        return Unresolved(f"{what}: expected a list of policies")
    policies: list[NamedPolicy] = []
    for index, item in enumerate(value):
        if isinstance(item, Unresolved):
            return item
        if not isinstance(item, Mapping):
            return Unresolved(f"{what}[{index}]: expected a mapping")
        name = item.get("PolicyName")
        policies.append(
            NamedPolicy(
                name=None if name is None else to_str(name, "PolicyName"),
                document=to_policy(item.get("PolicyDocument")),
            )
        )
    return tuple(policies)


def _common(fields: dict[str, Any], properties: Mapping[str, Any], name_key: str) -> None:
    set_if_present(fields, "name", properties, name_key, to_str)
    set_if_present(fields, "path", properties, "Path", to_str)
    set_if_present(fields, "inline_policies", properties, "Policies", named_policies)
    set_if_present(fields, "managed_policy_arns", properties, "ManagedPolicyArns", to_str_tuple)


def role_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Role:
    fields = identity(address, properties, location, conditional)
    _common(fields, properties, "RoleName")
    set_if_present(fields, "trust_policy", properties, "AssumeRolePolicyDocument", _policy)
    set_if_present(fields, "permissions_boundary", properties, "PermissionsBoundary", to_str)
    set_if_present(fields, "max_session_seconds", properties, "MaxSessionDuration", to_int)
    return Role(**fields)


def user_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> User:
    fields = identity(address, properties, location, conditional)
    _common(fields, properties, "UserName")
    set_if_present(fields, "groups", properties, "Groups", to_str_tuple)
    set_if_present(fields, "permissions_boundary", properties, "PermissionsBoundary", to_str)
    if "LoginProfile" in properties:
        profile = properties["LoginProfile"]
        fields["has_console_password"] = profile if isinstance(profile, Unresolved) else True
    return User(**fields)


def group_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Group:
    fields = identity(address, properties, location, conditional)
    _common(fields, properties, "GroupName")
    return Group(**fields)


def _attachments(fields: dict[str, Any], properties: Mapping[str, Any], prefix: str) -> None:
    for key in ("Users", "Groups", "Roles"):
        set_if_present(fields, f"{prefix}{key.lower()}", properties, key, to_str_tuple)


def managed_policy_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> ManagedPolicy:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "ManagedPolicyName", to_str)
    fields["document"] = to_policy(properties.get("PolicyDocument"))
    _attachments(fields, properties, "attached_")
    return ManagedPolicy(**fields)


def inline_policy_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> InlinePolicy:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "PolicyName", to_str)
    fields["document"] = to_policy(properties.get("PolicyDocument"))
    _attachments(fields, properties, "")
    return InlinePolicy(**fields)


def with_group_membership(user: User, properties: Mapping[str, Any]) -> User:
    """The user with the group an ``AWS::IAM::UserToGroupAddition`` adds it to."""
    if isinstance(user.groups, Unresolved):
        return user
    group = to_str(properties.get("GroupName"), "GroupName")
    return dataclasses.replace(user, groups=(*user.groups, group))


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::IAM::ManagedPolicy": managed_policy_from_cfn,
        "AWS::IAM::Policy": inline_policy_from_cfn,
        "AWS::IAM::Role": role_from_cfn,
        "AWS::IAM::User": user_from_cfn,
        "AWS::IAM::Group": group_from_cfn,
    }


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join(
            "AWS::IAM::UserToGroupAddition",
            "AWS::IAM::User",
            ("Users",),
            with_group_membership,
            many=True,
        ),
    )
