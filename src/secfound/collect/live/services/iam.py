"""IAM identities and customer managed policies, as the CloudFormation normalizer gives them.

One paginated ``GetAccountAuthorizationDetails`` returns every user, group, role and
customer managed policy with its documents, so the collector makes a handful of calls
whatever the size of the account instead of one per identity. What that call leaves out
is read apart: a role's maximum session duration (``ListRoles``, paginated too) and
whether a user has a console password (``GetLoginProfile``, one call per user: accounts
that follow BP02 have few IAM users). Roles and users carry their tags in that answer too,
so the mutelist can match them by tag (the Tagging API does not list IAM).

A live account has no standalone ``AWS::IAM::Policy``: an inline policy belongs to its
identity, so every inline policy is on the identity's ``inline_policies``. AWS managed
policies are not listed as resources (AWS owns their content); identities name them in
``managed_policy_arns``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import unquote

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.tags import tags_of
from secfound.model.aws.iam import Group, ManagedPolicy, NamedPolicy, Role, User
from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

# Customer managed policies only: AWS managed policies are referenced, not owned.
_FILTER = ["User", "Role", "Group", "LocalManagedPolicy"]
_LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")


@collector(
    service="iam",
    actions=["iam:GetAccountAuthorizationDetails", "iam:ListRoles", "iam:GetLoginProfile"],
    scope="global",
)
def identities(ctx: LiveContext) -> Iterator[Resource]:
    client = ctx.client()
    details = authorization_details(client)
    sessions = ctx.optional(lambda: _max_sessions(client), action="iam:ListRoles")
    attached = _attachments(details)
    for policy in details["Policies"]:
        yield _managed_policy(ctx, policy, attached.get(str(policy["Arn"]), {}))
    for role in details["RoleDetailList"]:
        yield _role(ctx, role, sessions)
    for user in details["UserDetailList"]:
        yield _user(ctx, user)
    for group in details["GroupDetailList"]:
        yield _group(ctx, group)


def authorization_details(client: Any) -> dict[str, list[dict[str, Any]]]:
    """Every page of ``GetAccountAuthorizationDetails``, its lists joined."""
    joined: dict[str, list[dict[str, Any]]] = {key: [] for key in _LISTS}
    paginator = client.get_paginator("get_account_authorization_details")
    for page in paginator.paginate(Filter=_FILTER):
        for key in _LISTS:
            joined[key].extend(page.get(key, []))
    return joined


def policy_document(raw: Any) -> PolicyDocument | Unresolved:
    """A document as IAM returns it: botocore decodes the URL-encoded JSON into a dict;
    a raw string (another client, a recorded answer) is decoded here."""
    if isinstance(raw, str) and not raw.lstrip().startswith("{"):
        raw = unquote(raw)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return Unresolved(f"policy text that is not JSON: {raw[:60]!r}")
    return parse_policy(raw)


def _max_sessions(client: Any) -> dict[str, int]:
    sessions: dict[str, int] = {}
    for page in client.get_paginator("list_roles").paginate():
        for role in page.get("Roles", []):
            if "MaxSessionDuration" in role:
                sessions[str(role["RoleName"])] = int(role["MaxSessionDuration"])
    return sessions


def _attachments(details: Mapping[str, list[dict[str, Any]]]) -> dict[str, dict[str, list[str]]]:
    """``{policy ARN: {"users"|"groups"|"roles": [names]}}`` from the identities' side."""
    found: dict[str, dict[str, list[str]]] = {}
    for key, kind, name_key in (
        ("UserDetailList", "users", "UserName"),
        ("GroupDetailList", "groups", "GroupName"),
        ("RoleDetailList", "roles", "RoleName"),
    ):
        for identity in details[key]:
            for policy in identity.get("AttachedManagedPolicies", []):
                names = found.setdefault(str(policy["PolicyArn"]), {}).setdefault(kind, [])
                names.append(str(identity[name_key]))
    return found


def _inline(policies: Iterable[Mapping[str, Any]]) -> tuple[NamedPolicy, ...]:
    return tuple(
        NamedPolicy(name=str(p["PolicyName"]), document=policy_document(p.get("PolicyDocument")))
        for p in policies
    )


def _managed_arns(identity: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(p["PolicyArn"]) for p in identity.get("AttachedManagedPolicies", []))


def _boundary(identity: Mapping[str, Any]) -> str | None:
    boundary = identity.get("PermissionsBoundary") or {}
    arn = boundary.get("PermissionsBoundaryArn")
    return None if arn is None else str(arn)


def _managed_policy(
    ctx: LiveContext, policy: Mapping[str, Any], attached: Mapping[str, list[str]]
) -> ManagedPolicy:
    arn = str(policy["Arn"])
    default = next(
        (v for v in policy.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None
    )
    document: PolicyDocument | Unresolved = (
        Unresolved(f"{arn}: no default policy version in the answer")
        if default is None
        else policy_document(default.get("Document"))
    )
    return ManagedPolicy(
        address=arn,
        location=ctx.location(arn),
        # The name is the ARN's last segment (moto's answer leaves PolicyName out).
        name=str(policy.get("PolicyName") or arn.rsplit("/", 1)[-1]),
        document=document,
        attached_users=tuple(sorted(attached.get("users", ()))),
        attached_groups=tuple(sorted(attached.get("groups", ()))),
        attached_roles=tuple(sorted(attached.get("roles", ()))),
    )


def _role(ctx: LiveContext, role: Mapping[str, Any], sessions: Any) -> Role:
    arn, name = str(role["Arn"]), str(role["RoleName"])
    # ListRoles denied: the duration is unknown, not AWS's default.
    max_session: int | Unresolved = (
        sessions if isinstance(sessions, Unresolved) else sessions.get(name, 3600)
    )
    return Role(
        address=arn,
        location=ctx.location(arn),
        name=name,
        path=str(role.get("Path", "/")),
        trust_policy=policy_document(role.get("AssumeRolePolicyDocument")),
        inline_policies=_inline(role.get("RolePolicyList", [])),
        managed_policy_arns=_managed_arns(role),
        permissions_boundary=_boundary(role),
        max_session_seconds=max_session,
        tags=tags_of(role),
    )


def _user(ctx: LiveContext, user: Mapping[str, Any]) -> User:
    arn, name = str(user["Arn"]), str(user["UserName"])
    has_password = ctx.optional(
        lambda: bool(ctx.client().get_login_profile(UserName=name)),
        action="iam:GetLoginProfile",
        absent=("NoSuchEntity",),
        default=False,
    )
    return User(
        address=arn,
        location=ctx.location(arn),
        name=name,
        path=str(user.get("Path", "/")),
        inline_policies=_inline(user.get("UserPolicyList", [])),
        managed_policy_arns=_managed_arns(user),
        groups=tuple(str(g) for g in user.get("GroupList", [])),
        has_console_password=has_password,
        permissions_boundary=_boundary(user),
        tags=tags_of(user),
    )


def _group(ctx: LiveContext, group: Mapping[str, Any]) -> Group:
    arn = str(group["Arn"])
    return Group(
        address=arn,
        location=ctx.location(arn),
        name=str(group["GroupName"]),
        path=str(group.get("Path", "/")),
        inline_policies=_inline(group.get("GroupPolicyList", [])),
        managed_policy_arns=_managed_arns(group),
    )
