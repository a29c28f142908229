"""Live EC2 security groups and EBS volumes: parity with tests/parity/ec2, the default
security group, a denied detail call, and the checks on live objects."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from test_live_ec2_support import (
    assert_declared,
    assert_matches,
    by_id,
    cfn_objects,
    of_type,
    run_collectors,
)

from secfound.checks.registry import builtin_registry
from secfound.engine import evaluate
from secfound.model.aws.ec2 import SecurityGroup, Volume
from secfound.model.values import Unresolved

TEMPLATE_VPC = "vpc-0123456789abcdef0"
TEMPLATE_PEER = "sg-0123456789abcdef0"


def _ec2() -> Any:
    return boto3.client("ec2", region_name=REGION)


def _ebs_key() -> str:
    """A customer managed key named ``alias/ebs``, as the template names it; its ARN."""
    kms = boto3.client("kms", region_name=REGION)
    arn = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName="alias/ebs", TargetKeyId=arn)
    return arn


def _template_groups() -> tuple[dict[str, str], dict[str, str]]:
    """WebSg, DbSg (+ DbIngress) as the template declares them: logical id -> group id,
    and the ids of the VPC and the peer group -> the ids the template writes."""
    ec2 = _ec2()
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    peer = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    web = ec2.create_security_group(GroupName="web", Description="web tier", VpcId=vpc)
    ec2.authorize_security_group_ingress(
        GroupId=web["GroupId"],
        IpPermissions=[
            _tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0", "Description": "https"}]),
            _tcp(
                22,
                IpRanges=[
                    {"CidrIp": "10.0.0.0/8", "Description": "ssh from the office"},
                    {"CidrIp": "192.168.0.0/16", "Description": "ssh from the office"},
                ],
            ),
        ],
    )
    _replace_egress(web["GroupId"], {"CidrIp": "0.0.0.0/0", "Description": "all out"})
    db = ec2.create_security_group(GroupName="db", Description="database", VpcId=vpc)
    _replace_egress(db["GroupId"], {"CidrIp": "10.0.0.0/8"})
    ec2.authorize_security_group_ingress(
        GroupId=db["GroupId"],
        IpPermissions=[
            _tcp(5432, UserIdGroupPairs=[{"GroupId": peer, "Description": "from the app tier"}])
        ],
    )
    groups = {"WebSg": web["GroupId"], "DbSg": db["GroupId"]}
    return groups, {vpc: TEMPLATE_VPC, peer: TEMPLATE_PEER}


def _tcp(port: int, **peers: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **peers}


def _replace_egress(group_id: str, ip_range: dict[str, str]) -> None:
    """A template that declares egress replaces AWS's allow-all rule with its own."""
    ec2 = _ec2()
    everything = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=everything)
    ec2.authorize_security_group_egress(
        GroupId=group_id, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [ip_range]}]
    )


def test_security_groups_match_the_template(aws: None) -> None:
    created, names = _template_groups()
    run = run_collectors("ec2.security_groups")
    live = by_id(of_type(run, SecurityGroup))
    cfn = cfn_objects("ec2")
    for logical_id in ("WebSg", "DbSg"):
        assert_matches(live[created[logical_id]], cfn[logical_id], names)
    assert run.gaps == ()
    assert_declared(run, ["ec2.security_groups"])


def test_every_vpc_has_its_default_group(aws: None) -> None:
    _template_groups()
    run = run_collectors("ec2.security_groups")
    groups = of_type(run, SecurityGroup)
    defaults = [g for g in groups if g.is_default]
    vpcs = {v["VpcId"] for v in _ec2().describe_vpcs()["Vpcs"]}
    # moto's default VPC and the test's VPC: one default group each
    assert sorted(g.vpc_id for g in defaults) == sorted(vpcs)
    assert len(vpcs) == 2
    assert {g.name for g in groups if not g.is_default} == {"app", "web", "db"}
    group = defaults[0]
    assert (
        group.address
        == f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/" + (group.address.rsplit("/", 1)[-1])
    )
    assert group.address.rsplit("/", 1)[-1].startswith("sg-")
    assert group.location.arn == group.address
    assert group.location.region == REGION


def test_aws_default_egress_is_marked(aws: None) -> None:
    ec2 = _ec2()
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    plain = ec2.create_security_group(GroupName="plain", Description="x", VpcId=vpc)["GroupId"]
    described = ec2.create_security_group(GroupName="said", Description="x", VpcId=vpc)["GroupId"]
    _replace_egress(described, {"CidrIp": "0.0.0.0/0", "Description": "all out"})
    live = by_id(of_type(run_collectors("ec2.security_groups"), SecurityGroup))
    (aws_rule,) = live[plain].egress
    assert aws_rule.added_by_aws is True
    assert (aws_rule.protocol, aws_rule.cidr_ipv4, aws_rule.from_port) == ("-1", "0.0.0.0/0", None)
    (own_rule,) = live[described].egress
    assert own_rule.added_by_aws is False
    assert own_rule.description == "all out"


def test_volumes_match_the_template(aws: None) -> None:
    key = _ebs_key()
    ec2 = _ec2()
    data = ec2.create_volume(
        AvailabilityZone="us-east-1a", Size=100, VolumeType="gp3", Encrypted=True, KmsKeyId=key
    )
    # EncryptScratch chosen true; no key: AWS uses its managed key aws/ebs
    scratch = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, Encrypted=True)
    plain = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    run = run_collectors("ec2.volumes")
    live = by_id(of_type(run, Volume))
    cfn = cfn_objects("ec2")
    names = {key: "alias/ebs"}
    assert_matches(live[data["VolumeId"]], cfn["DataVolume"], names)
    # The parameter's value, and the AWS managed key held as None (as when none is named).
    assert_matches(live[scratch["VolumeId"]], cfn["ScratchVolume"], names, {("encrypted",): True})
    assert live[scratch["VolumeId"]].kms_key_id is None
    # The template does not say; AWS reports the fact (no account default here).
    assert_matches(live[plain["VolumeId"]], cfn["PlainVolume"], names, {("encrypted",): False})
    assert run.gaps == ()
    assert run.calls_by_operation.get("kms:ListAliases") == 1
    assert_declared(run, ["ec2.volumes"])


def _deny(monkeypatch: pytest.MonkeyPatch, denied: str) -> None:
    fail_calls(monkeypatch, denied, code="UnauthorizedOperation", message="denied")


def test_a_denied_alias_lookup_leaves_keys_unresolved(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = _ebs_key()
    ec2 = _ec2()
    ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True, KmsKeyId=key)
    ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    _deny(monkeypatch, "ListAliases")
    run = run_collectors("ec2.volumes")
    volumes = of_type(run, Volume)
    assert len(volumes) == 2
    encrypted = next(v for v in volumes if v.encrypted)
    assert isinstance(encrypted.kms_key_id, Unresolved)
    assert key in encrypted.kms_key_id.expression
    assert next(v for v in volumes if not v.encrypted).kms_key_id is None
    assert [g.reason for g in run.gaps] == ["kms:ListAliases: UnauthorizedOperation: denied"]
    verdicts = _verdicts(run, "aws.ec2.volume_encrypted_with_kms_key")
    assert sorted(verdicts.values()) == ["failed", "unknown"]


def _verdicts(run: Any, check_id: str) -> dict[str, str]:
    findings = evaluate(builtin_registry(), run.results).findings
    return {f.resource.address: f.status.value for f in findings if f.check_id == check_id}


def test_checks_run_unchanged_on_live_groups(aws: None) -> None:
    ec2 = _ec2()
    vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    open_ssh = ec2.create_security_group(GroupName="bastion", Description="x", VpcId=vpc)
    ec2.authorize_security_group_ingress(
        GroupId=open_ssh["GroupId"],
        IpPermissions=[_tcp(22, IpRanges=[{"CidrIp": "0.0.0.0/0", "Description": "ssh"}])],
    )
    closed = ec2.create_security_group(GroupName="inner", Description="x", VpcId=vpc)
    ec2.authorize_security_group_ingress(
        GroupId=closed["GroupId"],
        IpPermissions=[_tcp(22, IpRanges=[{"CidrIp": "10.0.0.0/8"}])],
    )
    # Empty this VPC's default group; moto's default VPC keeps its rules.
    default = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]
    ec2.revoke_security_group_ingress(
        GroupId=default["GroupId"], IpPermissions=default["IpPermissions"]
    )
    ec2.revoke_security_group_egress(
        GroupId=default["GroupId"], IpPermissions=default["IpPermissionsEgress"]
    )
    run = run_collectors("ec2.security_groups")
    groups = of_type(run, SecurityGroup)
    arn = {g.address.rsplit("/", 1)[-1]: g.address for g in groups}

    ssh = _verdicts(run, "aws.ec2.security_group_no_ssh_from_internet")
    assert ssh[arn[open_ssh["GroupId"]]] == "failed"
    assert ssh[arn[closed["GroupId"]]] == "passed"
    described = _verdicts(run, "aws.ec2.security_group_rules_described")
    assert described[arn[open_ssh["GroupId"]]] == "passed"  # AWS's egress rule is not judged
    assert described[arn[closed["GroupId"]]] == "failed"
    defaults = _verdicts(run, "aws.ec2.default_security_group_restricts_all_traffic")
    other_default = next(g for g in groups if g.is_default and g.vpc_id != vpc)
    assert defaults[arn[default["GroupId"]]] == "passed"
    assert defaults[other_default.address] == "failed"
    assert arn[open_ssh["GroupId"]] not in defaults  # not a default group: not applicable
