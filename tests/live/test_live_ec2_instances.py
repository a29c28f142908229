"""Live EC2 instances and launch templates: parity with tests/parity/ec2_instances, a
denied volume lookup, and the checks on live objects.

moto quirks kept here: its AMIs' root device names differ (Amazon Linux ``/dev/xvda``,
others ``/dev/sda1``), so each instance uses an AMI whose root is the device the template
treats as root; both AMIs stand for the template's one AMI id. moto needs a size for a
volume the request does not take from a snapshot, and does not apply a launch template's
metadata options and network interfaces to the instance (the request carries them).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from live_env import REGION
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
from secfound.model.aws.ec2 import Instance, LaunchTemplate
from secfound.model.values import Unresolved

TEMPLATE_AMI = "ami-0123456789abcdef0"
TEMPLATE_SUBNET = "subnet-0123456789abcdef0"
LEGACY_SUBNET = "subnet-0fedcba9876543210"
APP_METADATA = {"HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 2}
COLLECTORS = ("ec2_instances.instances", "ec2_instances.launch_templates")


def _ami(root: str) -> str:
    images = boto3.client("ec2", region_name=REGION).describe_images(
        Owners=["amazon"], Filters=[{"Name": "root-device-name", "Values": [root]}]
    )["Images"]
    return str(images[0]["ImageId"])


class Estate:
    """The template's instances and launch templates, created in moto."""

    def __init__(self) -> None:
        ec2 = boto3.client("ec2", region_name=REGION)
        kms = boto3.client("kms", region_name=REGION)
        self.key = str(kms.create_key()["KeyMetadata"]["Arn"])
        kms.create_alias(AliasName="alias/ebs", TargetKeyId=self.key)
        boto3.client("iam", region_name=REGION).create_instance_profile(
            InstanceProfileName="web-profile"
        )
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        self.subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        self.legacy_subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24")["Subnet"][
            "SubnetId"
        ]
        self.xvda_ami, self.sda1_ami = _ami("/dev/xvda"), _ami("/dev/sda1")
        self.ids: dict[str, str] = {}
        self.ids["AppTemplate"] = ec2.create_launch_template(
            LaunchTemplateName="app",
            LaunchTemplateData={
                "ImageId": self.sda1_ami,
                "MetadataOptions": APP_METADATA,
                "NetworkInterfaces": [
                    {"DeviceIndex": 0, "AssociatePublicIpAddress": False, "SubnetId": self.subnet}
                ],
                "BlockDeviceMappings": [
                    _ebs("/dev/xvda", Encrypted=True, VolumeSize=20, VolumeType="gp3"),
                    # EncryptData chosen true
                    _ebs("/dev/sdf", Encrypted=True, KmsKeyId=self.key, VolumeSize=100),
                ],
            },
        )["LaunchTemplate"]["LaunchTemplateId"]
        self.ids["PublicTemplate"] = ec2.create_launch_template(
            LaunchTemplateName="public",
            LaunchTemplateData={
                "ImageId": self.sda1_ami,
                "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True}],
                "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}],
            },
        )["LaunchTemplate"]["LaunchTemplateId"]
        self.ids["WebInstance"] = _launched(
            ec2.run_instances(
                ImageId=self.xvda_ami,
                InstanceType="t3.micro",
                IamInstanceProfile={"Name": "web-profile"},
                MetadataOptions={"HttpTokens": "optional"},
                NetworkInterfaces=[
                    {"DeviceIndex": 0, "AssociatePublicIpAddress": True, "SubnetId": self.subnet}
                ],
                BlockDeviceMappings=[
                    _ebs("/dev/xvda", Encrypted=True, KmsKeyId=self.key, VolumeSize=30),
                    _ebs("/dev/sdf", Encrypted=False, VolumeSize=50, VolumeType="gp3"),
                ],
                MinCount=1,
                MaxCount=1,
            )
        )
        self.ids["LegacyInstance"] = _launched(
            ec2.run_instances(
                ImageId=self.sda1_ami,
                InstanceType="t3.small",
                SubnetId=self.legacy_subnet,
                MinCount=1,
                MaxCount=1,
            )
        )
        self.ids["TemplatedInstance"] = _launched(
            ec2.run_instances(
                LaunchTemplate={"LaunchTemplateId": self.ids["AppTemplate"], "Version": "1"},
                BlockDeviceMappings=[_ebs("/dev/sda1", Encrypted=True, VolumeSize=8)],
                # moto does not apply a template's metadata options and interfaces; AWS
                # does, so the request carries them as AWS would apply them.
                MetadataOptions=APP_METADATA,
                NetworkInterfaces=[
                    {"DeviceIndex": 0, "AssociatePublicIpAddress": False, "SubnetId": self.subnet}
                ],
                MinCount=1,
                MaxCount=1,
            )
        )

    @property
    def names(self) -> dict[str, str]:
        """Live ids -> the ids the template writes."""
        return {
            self.key: "alias/ebs",
            self.xvda_ami: TEMPLATE_AMI,
            self.sda1_ami: TEMPLATE_AMI,
            self.subnet: TEMPLATE_SUBNET,
            self.legacy_subnet: LEGACY_SUBNET,
        }


def _ebs(device: str, **settings: Any) -> dict[str, Any]:
    return {"DeviceName": device, "Ebs": settings}


def _launched(answer: dict[str, Any]) -> str:
    return str(answer["Instances"][0]["InstanceId"])


def _root(**fields: Any) -> dict[str, Any]:
    """A root volume as plain data: what AWS made where the template said nothing."""
    return {"device_name": None, "kms_key_id": None, **fields}


def test_launch_templates_match_the_template(aws: None) -> None:
    estate = Estate()
    run = run_collectors(*COLLECTORS)
    live = by_id(of_type(run, LaunchTemplate))
    cfn = cfn_objects("ec2_instances")
    assert len(live) == 2
    facts = {("block_devices", 1, "encrypted"): True}  # the EncryptData parameter
    assert_matches(live[estate.ids["AppTemplate"]], cfn["AppTemplate"], estate.names, facts)
    assert_matches(live[estate.ids["PublicTemplate"]], cfn["PublicTemplate"], estate.names)
    assert run.gaps == ()


def test_instances_match_the_template(aws: None) -> None:
    estate = Estate()
    run = run_collectors(*COLLECTORS)
    live = by_id(of_type(run, Instance))
    cfn = cfn_objects("ec2_instances")
    names = {**estate.names, estate.ids["AppTemplate"]: "AppTemplate"}
    assert len(live) == 3
    # The template leaves the root volume's type to EC2.
    assert_matches(
        live[estate.ids["WebInstance"]],
        cfn["WebInstance"],
        names,
        {("root_volume", "volume_type"): "gp2"},
    )
    # Nothing said about a public IP or the root volume: AWS reports what it did.
    assert_matches(
        live[estate.ids["LegacyInstance"]],
        cfn["LegacyInstance"],
        names,
        {
            ("associates_public_ip",): False,
            ("root_volume",): _root(encrypted=False, volume_size_gib=8, volume_type="gp2"),
        },
    )
    # What the template leaves to its launch template is resolved live (the AppTemplate's
    # settings; m1.small is EC2's type when neither names one).
    templated = live[estate.ids["TemplatedInstance"]]
    assert_matches(
        templated,
        cfn["TemplatedInstance"],
        names,
        {
            ("launch_template",): "AppTemplate",
            ("instance_type",): "m1.small",
            ("image_id",): TEMPLATE_AMI,
            ("subnet_id",): TEMPLATE_SUBNET,
            ("associates_public_ip",): False,
            ("metadata_options",): {
                "http_tokens": "required",
                "http_endpoint": "enabled",
                "http_put_response_hop_limit": 2,
            },
            ("root_volume", "encrypted"): True,  # the EncryptData parameter
            ("root_volume", "volume_size_gib"): 8,
            ("root_volume", "volume_type"): "gp2",
        },
    )
    assert run.gaps == ()
    # One DescribeVolumes for all the instances, not one per instance.
    assert run.calls_by_operation["ec2:DescribeVolumes"] == 1
    assert_declared(run, COLLECTORS)


def test_a_denied_volume_lookup_keeps_the_instances(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    estate = Estate()
    fail_calls(monkeypatch, "DescribeVolumes", code="UnauthorizedOperation", message="denied")
    run = run_collectors(*COLLECTORS)
    live = by_id(of_type(run, Instance))
    assert len(live) == 3
    web = live[estate.ids["WebInstance"]]
    assert isinstance(web.root_volume, Unresolved)
    assert isinstance(web.data_volumes, Unresolved)
    assert web.metadata_options.http_tokens == "optional"  # the rest is kept
    assert [g.reason for g in run.gaps] == ["ec2:DescribeVolumes: UnauthorizedOperation: denied"]
    findings = evaluate(builtin_registry(), run.results).findings
    volumes = {
        f.status.value
        for f in findings
        if f.check_id == "aws.ec2.instance_root_and_data_volumes_encrypted"
    }
    assert volumes == {"unknown"}


def test_checks_run_unchanged_on_live_instances(aws: None) -> None:
    estate = Estate()
    run = run_collectors(*COLLECTORS)
    findings = evaluate(builtin_registry(), run.results).findings
    verdicts = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit("/", 1)[-1]): f.status.value
        for f in findings
    }
    web, legacy = estate.ids["WebInstance"], estate.ids["LegacyInstance"]
    templated, app = estate.ids["TemplatedInstance"], estate.ids["AppTemplate"]
    assert verdicts[("instance_requires_imdsv2", web)] == "failed"
    assert verdicts[("instance_requires_imdsv2", templated)] == "passed"
    assert verdicts[("instance_has_no_public_ip", web)] == "failed"
    assert verdicts[("instance_has_no_public_ip", legacy)] == "passed"
    assert verdicts[("instance_root_and_data_volumes_encrypted", web)] == "failed"
    assert verdicts[("instance_root_and_data_volumes_encrypted", templated)] == "passed"
    assert verdicts[("launch_template_requires_imdsv2", app)] == "passed"
    assert verdicts[("launch_template_requires_imdsv2", estate.ids["PublicTemplate"])] == "failed"
    assert verdicts[("launch_template_assigns_no_public_ip", app)] == "passed"
