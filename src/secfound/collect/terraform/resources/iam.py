"""IAM roles, users, groups and policies from Terraform.

Attachments (``aws_iam_*_policy_attachment``), login profiles and group memberships merge
into the identity they name through the join table; ``aws_iam_role_policy`` and its user
and group siblings are standalone ``InlinePolicy`` resources naming their identity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_int,
    as_str,
    as_str_tuple,
    blocks,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, NamedPolicy, Role, User
from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def _document(value: Any) -> PolicyDocument | Unresolved:
    parsed = policy(value)
    return PolicyDocument() if parsed is None else parsed


def _inline_policies(value: Any, where: str) -> tuple[NamedPolicy, ...] | Unresolved:
    found = blocks(value)
    if isinstance(found, Unresolved):
        return found
    return tuple(
        NamedPolicy(name=as_str(b.get("name"), f"{where}.name"), document=_document(b["policy"]))
        for b in found
        if b.get("policy") is not None
    )


def _identity_fields(resource: TerraformResource) -> dict[str, Any]:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    set_if(fields, "path", as_str(args.get("path"), f"{where}.path"))
    return fields


def role_from_terraform(resource: TerraformResource) -> Role:
    args = resource.arguments
    where = resource.address
    fields = _identity_fields(resource)
    fields["trust_policy"] = _document(args.get("assume_role_policy"))
    fields["inline_policies"] = _inline_policies(
        args.get("inline_policy"), f"{where}.inline_policy"
    )
    set_if(
        fields,
        "managed_policy_arns",
        as_str_tuple(args.get("managed_policy_arns"), f"{where}.managed_policy_arns"),
    )
    fields["permissions_boundary"] = as_str(args.get("permissions_boundary"), where)
    set_if(
        fields,
        "max_session_seconds",
        as_int(args.get("max_session_duration"), f"{where}.max_session_duration"),
    )
    return Role(**fields)


def user_from_terraform(resource: TerraformResource) -> User:
    fields = _identity_fields(resource)
    fields["permissions_boundary"] = as_str(
        resource.arguments.get("permissions_boundary"), resource.address
    )
    return User(**fields)


def group_from_terraform(resource: TerraformResource) -> Group:
    return Group(**_identity_fields(resource))


def managed_policy_from_terraform(resource: TerraformResource) -> ManagedPolicy:
    fields = identity(resource)
    fields["name"] = as_str(resource.arguments.get("name"), f"{resource.address}.name")
    fields["document"] = _document(resource.arguments.get("policy"))
    return ManagedPolicy(**fields)


def _inline_policy(field: str, argument: str) -> Any:
    def normalize(resource: TerraformResource) -> InlinePolicy:
        args = resource.arguments
        fields = identity(resource)
        fields["name"] = as_str(args.get("name"), f"{resource.address}.name")
        fields["document"] = _document(args.get("policy"))
        who = as_str(args.get(argument), f"{resource.address}.{argument}")
        fields[field] = () if who is None else (who,)
        return InlinePolicy(**fields)

    return normalize


role_policy_from_terraform = _inline_policy("roles", "role")
user_policy_from_terraform = _inline_policy("users", "user")
group_policy_from_terraform = _inline_policy("groups", "group")


def _append(existing: Any, added: Any) -> Any:
    if isinstance(existing, Unresolved):
        return existing
    if isinstance(added, Unresolved):
        return added
    return (*existing, *added)


def _attachment(target: Role | User | Group, source: TerraformResource) -> Mapping[str, Any]:
    arn = as_str(source.arguments.get("policy_arn"), f"{source.address}.policy_arn")
    if arn is None:
        return {}
    return {"managed_policy_arns": _append(target.managed_policy_arns, (arn,))}


def _login_profile(_: User, source: TerraformResource) -> Mapping[str, Any]:
    return {"has_console_password": True}


def _group_membership(user: User, source: TerraformResource) -> Mapping[str, Any]:
    groups = as_str_tuple(source.arguments.get("groups"), f"{source.address}.groups")
    if groups is None:
        return {}
    return {"groups": _append(user.groups, groups)}


def joins() -> tuple[JoinSpec, ...]:
    keys = ("name",)
    return (
        JoinSpec("aws_iam_role_policy_attachment", "aws_iam_role", "role", keys, _attachment),
        JoinSpec("aws_iam_user_policy_attachment", "aws_iam_user", "user", keys, _attachment),
        JoinSpec("aws_iam_group_policy_attachment", "aws_iam_group", "group", keys, _attachment),
        JoinSpec("aws_iam_user_login_profile", "aws_iam_user", "user", keys, _login_profile),
        JoinSpec("aws_iam_user_group_membership", "aws_iam_user", "user", keys, _group_membership),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_iam_policy": managed_policy_from_terraform,
        "aws_iam_role": role_from_terraform,
        "aws_iam_user": user_from_terraform,
        "aws_iam_group": group_from_terraform,
        "aws_iam_role_policy": role_policy_from_terraform,
        "aws_iam_user_policy": user_policy_from_terraform,
        "aws_iam_group_policy": group_policy_from_terraform,
    }
