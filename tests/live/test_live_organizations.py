"""The organization collector against moto, judged by the real checks (SEC01 BP01).

A well-built organization (AWS's recommended OUs, guardrail SCPs at the root, security
services delegated to security-tooling, an organization trail) passes every
``aws.organizations`` check; a badly built one fails each, with messages that name what is
wrong. Member accounts read nothing and report no gap; a denied call is a gap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from live_env import ACCOUNT, REGION
from live_faults import fail_calls

from secfound.checks.registry import builtin_registry
from secfound.collect.live.assess import CORE_ACTIONS, AssessSettings, LiveRun, assess
from secfound.collect.live.collector import CollectorSpec, LiveContext, builtin_collectors
from secfound.collect.live.target import Target
from secfound.controls import blueprint as blueprint_module
from secfound.engine import evaluate
from secfound.model.aws.organizations import Organization, OrganizationBlueprint
from secfound.model.values import Unresolved

GUARDRAILS_SCP = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
        {
            "Effect": "Deny",
            "Action": [
                "cloudtrail:StopLogging",
                "cloudtrail:DeleteTrail",
                "config:StopConfigurationRecorder",
                "config:DeleteConfigurationRecorder",
                "guardduty:DeleteDetector",
                "securityhub:DisableSecurityHub",
            ],
            "Resource": "*",
            "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}},
        },
        {
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringLike": {"aws:PrincipalArn": "arn:*:iam::*:root"}},
        },
    ],
}
# moto registers delegated administrators only for some service principals (not Security
# Hub or Inspector): the well-built organization's blueprint asks for those it can hold.
MOTO_DELEGABLE = ("guardduty.amazonaws.com", "access-analyzer.amazonaws.com")


@dataclass
class Built:
    root: str
    ous: dict[str, str]
    accounts: dict[str, str]


def _spec() -> CollectorSpec:
    (spec,) = [s for s in builtin_collectors() if s.id == "organizations.organization"]
    return spec


def _organizations(run: LiveRun) -> list[Organization]:
    return [r for unit in run.results for r in unit.resources if isinstance(r, Organization)]


def _verdicts(run: LiveRun) -> dict[str, tuple[str, str]]:
    findings = evaluate(builtin_registry(), run.results).findings
    return {
        f.check_id.removeprefix("aws.organizations."): (f.status.value, f.message)
        for f in findings
        if f.check_id.startswith("aws.organizations.")
    }


def _build(
    ous: dict[str, str],
    accounts: dict[str, tuple[str, str | None]],
    *,
    scp_targets: tuple[str, ...] = ("root",),
    delegations: dict[str, str] | None = None,
) -> Built:
    """An organization: OUs by path -> parent path ("" = root), accounts by name ->
    (OU path, Environment tag), the guardrail SCP attached to ``scp_targets`` (OU paths or
    "root") and delegated administrators by service principal -> account name."""
    org = boto3.client("organizations", region_name=REGION)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ids = {"": root}
    for path, parent in ous.items():
        name = path.rsplit("/", 1)[-1]
        unit = org.create_organizational_unit(ParentId=ids[parent], Name=name)
        ids[path] = unit["OrganizationalUnit"]["Id"]
    account_ids: dict[str, str] = {}
    for name, (path, environment) in accounts.items():
        created = org.create_account(AccountName=name, Email=f"{name}@example.com")
        account_id = created["CreateAccountStatus"]["AccountId"]
        account_ids[name] = account_id
        if path:
            org.move_account(
                AccountId=account_id, SourceParentId=root, DestinationParentId=ids[path]
            )
        if environment:
            org.tag_resource(
                ResourceId=account_id, Tags=[{"Key": "Environment", "Value": environment}]
            )
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    policy = org.create_policy(
        Content=json.dumps(GUARDRAILS_SCP),
        Description="guardrails",
        Name="guardrails",
        Type="SERVICE_CONTROL_POLICY",
    )["Policy"]["PolicySummary"]["Id"]
    for target in scp_targets:
        org.attach_policy(PolicyId=policy, TargetId=root if target == "root" else ids[target])
    for service, name in (delegations or {}).items():
        org.register_delegated_administrator(AccountId=account_ids[name], ServicePrincipal=service)
    return Built(root=root, ous=ids, accounts=account_ids)


RECOMMENDED_OUS = {
    "Security": "",
    "Infrastructure": "",
    "Workloads": "",
    "Workloads/Prod": "Workloads",
    "Workloads/NonProd": "Workloads",
    "Sandbox": "",
    "PolicyStaging": "",
    "Suspended": "",
}


def _good_organization() -> Built:
    built = _build(
        RECOMMENDED_OUS,
        {
            "log-archive": ("Security", None),
            "security-tooling": ("Security", None),
            "shop-prod": ("Workloads/Prod", "prod"),
            "shop-dev": ("Workloads/NonProd", "dev"),
        },
        delegations={service: "security-tooling" for service in MOTO_DELEGABLE},
    )
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="org-trail-logs")
    trail = boto3.client("cloudtrail", region_name=REGION)
    trail.create_trail(
        Name="org-trail",
        S3BucketName="org-trail-logs",
        IsMultiRegionTrail=True,
        IsOrganizationTrail=True,
    )
    trail.start_logging(Name="org-trail")
    return built


@pytest.fixture
def delegable_blueprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default blueprint, with the delegated services moto can register."""
    default = blueprint_module.load_blueprint()
    organization = replace(default.organization, delegated_services=MOTO_DELEGABLE)
    adapted = replace(default, organization=organization)
    monkeypatch.setattr(blueprint_module, "default_blueprint", lambda: adapted)


def test_a_well_built_organization_passes_every_check(aws: None, delegable_blueprint: None) -> None:
    built = _good_organization()
    run = assess(AssessSettings(regions=(REGION,)), [_spec()])

    assert run.gaps == ()
    (org,) = _organizations(run)
    assert org.management_account_id == ACCOUNT
    assert org.root_id == built.root and org.scp_enabled
    assert {u.path for u in org.ous} == set(RECOMMENDED_OUS)
    by_name = {a.name: a for a in org.accounts}
    assert org.ou_path(by_name["shop-prod"].parent_id) == "Workloads/Prod"
    assert by_name["shop-dev"].tags == {"Environment": "dev"}
    assert isinstance(org.scps, tuple)
    assert {(p.name, p.targets) for p in org.scps} >= {("guardrails", (built.root,))}
    assert org.delegated_administrators == {
        s: (built.accounts["security-tooling"],) for s in MOTO_DELEGABLE
    }
    assert isinstance(org.trails, tuple) and [t.name for t in org.trails] == ["org-trail"]
    assert org.blueprint.delegated_services == MOTO_DELEGABLE

    verdicts = _verdicts(run)
    assert {check: status for check, (status, _) in verdicts.items()} == {
        "accounts_in_expected_ous": "passed",
        "guardrail_scps_attached": "passed",
        "management_account_hosts_no_workloads": "passed",
        "organization_trail_exists": "passed",
        "production_and_nonproduction_separated": "passed",
        "security_services_delegated": "passed",
    }
    assert "every active member account (4)" in verdicts["guardrail_scps_attached"][1]
    assert "org-trail" in verdicts["organization_trail_exists"][1]


def test_a_badly_built_organization_fails_every_check(aws: None) -> None:
    built = _build(
        {"Security": "", "Workloads": "", "Workloads/Prod": "Workloads"},
        {
            "security-tooling": ("Workloads/Prod", None),
            "shop-test": ("Workloads/Prod", "test"),
            "shop": ("", "prod,dev"),
        },
        scp_targets=("Security",),
        delegations={"guardduty.amazonaws.com": "shop-test"},
    )
    ec2 = boto3.client("ec2", region_name=REGION)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2)

    run = assess(AssessSettings(regions=(REGION,)), [_spec()])
    verdicts = _verdicts(run)

    assert {status for status, _ in verdicts.values()} == {"failed"}, verdicts
    placement = verdicts["accounts_in_expected_ous"][1]
    shop = built.accounts["shop"]
    tooling = built.accounts["security-tooling"]
    assert "OU Infrastructure is missing" in placement
    assert "no account named log-archive (expected in Security)" in placement
    assert f"security-tooling ({tooling}) is in Workloads/Prod, not in Security" in placement
    assert f"shop ({shop}) is directly under the root, not in an OU of the blueprint" in placement

    guardrails = verdicts["guardrail_scps_attached"][1]
    assert "6 guardrail(s) missing" in guardrails
    assert "deny-leaving-organization (deny leaving the organization) for every" in guardrails

    environments = verdicts["production_and_nonproduction_separated"][1]
    assert f"shop ({shop}) is tagged both prod and nonprod (Environment=prod,dev)" in environments
    assert "sits in Workloads/Prod (prod) but is tagged Environment=test" in environments

    delegation = verdicts["security_services_delegated"][1]
    assert (
        f"guardduty.amazonaws.com is delegated to shop-test ({built.accounts['shop-test']})"
        in delegation
    )
    assert "securityhub.amazonaws.com has no delegated administrator" in delegation

    assert verdicts["management_account_hosts_no_workloads"][1] == (
        f"management account {ACCOUNT} runs workloads: 2 EC2 instances in {REGION}"
    )
    assert "has no organization trail" in verdicts["organization_trail_exists"][1]


def test_the_organization_is_read_once_with_org(aws: None) -> None:
    built = _good_organization()
    run = assess(AssessSettings(regions=(REGION,), org=True), [_spec()])

    assert set(run.accounts) == {ACCOUNT, *built.accounts.values()}
    (org,) = _organizations(run)
    assert org.location.account == ACCOUNT  # type: ignore[union-attr]
    assert run.gaps == ()
    members = [c for c in run.coverage if c.account != ACCOUNT]
    assert len(members) == 4 and all(c.resources == 0 and c.gaps == 0 for c in members)


def _member_context(account_id: str) -> LiveContext:
    """A context for ``account_id``. Its Organizations calls are made with the management
    account's credentials: the organization is the same whoever reads it, and moto keeps
    the organization's tree only in the management account (a member's
    ListAccountsForParent answers ParentNotFoundException)."""
    role = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
    creds = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=role, RoleSessionName="member"
    )["Credentials"]

    def clients(service: str, region: str) -> Any:
        if service == "organizations":
            return boto3.client(service, region_name=region)
        return boto3.client(
            service,
            region_name=region,
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )

    return LiveContext(target=Target(account_id, REGION), service="organizations", clients=clients)


def test_a_delegated_administrator_reads_the_organization_but_not_the_management_account(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _good_organization()
    tooling = built.accounts["security-tooling"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{tooling}:root"},
                "Action": ["organizations:Describe*", "organizations:List*"],
                "Resource": "*",
            }
        ],
    }
    real = BaseClient._make_api_call

    # moto does not implement DescribeResourcePolicy: the organization's delegation policy
    # is given here, as AWS would return it.
    def with_policy(self: Any, operation: str, params: Any) -> Any:
        if operation == "DescribeResourcePolicy":
            return {"ResourcePolicy": {"Content": json.dumps(policy)}}
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", with_policy)

    (org,) = [r for r in _spec().function(_member_context(tooling)) if isinstance(r, Organization)]
    assert org.management_account_id == ACCOUNT
    assert len(org.accounts) == 5
    assert isinstance(org.trails, Unresolved)
    assert isinstance(org.management_workloads, Unresolved)
    assert list(_spec().function(_member_context(built.accounts["shop-prod"]))) == []


def _deny(monkeypatch: pytest.MonkeyPatch, denied: str) -> None:
    fail_calls(monkeypatch, denied, message=f"not authorized: {denied}")


def test_a_denied_organization_is_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _good_organization()
    _deny(monkeypatch, "DescribeOrganization")
    run = assess(AssessSettings(regions=(REGION,)), [_spec()])
    assert _organizations(run) == []
    assert [(g.service, g.reason) for g in run.gaps] == [
        (
            "organizations",
            "organizations.organization: AccessDenied: not authorized: DescribeOrganization",
        )
    ]


def test_denied_tags_are_unknown_and_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _good_organization()
    _deny(monkeypatch, "ListTagsForResource")
    run = assess(AssessSettings(regions=(REGION,)), [_spec()])
    (org,) = _organizations(run)
    assert all(isinstance(a.tags, Unresolved) for a in org.accounts)
    assert len(run.gaps) == 5
    assert {g.reason.split(":")[1] for g in run.gaps} == {"ListTagsForResource"}
    status, message = _verdicts(run)["production_and_nonproduction_separated"]
    assert status == "unknown" and "could not be read" in message


def test_an_account_outside_any_organization_reads_nothing(aws: None) -> None:
    run = assess(AssessSettings(regions=(REGION,)), [_spec()])
    assert _organizations(run) == [] and run.gaps == ()


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    _good_organization()
    run = assess(AssessSettings(regions=(REGION,)), [_spec()])
    declared = set(_spec().actions) | set(CORE_ACTIONS)
    assert set(run.calls_by_operation) <= declared, set(run.calls_by_operation) - declared


def test_the_default_blueprint_is_the_model_default() -> None:
    assert blueprint_module.load_blueprint().organization == OrganizationBlueprint()
