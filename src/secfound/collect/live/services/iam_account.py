"""The account as a whole (BP02): its root user, password policy, alternate contacts and
support roles, and every IAM user's credentials from the credential report.

Each part is read on its own through ``ctx.optional``: a denied call leaves that part
unresolved (its checks say unknown) and is a coverage gap, and the rest is still judged.
The root user's MFA and keys come from the account summary, the kind of its MFA from the
virtual MFA devices (a virtual device assigned to root means no hardware MFA), and its
last use from the root row of the credential report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.services.credential_report import (
    CredentialReport,
    access_keys,
    read_report,
    report_flag,
    report_time,
)
from secfound.model.aws.account import AccountSettings, AlternateContact, PasswordPolicy, RootUser
from secfound.model.aws.iam import UserCredentials
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

SUPPORT_POLICY = "policy/AWSSupportAccess"
CONTACT_TYPES = ("SECURITY", "OPERATIONS", "BILLING")


@collector(
    service="iam",
    actions=[
        "iam:GetAccountSummary",
        "iam:ListVirtualMFADevices",
        "iam:GetAccountPasswordPolicy",
        "iam:GenerateCredentialReport",
        "iam:GetCredentialReport",
        "iam:ListEntitiesForPolicy",
        "account:GetAlternateContact",
    ],
    scope="global",
)
def account_settings(ctx: LiveContext) -> Iterator[Resource]:
    client = ctx.client()
    account_id = ctx.target.account_id
    report = ctx.optional(lambda: read_report(client), action="iam:GetCredentialReport")
    contacts = {kind: _contact(ctx, kind) for kind in CONTACT_TYPES}
    arn = f"arn:{ctx.target.partition}:::{account_id}"
    yield AccountSettings(
        address=arn,
        location=ctx.location(arn),
        account_id=account_id,
        root=_root(ctx, client, report),
        password_policy=ctx.optional(
            lambda: password_policy(client.get_account_password_policy()["PasswordPolicy"]),
            action="iam:GetAccountPasswordPolicy",
            absent=("NoSuchEntity",),
        ),
        security_contact=contacts["SECURITY"],
        operations_contact=contacts["OPERATIONS"],
        billing_contact=contacts["BILLING"],
        support_roles=ctx.optional(
            lambda: _support_roles(ctx, client),
            action="iam:ListEntitiesForPolicy",
            # Where AWSSupportAccess does not exist, no role can have it.
            absent=("NoSuchEntity",),
            default=(),
        ),
        credentials_generated=report if isinstance(report, Unresolved) else report.generated,
    )
    if isinstance(report, CredentialReport):
        for row in report.users():
            yield user_credentials(ctx, row, report)


def password_policy(answer: Mapping[str, Any]) -> PasswordPolicy:
    """``GetAccountPasswordPolicy``'s ``PasswordPolicy``; absent keys take IAM's defaults."""
    reuse = answer.get("PasswordReusePrevention")
    max_age = answer.get("MaxPasswordAge")
    return PasswordPolicy(
        minimum_length=int(answer.get("MinimumPasswordLength", 8)),
        require_uppercase=bool(answer.get("RequireUppercaseCharacters", False)),
        require_lowercase=bool(answer.get("RequireLowercaseCharacters", False)),
        require_numbers=bool(answer.get("RequireNumbers", False)),
        require_symbols=bool(answer.get("RequireSymbols", False)),
        reuse_prevention=None if reuse is None else int(reuse),
        max_age_days=None if max_age is None else int(max_age),
        hard_expiry=bool(answer.get("HardExpiry", False)),
        users_may_change=bool(answer.get("AllowUsersToChangePassword", False)),
    )


def user_credentials(
    ctx: LiveContext, row: Mapping[str, str], report: CredentialReport
) -> UserCredentials:
    arn = row.get("arn") or ctx.target.arn("iam", f"user/{row['user']}", regional=False)
    return UserCredentials(
        address=arn,
        location=ctx.location(arn),
        user=row["user"],
        generated=report.generated,
        created=report_time(row.get("user_creation_time")),
        password_enabled=report_flag(row.get("password_enabled")),
        password_last_used=report_time(row.get("password_last_used")),
        password_last_changed=report_time(row.get("password_last_changed")),
        mfa_active=report_flag(row.get("mfa_active")),
        access_keys=access_keys(row),
    )


def _root(ctx: LiveContext, client: Any, report: CredentialReport | Unresolved) -> RootUser:
    summary = ctx.optional(
        lambda: client.get_account_summary()["SummaryMap"], action="iam:GetAccountSummary"
    )
    mfa_enabled: bool | Unresolved = (
        summary if isinstance(summary, Unresolved) else bool(summary.get("AccountMFAEnabled"))
    )
    keys_present: bool | Unresolved = (
        summary
        if isinstance(summary, Unresolved)
        else bool(summary.get("AccountAccessKeysPresent"))
    )
    if isinstance(report, Unresolved):
        return RootUser(
            mfa_enabled=mfa_enabled,
            virtual_mfa=_root_virtual_mfa(ctx, client),
            access_keys_present=keys_present,
            password_last_used=report,
            access_keys=report,
        )
    row = report.root()
    return RootUser(
        mfa_enabled=mfa_enabled,
        virtual_mfa=_root_virtual_mfa(ctx, client),
        access_keys_present=keys_present,
        password_last_used=None if row is None else report_time(row.get("password_last_used")),
        access_keys=() if row is None else access_keys(row),
    )


def _root_virtual_mfa(ctx: LiveContext, client: Any) -> bool | Unresolved:
    def read() -> bool:
        pages = client.get_paginator("list_virtual_mfa_devices").paginate(
            AssignmentStatus="Assigned"
        )
        for page in pages:
            for device in page.get("VirtualMFADevices", []):
                user_arn = str((device.get("User") or {}).get("Arn", ""))
                serial = str(device.get("SerialNumber", ""))
                if user_arn.endswith(":root") or serial.endswith("/root-account-mfa-device"):
                    return True
        return False

    result: bool | Unresolved = ctx.optional(read, action="iam:ListVirtualMFADevices")
    return result


def _contact(ctx: LiveContext, kind: str) -> AlternateContact | Unresolved | None:
    def read() -> AlternateContact:
        answer = ctx.client("account").get_alternate_contact(AlternateContactType=kind)
        contact = answer.get("AlternateContact", {})
        return AlternateContact(
            name=contact.get("Name"),
            email=contact.get("EmailAddress"),
            phone=contact.get("PhoneNumber"),
            title=contact.get("Title"),
        )

    result: AlternateContact | Unresolved | None = ctx.optional(
        read, action="account:GetAlternateContact", absent=("ResourceNotFoundException",)
    )
    return result


def _support_roles(ctx: LiveContext, client: Any) -> tuple[str, ...]:
    policy_arn = f"arn:{ctx.target.partition}:iam::aws:{SUPPORT_POLICY}"
    names: list[str] = []
    pages = client.get_paginator("list_entities_for_policy").paginate(
        PolicyArn=policy_arn, EntityFilter="Role"
    )
    for page in pages:
        names.extend(str(role["RoleName"]) for role in page.get("PolicyRoles", []))
    return tuple(sorted(names))
