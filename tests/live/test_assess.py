"""``assess``: accounts and regions, collectors, faults as gaps, organizations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from live_env import OTHER_REGION, REGION

from secfound.checks.registry import builtin_registry
from secfound.collect.live.assess import AssessSettings, assess
from secfound.collect.live.collector import (
    CollectorSpec,
    LiveContext,
    builtin_collectors,
    required_actions,
)
from secfound.collect.live.session import AccessSettings
from secfound.engine import evaluate
from secfound.errors import CredentialsError
from secfound.model.aws.account import Account
from secfound.model.aws.guardduty import Detector
from secfound.model.location import CloudLocation

BOTH = (REGION, OTHER_REGION)
# moto mocks only some of the security services the inventory reads (tests/live/
# test_services.py covers those with stubs); tests about other collectors leave it out.
INVENTORY = "inventory_"


def _without_inventory() -> tuple[CollectorSpec, ...]:
    return tuple(s for s in builtin_collectors() if not s.id.startswith(INVENTORY))


def _mocked(gaps: Any) -> list[Any]:
    """The gaps, less those of services moto does not mock (it answers 404 "Not yet
    implemented" for IAM Access Analyzer, Detective…): a quirk of the fixture."""
    return [g for g in gaps if "Not yet implemented" not in g.reason]


def _by_type(run: Any, kind: type) -> list[Any]:
    return [r for unit in run.results for r in unit.resources if isinstance(r, kind)]


def test_guardduty_detectors_per_region(aws: None) -> None:
    client = boto3.client("guardduty", region_name=REGION)
    detector_id = client.create_detector(
        Enable=True,
        FindingPublishingFrequency="ONE_HOUR",
        Features=[{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}],
    )["DetectorId"]

    run = assess(AssessSettings(regions=BOTH), _without_inventory())

    detectors = _by_type(run, Detector)
    assert len(detectors) == 1
    detector = detectors[0]
    assert detector.is_enabled is True
    assert detector.finding_publishing_frequency == "ONE_HOUR"
    assert [(f.name, f.enabled) for f in detector.features] == [("S3_DATA_EVENTS", True)]
    assert isinstance(detector.location, CloudLocation)
    assert detector.location.region == REGION
    assert detector.location.arn == detector.address
    assert detector.address.endswith(f":detector/{detector_id}")
    assert detector.address.startswith(f"arn:aws:guardduty:{REGION}:123456789012:")
    assert [unit.root for unit in run.results] == [f"123456789012/{r}" for r in sorted(BOTH)]
    assert _mocked(run.gaps) == []


def test_account_settings_per_region(aws: None) -> None:
    boto3.client("ec2", region_name=REGION).enable_ebs_encryption_by_default()
    boto3.client("s3control", region_name=REGION).put_public_access_block(
        AccountId="123456789012",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    run = assess(AssessSettings(regions=BOTH))
    accounts = {a.location.region: a for a in _by_type(run, Account)}
    assert accounts[REGION].ebs_encryption_by_default is True
    assert accounts[OTHER_REGION].ebs_encryption_by_default is False
    assert all(a.s3_block_public_access is True for a in accounts.values())
    assert all(a.account_id == "123456789012" for a in accounts.values())


def test_account_without_public_access_block_is_not_blocked(aws: None) -> None:
    run = assess(AssessSettings(regions=(REGION,)))
    (account,) = _by_type(run, Account)
    assert account.s3_block_public_access is False


def _denied(ctx: LiveContext) -> Iterator[Any]:
    raise ClientError(
        {"Error": {"Code": "AccessDenied", "Message": "not authorized to perform x:List"}},
        "ListThings",
    )


def _broken(ctx: LiveContext) -> Iterator[Any]:
    yield from ()
    raise ValueError("collector bug")


def test_faults_are_gaps_and_the_rest_is_kept(aws: None) -> None:
    boto3.client("guardduty", region_name=REGION).create_detector(Enable=True)
    specs = (
        *_without_inventory(),
        CollectorSpec(
            id="test.denied", service="things", actions=(), scope="regional", function=_denied
        ),
        CollectorSpec(
            id="test.broken", service="bugs", actions=(), scope="global", function=_broken
        ),
    )
    run = assess(AssessSettings(regions=BOTH), specs)
    assert len(_by_type(run, Detector)) == 1
    denied_reason = "test.denied: AccessDenied: not authorized to perform x:List"
    assert sorted((g.region, g.service, g.reason) for g in _mocked(run.gaps)) == [
        (OTHER_REGION, "things", denied_reason),
        (REGION, "bugs", "collector test.broken failed: ValueError: collector bug"),
        (REGION, "things", denied_reason),
    ]
    denied = [c for c in run.coverage if c.service == "things"]
    assert {c.gaps for c in denied} == {1}


def test_a_denied_detail_call_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.client import BaseClient

    real = BaseClient._make_api_call

    def deny_ebs(self: Any, operation: str, params: Any) -> Any:
        if operation == "GetEbsEncryptionByDefault":
            raise ClientError(
                {"Error": {"Code": "UnauthorizedOperation", "Message": "no"}}, operation
            )
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", deny_ebs)
    run = assess(AssessSettings(regions=(REGION,)), _without_inventory())
    (account,) = _by_type(run, Account)
    from secfound.model.values import Unresolved

    assert isinstance(account.ebs_encryption_by_default, Unresolved)
    assert [g.reason for g in _mocked(run.gaps)] == [
        "ec2:GetEbsEncryptionByDefault: UnauthorizedOperation: no"
    ]
    # The check that needs the setting says unknown, never passed.
    findings = evaluate(builtin_registry(), run.results).findings
    assert not [f for f in findings if f.status.value == "passed" and "ebs" in f.check_id]


def test_no_credentials_is_a_clear_error(
    aws: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(CredentialsError, match="no AWS credentials found"):
        assess(AssessSettings(regions=(REGION,)))


def test_an_unknown_profile_is_a_clear_error(aws: None) -> None:
    with pytest.raises(CredentialsError, match="could not be found"):
        assess(AssessSettings(access=AccessSettings(profile="nope"), regions=(REGION,)))


def test_enabled_regions_by_default(aws: None) -> None:
    run = assess(AssessSettings())
    assert REGION in run.regions and OTHER_REGION in run.regions
    assert len(run.results) == len(run.regions)


def test_organization_accounts_are_entered_through_their_role(aws: None) -> None:
    org = boto3.client("organizations", region_name=REGION)
    org.create_organization(FeatureSet="ALL")
    member = org.create_account(AccountName="workload", Email="w@example.com")
    member_id = member["CreateAccountStatus"]["AccountId"]
    role = f"arn:aws:iam::{member_id}:role/OrganizationAccountAccessRole"
    credentials = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=role, RoleSessionName="setup"
    )["Credentials"]
    boto3.client(
        "guardduty",
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    ).create_detector(Enable=True)

    run = assess(AssessSettings(regions=(REGION,), org=True))

    assert set(run.accounts) == {"123456789012", member_id}
    detectors = _by_type(run, Detector)
    assert [d.location.account for d in detectors] == [member_id]
    assert "sts:AssumeRole" in run.calls_by_operation


def test_every_call_is_read_only(aws: None) -> None:
    boto3.client("guardduty", region_name=REGION).create_detector(Enable=True)
    run = assess(AssessSettings(regions=BOTH))
    assert run.api_calls == sum(run.calls_by_operation.values()) > 0
    for operation in run.calls_by_operation:
        name = operation.split(":", 1)[1]
        # GenerateCredentialReport only prepares the IAM credential report for reading.
        allowed = name.startswith(("List", "Get", "Describe", "Generate", "BatchGet"))
        assert allowed or name == "AssumeRole", operation


def test_collectors_declare_their_actions() -> None:
    specs = builtin_collectors()
    assert {s.id for s in specs} >= {"guardduty.detectors", "account.settings"}
    actions = required_actions(specs)
    assert "guardduty:GetDetector" in actions
    read_only = ("Get", "List", "Describe", "Generate", "BatchGet")
    # IAM names every API Gateway read apigateway:GET.
    assert all(
        ":" in a and (a.split(":")[1].startswith(read_only) or a == "apigateway:GET")
        for a in actions
    )


def test_retries_are_adaptive_unless_the_aws_variables_say_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from secfound.collect.live.session import _retries

    monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    assert _retries() == {"mode": "adaptive", "max_attempts": 10}
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    assert _retries() == {"mode": "standard", "max_attempts": 3}
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "many")
    assert _retries()["max_attempts"] == 10
