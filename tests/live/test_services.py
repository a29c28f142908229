"""The security services inventory: moto where it mocks a service correctly, botocore
Stubber (responses shaped as AWS documents them) where it does not, or answers wrongly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from live_env import OTHER_REGION, REGION
from live_faults import fail_calls

from secfound.checks import Status
from secfound.checks.registry import builtin_registry
from secfound.collect.live.assess import AssessSettings, assess
from secfound.collect.live.collector import LiveContext, builtin_collectors
from secfound.collect.live.services import inventory_detection as detection
from secfound.collect.live.services import inventory_protection as protection
from secfound.collect.live.services.inventory_services import (
    GLOBAL_PROBES,
    REGIONAL_PROBES,
    observe,
)
from secfound.collect.live.target import Target
from secfound.controls.blueprint import load_blueprint, service_catalog
from secfound.engine import evaluate
from secfound.errors import ConfigError
from secfound.model.aws.services import SecurityService
from secfound.model.values import Unresolved

ACCOUNT = "123456789012"
ADMIN = "111122223333"
INVENTORY = tuple(s for s in builtin_collectors() if s.id.startswith("inventory_"))


def _inventory(run: Any) -> dict[tuple[str, str], SecurityService]:
    return {
        (r.region, r.service): r
        for unit in run.results
        for r in unit.resources
        if isinstance(r, SecurityService)
    }


# --- moto: services it mocks correctly ---------------------------------------------------


def test_moto_services_on_and_off(aws: None) -> None:
    boto3.client("guardduty", region_name=REGION).create_detector(
        Enable=True, Features=[{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"}]
    )
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="trail-logs")
    trails = boto3.client("cloudtrail", region_name=REGION)
    trails.create_trail(Name="org", S3BucketName="trail-logs", IsMultiRegionTrail=True)
    trails.start_logging(Name="org")
    config = boto3.client("config", region_name=REGION)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "cfg"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    boto3.client("wafv2", region_name=REGION).create_web_acl(
        Name="edge",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig={
            "SampledRequestsEnabled": False,
            "CloudWatchMetricsEnabled": False,
            "MetricName": "edge",
        },
    )
    boto3.client("inspector2", region_name=REGION).enable(
        accountIds=[ACCOUNT], resourceTypes=["ECR"]
    )

    run = assess(AssessSettings(regions=(REGION, OTHER_REGION)), INVENTORY)
    seen = _inventory(run)

    guardduty = seen[(REGION, "guardduty")]
    assert (guardduty.state, guardduty.detail) == ("enabled", ("EKS_AUDIT_LOGS",))
    assert guardduty.expected is True and guardduty.name == "Amazon GuardDuty"
    assert guardduty.location.account == ACCOUNT
    assert seen[(OTHER_REGION, "guardduty")].state == "off"
    # A multi-region trail covers both regions; Config only where it records.
    assert seen[(REGION, "cloudtrail")].state == "enabled"
    assert seen[(OTHER_REGION, "cloudtrail")].state == "enabled"
    assert seen[(REGION, "cloudtrail")].detail == ("trail org",)
    assert seen[(REGION, "config")].state == "enabled"
    assert "delivery to s3://cfg" in seen[(REGION, "config")].detail
    assert seen[(OTHER_REGION, "config")].detail == ("no configuration recorder",)
    assert seen[(REGION, "waf")].detail == ("web ACL edge",)
    assert seen[(OTHER_REGION, "waf")].state == "off"
    assert seen[(REGION, "inspector")].state == "enabled"
    assert seen[(OTHER_REGION, "inspector")].state == "off"
    assert seen[("global", "shield-advanced")].state == "off"
    assert seen[(REGION, "network-firewall")].state == "off"
    # every service of the catalog, once per region (global ones once)
    assert {s for _r, s in seen} == set(service_catalog())
    assert len(seen) == 2 * len(REGIONAL_PROBES) + len(GLOBAL_PROBES)


def test_a_stopped_recorder_and_a_silent_trail_are_off(aws: None) -> None:
    config = boto3.client("config", region_name=REGION)
    config.put_configuration_recorder(
        ConfigurationRecorder={"name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT}:role/c"}
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "cfg"})
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="trail-logs")
    boto3.client("cloudtrail", region_name=REGION).create_trail(
        Name="quiet", S3BucketName="trail-logs"
    )
    run = assess(AssessSettings(regions=(REGION,)), INVENTORY)
    seen = _inventory(run)
    assert (seen[(REGION, "config")].state, seen[(REGION, "config")].detail) == (
        "off",
        ("recorder stopped",),
    )
    assert seen[(REGION, "cloudtrail")].detail == ("trails not logging",)


def test_a_denied_service_is_unknown_and_a_gap_and_the_rest_is_kept(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    boto3.client("guardduty", region_name=REGION).create_detector(Enable=False)
    fail_calls(monkeypatch, "ListDetectors", code="AccessDeniedException", message="no")
    run = assess(AssessSettings(regions=(REGION,)), INVENTORY)
    seen = _inventory(run)
    assert isinstance(seen[(REGION, "guardduty")].state, Unresolved)
    assert seen[(REGION, "config")].state == "off"  # the others are still read
    reasons = [(g.service, g.reason) for g in run.gaps]
    assert ("guardduty", "guardduty:ListDetectors: AccessDeniedException: no") in reasons
    findings = {f.check_id: f for f in evaluate(builtin_registry(), run.results).findings}
    assert findings["aws.services.guardduty_enabled"].status is Status.UNKNOWN
    config = findings["aws.services.config_enabled"]
    assert config.status is Status.FAILED
    assert "records every resource's configuration" in config.message
    assert "start-configuration-recorder" in config.message
    assert "aws.services.macie_enabled" not in findings  # optional in the default blueprint


# --- Stubber: services moto does not mock, or reports wrongly ----------------------------


def _probe(
    client_name: str,
    probe: Callable[[LiveContext], Any],
    responses: list[tuple[str, Any, dict[str, Any] | None]],
) -> tuple[Any, list[Any]]:
    """Run ``probe`` on a stubbed client; responses are (operation, answer, params), an
    answer of ("error", code, message) being an error. Every stubbed call must be made."""
    client = boto3.client(client_name, region_name=REGION)
    stubber = Stubber(client)
    for operation, answer, params in responses:
        if isinstance(answer, tuple):
            _, code, message = answer
            stubber.add_client_error(
                operation, service_error_code=code, service_message=message, http_status_code=403
            )
        else:
            stubber.add_response(operation, answer, params)
    ctx = LiveContext(
        target=Target(ACCOUNT, REGION), service="security-services", clients=lambda s, r: client
    )
    with stubber:
        seen = observe(ctx, client_name, probe)
        stubber.assert_no_pending_responses()
    return seen, ctx.gaps


def test_securityhub_not_subscribed_is_off() -> None:
    seen, gaps = _probe(
        "securityhub",
        detection.securityhub,
        [("describe_hub", ("error", "InvalidAccessException", "not subscribed"), None)],
    )
    assert (seen.state, gaps) == ("off", [])


def test_securityhub_member_with_standards_is_delegated() -> None:
    arn = (
        "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
    )
    seen, gaps = _probe(
        "securityhub",
        detection.securityhub,
        [
            (
                "describe_hub",
                {"HubArn": f"arn:aws:securityhub:us-east-1:{ACCOUNT}:hub/default"},
                {},
            ),
            (
                "get_enabled_standards",
                {
                    "StandardsSubscriptions": [
                        {
                            "StandardsSubscriptionArn": f"{arn}/sub",
                            "StandardsArn": arn,
                            "StandardsInput": {},
                            "StandardsStatus": "READY",
                        }
                    ]
                },
                {},
            ),
            ("get_administrator_account", {"Administrator": {"AccountId": ADMIN}}, {}),
        ],
    )
    assert seen.state == "delegated" and seen.administrator == ADMIN
    assert seen.detail == ("aws-foundational-security-best-practices/v/1.0.0",)
    assert gaps == []


def test_macie_not_enabled_is_off_but_other_denials_are_unknown() -> None:
    # moto reports Macie enabled before enable_macie: AWS says AccessDeniedException.
    off, gaps = _probe(
        "macie2",
        detection.macie,
        [("get_macie_session", ("error", "AccessDeniedException", "Macie is not enabled."), None)],
    )
    assert (off.state, gaps) == ("off", [])
    denied, gaps = _probe(
        "macie2",
        detection.macie,
        [("get_macie_session", ("error", "AccessDeniedException", "User is not authorized"), None)],
    )
    assert isinstance(denied.state, Unresolved)
    assert [g.service for g in gaps] == ["macie2"]


def test_macie_enabled_and_paused() -> None:
    session = {"status": "ENABLED", "findingPublishingFrequency": "SIX_HOURS"}
    seen, _ = _probe(
        "macie2",
        detection.macie,
        [
            ("get_macie_session", session, {}),
            ("get_administrator_account", {}, {}),
        ],
    )
    assert seen.state == "enabled"
    paused, _ = _probe("macie2", detection.macie, [("get_macie_session", {"status": "PAUSED"}, {})])
    assert (paused.state, paused.detail) == ("off", ("session paused",))


def test_detective_graph_member_and_off() -> None:
    graph = {"Arn": f"arn:aws:detective:us-east-1:{ADMIN}:graph:abc"}
    admin, _ = _probe(
        "detective", detection.detective, [("list_graphs", {"GraphList": [graph]}, {})]
    )
    assert admin.state == "enabled"
    invitation = {"AccountId": ACCOUNT, "GraphArn": graph["Arn"], "Status": "ENABLED"}
    member, _ = _probe(
        "detective",
        detection.detective,
        [
            ("list_graphs", {"GraphList": []}, {}),
            ("list_invitations", {"Invitations": [invitation]}, {}),
        ],
    )
    assert (member.state, member.administrator) == ("delegated", ADMIN)
    off, _ = _probe(
        "detective",
        detection.detective,
        [("list_graphs", {"GraphList": []}, {}), ("list_invitations", {"Invitations": []}, {})],
    )
    assert off.state == "off"


def _analyzer(status: str, kind: str) -> dict[str, Any]:
    return {
        "arn": f"arn:aws:access-analyzer:us-east-1:{ACCOUNT}:analyzer/a",
        "name": "a",
        "type": kind,
        "createdAt": "2025-01-01T00:00:00Z",
        "status": status,
    }


def test_access_analyzer_active_analyzers() -> None:
    analyzers = [_analyzer("ACTIVE", "ACCOUNT"), _analyzer("FAILED", "ACCOUNT_UNUSED_ACCESS")]
    seen, _ = _probe(
        "accessanalyzer",
        detection.access_analyzer,
        [("list_analyzers", {"analyzers": analyzers}, {})],
    )
    assert (seen.state, seen.detail) == ("enabled", ("ACCOUNT",))
    off, _ = _probe(
        "accessanalyzer",
        detection.access_analyzer,
        [("list_analyzers", {"analyzers": [_analyzer("CREATING", "ACCOUNT")]}, {})],
    )
    assert off.state == "off"


def test_security_lake_and_audit_manager() -> None:
    lake = {"dataLakeArn": "arn:aws:securitylake:us-east-1:1:data-lake/default"}
    seen, _ = _probe(
        "securitylake",
        detection.security_lake,
        [
            (
                "list_data_lakes",
                {"dataLakes": [{**lake, "region": REGION, "createStatus": "COMPLETED"}]},
                {"regions": [REGION]},
            )
        ],
    )
    assert seen.state == "enabled"
    pending, _ = _probe(
        "securitylake",
        detection.security_lake,
        [
            (
                "list_data_lakes",
                {"dataLakes": [{**lake, "region": REGION, "createStatus": "PENDING"}]},
                None,
            )
        ],
    )
    assert pending.state == "off"
    active, _ = _probe(
        "auditmanager", detection.audit_manager, [("get_account_status", {"status": "ACTIVE"}, {})]
    )
    inactive, _ = _probe(
        "auditmanager",
        detection.audit_manager,
        [("get_account_status", {"status": "INACTIVE"}, {})],
    )
    assert (active.state, inactive.state) == ("enabled", "off")


def test_firewall_manager_administrator() -> None:
    seen, _ = _probe(
        "fms",
        protection.firewall_manager,
        [("get_admin_account", {"AdminAccount": ADMIN, "RoleStatus": "READY"}, {})],
    )
    assert (seen.state, seen.administrator, seen.detail) == ("delegated", ADMIN, ("role ready",))
    off, gaps = _probe(
        "fms",
        protection.firewall_manager,
        [("get_admin_account", ("error", "ResourceNotFoundException", "no admin"), None)],
    )
    assert (off.state, gaps) == ("off", [])


def test_identity_center_instances() -> None:
    # moto always reports one ACTIVE instance, so "none" is stubbed.
    off, _ = _probe(
        "sso-admin", protection.identity_center, [("list_instances", {"Instances": []}, {})]
    )
    assert off.state == "off"
    instance = {
        "InstanceArn": "arn:aws:sso:::instance/ssoins-1",
        "OwnerAccountId": ADMIN,
        "Status": "ACTIVE",
    }
    org, _ = _probe(
        "sso-admin", protection.identity_center, [("list_instances", {"Instances": [instance]}, {})]
    )
    assert (org.state, org.administrator, org.detail) == (
        "delegated",
        ADMIN,
        ("instance ssoins-1",),
    )


def test_a_probe_that_breaks_is_a_gap_not_a_lost_inventory() -> None:
    def broken(ctx: LiveContext) -> Any:
        raise NotImplementedError("the get_subscription_state action has not been implemented")

    ctx = LiveContext(target=Target(ACCOUNT, REGION), service="x", clients=lambda s, r: None)
    seen = observe(ctx, "shield", broken)
    assert isinstance(seen.state, Unresolved)
    assert [g.service for g in ctx.gaps] == ["shield"]
    assert "NotImplementedError" in ctx.gaps[0].reason


# --- catalog, blueprint and declarations ------------------------------------------------


def test_collectors_declare_the_catalog_calls() -> None:
    catalog = service_catalog()
    by_id = {spec.id: spec for spec in INVENTORY}
    for collector_id, probes, scope in (
        ("inventory_services.regional", REGIONAL_PROBES, "regional"),
        ("inventory_services.account_wide", GLOBAL_PROBES, "global"),
    ):
        assert set(probes) == {s for s, spec in catalog.items() if spec.scope == scope}
        calls = {call for s in probes for call in catalog[s].calls}
        assert set(by_id[collector_id].actions) == calls
        assert by_id[collector_id].scope == scope


def test_every_catalog_service_has_a_check() -> None:
    ids = {spec.id for spec in builtin_registry()}
    for service_id in service_catalog():
        assert f"aws.services.{service_id.replace('-', '_')}_enabled" in ids


def test_blueprint_rejects_unknown_keys_and_services(tmp_path: Path) -> None:
    path = tmp_path / "blueprint.yaml"
    path.write_text("version: 1\nsecurity_services:\n  expected: [guardduty]\n  wanted: []\n")
    with pytest.raises(ConfigError, match="unknown setting 'wanted'") as error:
        load_blueprint(path)
    assert error.value.line == 4
    path.write_text(
        "version: 1\nsecurity_services:\n  expected:\n    - guardduty\n    - gardduty\n"
    )
    with pytest.raises(ConfigError, match="unknown security service 'gardduty'") as error:
        load_blueprint(path)
    assert error.value.line == 5
    path.write_text("version: 1\nsecurity_services:\n  expected: [waf]\n  optional: [waf]\n")
    with pytest.raises(ConfigError, match="already expected"):
        load_blueprint(path)
    path.write_text("version: 1\norganisation: {}\n")
    with pytest.raises(ConfigError, match="unknown setting 'organisation'"):
        load_blueprint(path)


def test_default_blueprint_expects_the_baseline() -> None:
    blueprint = load_blueprint()
    assert blueprint.expected_services == {
        "guardduty",
        "securityhub",
        "config",
        "cloudtrail",
        "access-analyzer",
        "inspector",
    }
    assert not blueprint.expects("macie")
