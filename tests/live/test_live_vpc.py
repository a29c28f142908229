"""Live VPCs (flow logs joined in), subnets and network ACLs: parity with tests/parity/vpc,
denied detail calls, and the checks on live objects.

moto's default VPC (with its subnets, default security group and default network ACL)
exists in every region, as in a real account: the tests pick their own resources by id
and assert what is collected for the default VPC explicitly.
"""

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
from secfound.model.aws.vpc import NetworkAcl, Subnet, Vpc
from secfound.model.build import to_data
from secfound.model.values import Unresolved

COLLECTORS = ("vpc.vpcs", "vpc.subnets", "vpc.network_acls")
FLOW_LOG_ROLE = f"arn:aws:iam::{ACCOUNT}:role/flow-logs"


class Estate:
    """The template's VPCs, flow logs, subnets and ACLs, created in moto."""

    def __init__(self) -> None:
        ec2 = boto3.client("ec2", region_name=REGION)
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="flow-logs-bucket")
        self.ids: dict[str, str] = {}
        logged = self.ids["LoggedVpc"] = ec2.create_vpc(
            CidrBlock="10.0.0.0/16", InstanceTenancy="default"
        )["Vpc"]["VpcId"]
        ec2.modify_vpc_attribute(VpcId=logged, EnableDnsHostnames={"Value": True})
        ec2.create_flow_logs(
            ResourceType="VPC",
            ResourceIds=[logged],
            TrafficType="REJECT",
            LogDestinationType="s3",
            LogDestination="arn:aws:s3:::flow-logs-bucket",
        )
        # VpcCidr chosen 10.1.0.0/16
        unlogged = self.ids["UnloggedVpc"] = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        ec2.modify_vpc_attribute(VpcId=unlogged, EnableDnsSupport={"Value": False})
        ec2.create_flow_logs(
            ResourceType="VPC",
            ResourceIds=[unlogged],
            TrafficType="ACCEPT",
            LogGroupName="vpc-accepted",
            DeliverLogsPermissionArn=FLOW_LOG_ROLE,
        )
        for name, cidr, zone in (
            ("PublicSubnet", "10.0.1.0/24", "us-east-1a"),
            ("PrivateSubnet", "10.0.2.0/24", "us-east-1b"),
            ("ChosenSubnet", "10.0.3.0/24", None),  # PublicOnLaunch chosen false
        ):
            placed = {"AvailabilityZone": zone} if zone else {}
            self.ids[name] = ec2.create_subnet(VpcId=logged, CidrBlock=cidr, **placed)["Subnet"][
                "SubnetId"
            ]
        ec2.modify_subnet_attribute(
            SubnetId=self.ids["PublicSubnet"], MapPublicIpOnLaunch={"Value": True}
        )
        public = self.ids["PublicAcl"] = ec2.create_network_acl(VpcId=logged)["NetworkAcl"][
            "NetworkAclId"
        ]
        _entry(public, 90, "6", "deny", CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22})
        _entry(public, 100, "-1", "allow", CidrBlock="0.0.0.0/0")
        _entry(public, 100, "-1", "allow", Egress=True, CidrBlock="0.0.0.0/0")
        private = self.ids["PrivateAcl"] = ec2.create_network_acl(VpcId=logged)["NetworkAcl"][
            "NetworkAclId"
        ]
        _entry(private, 100, "6", "allow", Ipv6CidrBlock="::/0", PortRange={"From": 443, "To": 443})
        _entry(private, 110, "6", "allow", CidrBlock="10.0.0.0/8", PortRange={"From": 22, "To": 22})


def _entry(acl: str, number: int, protocol: str, action: str, **fields: Any) -> None:
    boto3.client("ec2", region_name=REGION).create_network_acl_entry(
        NetworkAclId=acl,
        RuleNumber=number,
        Protocol=protocol,
        RuleAction=action,
        Egress=fields.pop("Egress", False),
        **fields,
    )


def test_vpcs_match_the_template(aws: None) -> None:
    estate = Estate()
    run = run_collectors(*COLLECTORS)
    live = by_id(of_type(run, Vpc))
    cfn = cfn_objects("vpc")
    assert_matches(live[estate.ids["LoggedVpc"]], cfn["LoggedVpc"], {})
    assert_matches(
        live[estate.ids["UnloggedVpc"]],
        cfn["UnloggedVpc"],
        {},
        {("cidr_block",): "10.1.0.0/16"},  # the VpcCidr parameter
    )
    # moto's default VPC is collected as AWS reports it: no flow logs.
    (default,) = (v for v in live.values() if v.cidr_block == "172.31.0.0/16")
    assert default.flow_logs == ()
    assert default.address.startswith(f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/vpc-")
    assert run.gaps == ()
    assert run.calls_by_operation["ec2:DescribeFlowLogs"] == 1  # one per region
    assert_declared(run, COLLECTORS)


def test_subnets_and_acls_match_the_template(aws: None) -> None:
    estate = Estate()
    run = run_collectors(*COLLECTORS)
    subnets = by_id(of_type(run, Subnet))
    acls = by_id(of_type(run, NetworkAcl))
    cfn = cfn_objects("vpc")
    # The template names the VPC by ``!Ref LoggedVpc`` (unresolved there): the live VPC id
    # stands for that reference.
    names = {estate.ids["LoggedVpc"]: to_data(cfn["PublicSubnet"].vpc_id)}
    assert_matches(subnets[estate.ids["PublicSubnet"]], cfn["PublicSubnet"], names)
    assert_matches(subnets[estate.ids["PrivateSubnet"]], cfn["PrivateSubnet"], names)
    chosen = subnets[estate.ids["ChosenSubnet"]]
    assert_matches(
        chosen,
        cfn["ChosenSubnet"],
        names,
        {
            ("availability_zone",): chosen.availability_zone,  # EC2 picks one
            ("map_public_ip_on_launch",): False,  # the PublicOnLaunch parameter
        },
    )
    assert str(chosen.availability_zone).startswith(REGION)
    assert_matches(acls[estate.ids["PublicAcl"]], cfn["PublicAcl"], names)
    assert_matches(acls[estate.ids["PrivateAcl"]], cfn["PrivateAcl"], names)
    # Default ACLs (one per VPC) hold AWS's allow-all rules 100; the catch-all is implied.
    defaults = [a for i, a in acls.items() if i not in estate.ids.values()]
    assert len(defaults) == 3  # moto's default VPC, LoggedVpc, UnloggedVpc
    for acl in defaults:
        assert [(e.rule_number, e.egress, e.action) for e in acl.entries] == [
            (100, False, "allow"),
            (100, True, "allow"),
        ]
    assert run.gaps == ()


def _deny(monkeypatch: pytest.MonkeyPatch, *operations: str) -> None:
    fail_calls(monkeypatch, *operations, code="UnauthorizedOperation", message="denied")


def test_denied_detail_calls_are_unresolved_and_gaps(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    estate = Estate()
    _deny(monkeypatch, "DescribeFlowLogs", "DescribeVpcAttribute")
    run = run_collectors(*COLLECTORS)
    vpcs = by_id(of_type(run, Vpc))
    assert len(vpcs) == 3
    logged = vpcs[estate.ids["LoggedVpc"]]
    assert isinstance(logged.flow_logs, Unresolved)
    assert isinstance(logged.enable_dns_hostnames, Unresolved)
    assert logged.cidr_block == "10.0.0.0/16"  # the rest is kept
    # One gap per denied action and region, not one per VPC.
    assert sorted(g.reason for g in run.gaps) == [
        "ec2:DescribeFlowLogs: UnauthorizedOperation: denied",
        "ec2:DescribeVpcAttribute: UnauthorizedOperation: denied",
    ]
    findings = evaluate(builtin_registry(), run.results).findings
    flow = {f.status.value for f in findings if f.check_id == "aws.ec2.vpc_flow_logs_enabled"}
    assert flow == {"unknown"}
    subnets = boto3.client("ec2", region_name=REGION).describe_subnets()["Subnets"]
    assert len(of_type(run, Subnet)) == len(subnets) > 3  # the other collectors are whole


def test_checks_run_unchanged_on_live_vpcs(aws: None) -> None:
    estate = Estate()
    run = run_collectors(*COLLECTORS)
    findings = evaluate(builtin_registry(), run.results).findings
    verdicts = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit("/", 1)[-1]): f.status.value
        for f in findings
    }
    ids = estate.ids
    assert verdicts[("vpc_flow_logs_enabled", ids["LoggedVpc"])] == "passed"
    assert verdicts[("vpc_flow_logs_enabled", ids["UnloggedVpc"])] == "failed"
    assert verdicts[("subnet_assigns_no_public_ip", ids["PublicSubnet"])] == "failed"
    assert verdicts[("subnet_assigns_no_public_ip", ids["PrivateSubnet"])] == "passed"
    assert verdicts[("network_acl_no_admin_ports_from_internet", ids["PublicAcl"])] == "failed"
    assert verdicts[("network_acl_no_admin_ports_from_internet", ids["PrivateAcl"])] == "passed"
