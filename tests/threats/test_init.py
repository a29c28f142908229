"""``threats init``: drafts from IaC and from live accounts load with ``load_model`` and hold
the components and boundaries the resources imply; ``threats validate`` on the result.

The sample estate in examples/ grows over time: tests on it assert what must be there,
never totals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from secfound.cli.threats_cmd import threats
from secfound.collect.live.assess import AssessSettings
from secfound.threats.draft import draft_from_iac, draft_from_live
from secfound.threats.model import Component, ThreatModel
from secfound.threats.schema import load_model

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).parent / "fixtures" / "web"
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account


def _loaded(tmp_path: Path, text: str) -> ThreatModel:
    path = tmp_path / "threatmodel.yaml"
    path.write_text(text, encoding="utf-8")
    return load_model(path)


def _component(model: ThreatModel, resource: str) -> Component:
    found = [c for c in model.components if resource in c.resources]
    assert len(found) == 1, (resource, [c.resources for c in model.components])
    return found[0]


# --- IaC ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "addresses"),
    [
        (
            "terraform",
            {
                "orders-bucket": "module.orders_bucket.aws_s3_bucket.this",
                "log-bucket": "aws_s3_bucket.log_bucket",
                "assets-bucket": "aws_s3_bucket.assets_bucket",
                "data-volume": "aws_ebs_volume.data_volume",
                "scratch-volume": "aws_ebs_volume.scratch_volume",
            },
        ),
        (
            "cloudformation",
            {
                "orders-bucket": "OrdersBucket",
                "log-bucket": "LogBucket",
                "assets-bucket": "AssetsBucket",
                "data-volume": "DataVolume",
                "scratch-volume": "ScratchVolume",
            },
        ),
    ],
)
def test_the_sample_estate_drafts_a_valid_model(
    tmp_path: Path, edition: str, addresses: dict[str, str]
) -> None:
    draft = draft_from_iac(EXAMPLES / edition)
    model = _loaded(tmp_path, draft.render())

    # Both editions name their elements alike: ids come from the IaC names, not the type.
    for component_id, address in addresses.items():
        component = _component(model, address)
        assert component.id == component_id
        assert component.kind == "datastore"
    assert _component(model, addresses["orders-bucket"]).resource_type == "AWS::S3::Bucket"
    assert _component(model, addresses["data-volume"]).encrypted_at_rest is True
    assert _component(model, addresses["scratch-volume"]).encrypted_at_rest is False
    # One account boundary for IaC (its id unknown), every component inside the workload.
    accounts = [b for b in model.boundaries if b.kind == "account"]
    assert [(b.id, b.aws_id) for b in accounts] == [("account", None)]
    assert all(c.boundary for c in model.components if c.kind != "external-entity")
    # The web security group admits 0.0.0.0/0: the internet and an untrusted actor in it.
    assert model.boundary("internet").kind == "internet"
    actor = model.element("internet-user")
    assert (actor.trust, actor.boundary) == ("untrusted", "internet")
    assert model.assets == ()  # assets cannot be read from IaC


def test_the_draft_says_what_to_fill_in() -> None:
    text = draft_from_iac(EXAMPLES / "terraform").render()
    head = text.split("\nversion: 1\n")[0]
    assert "DRAFT" in head
    assert "assets" in head and "flows between components" in head
    assert "# TODO: assets cannot be read from resources" in text
    assert "# TODO: flows between components cannot be read from resources" in text
    assert "# TODO: the account's id cannot be read from IaC" in text


def test_drafting_twice_writes_the_same_file() -> None:
    first = draft_from_iac(EXAMPLES / "cloudformation").render()
    assert draft_from_iac(EXAMPLES / "cloudformation").render() == first


def test_cloudformation_resources_map_to_elements(tmp_path: Path) -> None:
    model = _loaded(tmp_path, draft_from_iac(FIXTURES / "cloudformation").render())

    vpc = next(b for b in model.boundaries if b.kind == "vpc")
    subnet = next(b for b in model.boundaries if b.kind == "subnet")
    assert (vpc.id, vpc.parent) == ("vpc", "account")
    assert (subnet.id, subnet.parent) == ("public-subnet", "vpc")

    lb = _component(model, "Lb")
    assert (lb.id, lb.kind, lb.internet_facing, lb.waf) == ("lb", "aws-service", True, False)
    assert lb.boundary == "public-subnet"
    assert lb.resource_type == "AWS::ElasticLoadBalancingV2::LoadBalancer"
    assert _component(model, "Web").kind == "process"
    assert _component(model, "Web").boundary == "public-subnet"
    assert _component(model, "Lt").kind == "process"
    assert _component(model, "Fn").kind == "process"
    assert _component(model, "Queue").kind == "aws-service"
    assert _component(model, "Topic").encrypted_at_rest is False
    db = _component(model, "Db")
    assert (db.kind, db.encrypted_at_rest, db.boundary) == ("datastore", True, "vpc")
    assert _component(model, "Table").kind == "datastore"
    assert _component(model, "Fs").encrypted_at_rest is True

    partner = _component(model, "PartnerRole")
    assert (partner.id, partner.kind) == ("aws-account-999988887777", "external-entity")
    assert partner.boundary is None

    flows = {f.id: f for f in model.flows}
    # The listener's flow, encrypted because HTTPS; the group's own 443 rule adds nothing.
    listener = flows["internet-to-lb-443"]
    assert (listener.source, listener.protocol, listener.port, listener.encrypted) == (
        "internet-user",
        "https",
        443,
        True,
    )
    assert [f.id for f in model.flows if f.target == "lb"] == ["internet-to-lb-443"]
    web = flows["internet-to-web-443"]
    assert (web.protocol, web.port, web.encrypted) == ("tcp", 443, None)
    assert "internet-to-lt-443" in flows
    # Lambda functions take no inbound connections, whatever their security group says.
    assert not [f for f in model.flows if f.target == "fn"]


def test_terraform_references_place_components_and_expose_them(tmp_path: Path) -> None:
    model = _loaded(tmp_path, draft_from_iac(FIXTURES / "terraform").render())

    assert model.boundary("main").kind == "vpc"
    assert model.boundary("app").parent == "main"
    bastion = _component(model, "aws_instance.bastion")
    assert (bastion.id, bastion.boundary, bastion.internet_facing) == ("bastion", "app", True)
    # A module's resources reference each other by module-local addresses.
    service = _component(model, "module.service.aws_instance.this")
    assert (service.id, service.boundary) == ("service", "app")

    flows = {f.id: f for f in model.flows}
    assert (flows["internet-to-bastion-22"].protocol, flows["internet-to-bastion-22"].port) == (
        "tcp",
        22,
    )
    ranged = flows["internet-to-bastion-8000-8100"]
    assert ranged.port is None and "8000-8100" in ranged.description
    assert flows["internet-to-service-all"].protocol == "all"  # ::/0, every protocol
    # A database known to be private is not exposed by its open security group.
    reports = _component(model, "aws_db_instance.reports")
    assert reports.internet_facing is False
    assert not [f for f in model.flows if f.target == reports.id]


def test_a_folder_without_resources_is_an_error(tmp_path: Path) -> None:
    from secfound.errors import SourceError

    with pytest.raises(SourceError, match="no CloudFormation or Terraform resources"):
        draft_from_iac(tmp_path)


# --- the command line -------------------------------------------------------------------------


def test_init_and_validate_from_the_command_line(secfound: Any, tmp_path: Path) -> None:
    out = tmp_path / "threatmodel.yaml"
    done = secfound("threats", "init", "--from", str(EXAMPLES / "terraform"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "wrote a draft threat model" in done.stderr
    assert load_model(out).components

    again = secfound("threats", "init", "--from", str(EXAMPLES / "terraform"), "-o", str(out))
    assert again.returncode == 2
    assert "exists; use --force" in again.stderr

    forced = secfound(
        "threats", "init", "--from", str(FIXTURES / "terraform"), "-o", str(out), "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert "aws_instance.bastion" in out.read_text(encoding="utf-8")

    valid = secfound("threats", "validate", cwd=tmp_path)
    assert valid.returncode == 0, valid.stderr
    assert "valid threat model" in valid.stdout
    assert "0 assets, 3 components, 3 flows, 4 boundaries, 1 actor" in valid.stdout

    as_json = secfound("threats", "validate", str(out), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["version"] == 1
    assert {c["id"] for c in data["components"]} == {"bastion", "service", "reports"}


def test_validate_reports_the_error_at_its_line(secfound: Any, tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text("version: 1\nname: x\ncomponents:\n  - id: a\n    name: A\n    kind: db\n")
    done = secfound("threats", "validate", str(path))
    assert done.returncode == 2
    assert f"{path}:6: components[0].kind" in done.stderr
    assert "'datastore'" in done.stderr


def test_init_needs_exactly_one_source(tmp_path: Path) -> None:
    runner = CliRunner()
    neither = runner.invoke(threats, ["init", "-o", str(tmp_path / "m.yaml")])
    both = runner.invoke(threats, ["init", "--from", str(FIXTURES), "--live", "-o", "-"])
    assert (neither.exit_code, both.exit_code) == (2, 2)
    assert "give one of --from PATH or --live" in neither.output


# --- live -------------------------------------------------------------------------------------


def _small_account() -> dict[str, str]:
    """A VPC with two subnets, an open security group, an instance, an internet-facing load
    balancer with an HTTP listener, a bucket, a queue and a role another account may assume."""
    ec2 = boto3.client("ec2", region_name=REGION)
    tags = [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "shop-vpc"}]}]
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=tags)["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{n}.0/24", AvailabilityZone=zone)["Subnet"][
            "SubnetId"
        ]
        for n, zone in ((1, "us-east-1a"), (2, "us-east-1b"))
    ]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    ec2.run_instances(
        ImageId="ami-12c6146b",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnets[0],
        SecurityGroupIds=[group],
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-1"}]}
        ],
    )
    elb = boto3.client("elbv2", region_name=REGION)
    lb = elb.create_load_balancer(
        Name="shop-lb", Subnets=subnets, SecurityGroups=[group], Scheme="internet-facing"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    target = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)
    elb.create_listener(
        LoadBalancerArn=lb,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {"Type": "forward", "TargetGroupArn": target["TargetGroups"][0]["TargetGroupArn"]}
        ],
    )
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="shop-orders")
    boto3.client("sqs", region_name=REGION).create_queue(QueueName="shop-jobs")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    boto3.client("iam").create_role(
        RoleName="partner-access", AssumeRolePolicyDocument=json.dumps(trust)
    )
    return {"vpc": vpc, "subnet": subnets[0]}


def test_a_live_account_drafts_a_valid_model(aws: None, tmp_path: Path) -> None:
    made = _small_account()

    draft = draft_from_live(AssessSettings(regions=(REGION,)))
    model = _loaded(tmp_path, draft.render())

    account = model.boundary(f"account-{ACCOUNT}")
    assert (account.kind, account.aws_id) == ("account", ACCOUNT)
    vpc = model.boundary("shop-vpc")  # named by its Name tag
    assert (vpc.kind, vpc.aws_id, vpc.parent) == ("vpc", made["vpc"], account.id)
    subnet = next(b for b in model.boundaries if b.aws_id == made["subnet"])
    assert (subnet.kind, subnet.parent) == ("subnet", "shop-vpc")

    web = model.element("web-1")
    assert isinstance(web, Component)
    assert (web.kind, web.boundary) == ("process", subnet.id)
    lb = model.element("shop-lb")
    assert isinstance(lb, Component)
    assert (lb.kind, lb.internet_facing) == ("aws-service", True)
    assert lb.resources[0].startswith("arn:aws:elasticloadbalancing:")
    listener = next(f for f in model.flows if f.target == "shop-lb")
    assert (listener.protocol, listener.port, listener.encrypted) == ("http", 80, False)
    assert model.element("shop-orders").kind == "datastore"
    assert model.element("shop-jobs").kind == "aws-service"
    partner = model.element("aws-account-999988887777")
    assert isinstance(partner, Component)
    assert partner.kind == "external-entity"
    assert partner.resources == (f"arn:aws:iam::{ACCOUNT}:role/partner-access",)
    assert draft.source.startswith(f"live account(s) {ACCOUNT}")


def test_an_organization_drafts_ou_and_account_boundaries(aws: None, tmp_path: Path) -> None:
    org = boto3.client("organizations", region_name=REGION)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="Workloads")
    unit_id = unit["OrganizationalUnit"]["Id"]
    member = org.create_account(AccountName="shop-prod", Email="s@example.com")
    member_id = member["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=member_id, SourceParentId=root, DestinationParentId=unit_id)

    runner = CliRunner()
    out = tmp_path / "threatmodel.yaml"
    done = runner.invoke(threats, ["init", "--live", "--org", "--region", REGION, "-o", str(out)])
    assert done.exit_code == 0, done.output
    model = load_model(out)

    ou = next(b for b in model.boundaries if b.kind == "ou")
    assert (ou.aws_id, ou.name) == (unit_id, "Workloads")
    account = model.boundary("shop-prod")
    assert (account.kind, account.aws_id, account.parent) == ("account", member_id, ou.id)
    ids = {b.aws_id for b in model.boundaries if b.kind == "account"}
    assert {ACCOUNT, member_id} <= ids


def test_the_live_draft_names_only_existing_collectors() -> None:
    # A renamed collector must fail here rather than silently leave elements out.
    from secfound.collect.live.collector import builtin_collectors
    from secfound.threats.draft import DRAFT_COLLECTORS

    known = {spec.id for spec in builtin_collectors()}
    assert set(DRAFT_COLLECTORS) <= known
    assert {"vpc.vpcs", "elbv2.load_balancers", "organizations.organization"} <= known


def test_init_writes_to_standard_output_with_a_dash() -> None:
    done = CliRunner().invoke(
        threats, ["init", "--from", str(FIXTURES / "terraform"), "-o", "-", "--name", "web"]
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith("# Threat model DRAFT")
    assert "\nname: web\n" in done.output
