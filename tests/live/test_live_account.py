"""The account as a whole: root user, password policy, contacts, support roles and the
credential report, read from answers shaped as AWS documents them (botocore Stubber: moto's
report has no root row and cannot back-date keys) and from moto for the rest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import of_type, run_collectors

from secfound.checks.registry import builtin_registry
from secfound.collect import SourceResult
from secfound.collect.live.collector import LiveContext
from secfound.collect.live.services import credential_report, iam_account
from secfound.collect.live.target import Target
from secfound.engine import evaluate
from secfound.model.aws.account import AccountSettings
from secfound.model.aws.iam import UserCredentials
from secfound.model.values import Unresolved

COLUMNS = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
)


def _ago(now: datetime, days: int) -> str:
    return (now - timedelta(days=days)).isoformat()


def _report(now: datetime) -> bytes:
    """A credential report as AWS writes it, dated relative to ``now``."""
    root = [
        "<root_account>", f"arn:aws:iam::{ACCOUNT}:root", _ago(now, 900), "not_supported",
        _ago(now, 3), "not_supported", "not_supported", "true",
        "true", _ago(now, 400), _ago(now, 10), "us-east-1", "s3",
        "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A",
    ]  # fmt: skip
    alice = [
        "alice", f"arn:aws:iam::{ACCOUNT}:user/alice", _ago(now, 300), "true",
        _ago(now, 2), _ago(now, 30), "N/A", "false",
        "true", _ago(now, 120), _ago(now, 1), "us-east-1", "iam",
        "true", _ago(now, 60), "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A",
    ]  # fmt: skip
    ci = [
        "ci", f"arn:aws:iam::{ACCOUNT}:user/ci", _ago(now, 50), "false",
        "N/A", "N/A", "N/A", "false",
        "true", _ago(now, 20), _ago(now, 5), "eu-west-1", "sqs",
        "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A",
    ]  # fmt: skip
    lines = [COLUMNS, *(",".join(row) for row in (root, alice, ci))]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def stubbed() -> Iterator[tuple[Stubber, Stubber, Any]]:
    """IAM and Account Management clients answered by Stubbers (no network), and the
    client factory a ``LiveContext`` takes."""
    kwargs: dict[str, Any] = {
        "region_name": REGION,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    clients = {"iam": boto3.client("iam", **kwargs), "account": boto3.client("account", **kwargs)}
    with Stubber(clients["iam"]) as iam, Stubber(clients["account"]) as account:
        yield iam, account, lambda service, region: clients[service]


def _stub_everything(iam: Stubber, account: Stubber, now: datetime) -> None:
    """Each call of ``iam_account.account_settings``, in its order."""
    iam.add_response("generate_credential_report", {"State": "COMPLETE"})
    iam.add_response(
        "get_credential_report",
        {"Content": _report(now), "ReportFormat": "text/csv", "GeneratedTime": now},
    )
    account.add_response(
        "get_alternate_contact",
        {
            "AlternateContact": {
                "AlternateContactType": "SECURITY",
                "Name": "Security team",
                "EmailAddress": "security@example.com",
                "PhoneNumber": "+1-555-0100",
                "Title": "CISO",
            }
        },
        {"AlternateContactType": "SECURITY"},
    )
    for kind in ("OPERATIONS", "BILLING"):
        account.add_client_error(
            "get_alternate_contact",
            service_error_code="ResourceNotFoundException",
            http_status_code=404,
            expected_params={"AlternateContactType": kind},
        )
    iam.add_response(
        "get_account_summary",
        {"SummaryMap": {"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1}},
    )
    iam.add_response(
        "list_virtual_mfa_devices",
        {
            "VirtualMFADevices": [
                {
                    "SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device",
                    # AWS names the root user's device root-account-mfa-device.
                    "EnableDate": now - timedelta(days=900),
                }
            ],
            "IsTruncated": False,
        },
        {"AssignmentStatus": "Assigned"},
    )
    iam.add_response(
        "get_account_password_policy",
        {
            "PasswordPolicy": {
                "MinimumPasswordLength": 14,
                "RequireSymbols": True,
                "RequireNumbers": True,
                "RequireUppercaseCharacters": True,
                "RequireLowercaseCharacters": True,
                "AllowUsersToChangePassword": True,
                "ExpirePasswords": False,
                "PasswordReusePrevention": 5,
            }
        },
    )
    iam.add_response(
        "list_entities_for_policy",
        {"PolicyRoles": [{"RoleName": "support", "RoleId": "AROAEXAMPLEEXAMPLE01"}]},
        {"PolicyArn": "arn:aws:iam::aws:policy/AWSSupportAccess", "EntityFilter": "Role"},
    )


def _collect(factory: Any) -> tuple[list[Any], LiveContext]:
    ctx = LiveContext(target=Target(ACCOUNT, REGION), service="iam", clients=factory)
    return list(iam_account.account_settings(ctx)), ctx


def test_account_settings_from_documented_answers(stubbed: Any) -> None:
    iam, account, factory = stubbed
    now = datetime.now(UTC).replace(microsecond=0)
    _stub_everything(iam, account, now)

    resources, ctx = _collect(factory)

    iam.assert_no_pending_responses()
    account.assert_no_pending_responses()
    assert ctx.gaps == []
    (settings,) = [r for r in resources if isinstance(r, AccountSettings)]
    assert settings.address == f"arn:aws:::{ACCOUNT}"
    assert settings.credentials_generated == now
    root = settings.root
    assert not isinstance(root, Unresolved)
    assert (root.mfa_enabled, root.virtual_mfa, root.access_keys_present) == (True, True, True)
    assert root.password_last_used == now - timedelta(days=3)
    assert not isinstance(root.access_keys, Unresolved)
    assert [(k.active, k.last_used) for k in root.access_keys] == [(True, now - timedelta(days=10))]
    assert settings.password_policy is not None
    assert settings.password_policy.minimum_length == 14  # type: ignore[union-attr]
    assert settings.password_policy.reuse_prevention == 5  # type: ignore[union-attr]
    assert settings.security_contact.email == "security@example.com"  # type: ignore[union-attr]
    assert settings.operations_contact is None and settings.billing_contact is None
    assert settings.support_roles == ("support",)

    users = {r.user: r for r in resources if isinstance(r, UserCredentials)}
    assert sorted(users) == ["alice", "ci"]  # the root row is not a user
    alice = users["alice"]
    assert alice.address == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert alice.generated == now
    assert (alice.password_enabled, alice.mfa_active) == (True, False)
    assert [(k.active, k.last_rotated) for k in alice.access_keys] == [
        (True, now - timedelta(days=120)),
        (True, now - timedelta(days=60)),
    ]
    assert users["ci"].password_last_used is None
    assert [k.last_used for k in users["ci"].access_keys] == [now - timedelta(days=5)]


def test_checks_judge_the_account_and_its_users(stubbed: Any) -> None:
    iam, account, factory = stubbed
    now = datetime.now(UTC).replace(microsecond=0)
    _stub_everything(iam, account, now)
    resources, _ctx = _collect(factory)

    result = SourceResult(root=f"{ACCOUNT}/{REGION}", kind="live", resources=tuple(resources))
    verdicts = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit("/", 1)[-1]): f.status.value
        for f in evaluate(builtin_registry(), [result]).findings
    }
    account_id = f"arn:aws:::{ACCOUNT}".rsplit("/", 1)[-1]
    assert verdicts[("root_user_has_mfa", account_id)] == "passed"
    assert verdicts[("root_user_has_hardware_mfa", account_id)] == "failed"
    assert verdicts[("root_user_has_no_access_keys", account_id)] == "failed"
    assert verdicts[("root_user_not_used_recently", account_id)] == "failed"
    assert verdicts[("password_policy_requires_14_characters", account_id)] == "passed"
    assert verdicts[("password_policy_prevents_reuse", account_id)] == "failed"
    assert verdicts[("security_contact_registered", account_id)] == "passed"
    assert verdicts[("alternate_contacts_registered", account_id)] == "failed"
    assert verdicts[("support_role_exists", account_id)] == "passed"
    assert verdicts[("user_with_console_password_has_mfa", "alice")] == "failed"
    assert verdicts[("user_access_keys_rotated", "alice")] == "failed"
    assert verdicts[("user_has_one_active_access_key", "alice")] == "failed"
    assert verdicts[("user_credentials_used_recently", "alice")] == "failed"  # key 2 unused
    assert verdicts[("user_access_keys_rotated", "ci")] == "passed"
    assert verdicts[("user_has_one_active_access_key", "ci")] == "passed"
    assert verdicts[("user_credentials_used_recently", "ci")] == "passed"
    assert ("user_with_console_password_has_mfa", "ci") not in verdicts  # no password


def test_the_report_is_awaited_while_aws_generates_it(stubbed: Any) -> None:
    iam, _account, factory = stubbed
    now = datetime.now(UTC).replace(microsecond=0)
    iam.add_response("generate_credential_report", {"State": "STARTED"})
    iam.add_client_error("get_credential_report", service_error_code="ReportInProgress")
    iam.add_response(
        "get_credential_report",
        {"Content": _report(now), "ReportFormat": "text/csv", "GeneratedTime": now},
    )
    waits: list[float] = []

    report = credential_report.read_report(factory("iam", REGION), sleep=waits.append)

    assert waits == [credential_report.POLL_SECONDS]
    assert report.generated == now
    assert report.root() is not None
    assert [row["user"] for row in report.users()] == ["alice", "ci"]


def test_dates_and_flags_as_the_report_writes_them() -> None:
    assert credential_report.report_time("N/A") is None
    assert credential_report.report_time("no_information") is None
    assert credential_report.report_time("not_supported") is None
    assert credential_report.report_time("2024-01-02T03:04:05+00:00") == datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    assert credential_report.report_flag("true") is True
    assert credential_report.report_flag("false") is False


def test_moto_account_without_policy_or_contacts(aws: None) -> None:
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName="bob")
    boto3.client("account", region_name=REGION).put_alternate_contact(
        AlternateContactType="BILLING",
        Name="Billing",
        Title="Finance",
        EmailAddress="billing@example.com",
        PhoneNumber="+1-555-0101",
    )

    run = run_collectors("iam_account.account_settings")

    (settings,) = of_type(run, AccountSettings)
    assert settings.password_policy is None  # NoSuchEntity: no policy
    assert settings.security_contact is None  # ResourceNotFoundException: none
    assert settings.billing_contact.email == "billing@example.com"  # type: ignore[union-attr]
    assert settings.support_roles == ()  # AWSSupportAccess unknown to this moto: no role
    assert settings.root.mfa_enabled is False  # type: ignore[union-attr]
    assert [u.user for u in of_type(run, UserCredentials)] == ["bob"]
    assert run.gaps == ()


def test_a_denied_credential_report_is_unknown_not_passed(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_calls(monkeypatch, "GenerateCredentialReport", message="no")
    run = run_collectors("iam_account.account_settings")

    (settings,) = of_type(run, AccountSettings)
    assert isinstance(settings.credentials_generated, Unresolved)
    assert not of_type(run, UserCredentials)
    assert [g.reason for g in run.gaps] == ["iam:GetCredentialReport: AccessDenied: no"]
    findings = evaluate(builtin_registry(), run.results).findings
    statuses = {f.check_id: f.status.value for f in findings}
    assert statuses["aws.iam.root_user_not_used_recently"] == "unknown"
    assert statuses["aws.iam.root_user_has_mfa"] == "failed"  # from the summary, still read
