"""EC2 instance is not given a public IPv4 address

A public address makes the instance reachable from the internet as soon as one security
group rule, network ACL entry or route allows it, and exposes it to constant scanning.
Instances belong in private subnets, reached through load balancers and Session Manager.
When the template does not say, the subnet's auto-assign setting decides: an instance
without a subnet or a launch template is launched into the default VPC, whose subnets
assign public addresses; otherwise the result is unknown here, and
aws.ec2.subnet_assigns_no_public_ip judges the subnet.

Remediation:
    CloudFormation: NetworkInterfaces: [{DeviceIndex: "0", AssociatePublicIpAddress: false,
    SubnetId: <private subnet>}] on the AWS::EC2::Instance.
    Terraform: associate_public_ip_address = false and a private subnet_id on aws_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, passed, unknown
from secfound.model.aws.ec2 import Instance


@check(
    severity=Severity.HIGH,
    objectives=["compute-not-directly-exposed"],
    checkov=["CKV_AWS_88"],
)
def instance_has_no_public_ip(instance: Instance) -> Verdict:
    assigned = instance.associates_public_ip
    if assigned is None:
        if instance.subnet_id is None and instance.launch_template is None:
            return failed(
                "no subnet is given: the instance is launched into the default VPC, whose "
                "subnets assign public IPv4 addresses"
            )
        return unknown(
            "the instance does not say whether it gets a public IPv4 address: its launch "
            "template or its subnet's auto-assign setting decides"
        )
    if assigned:
        return failed("the instance is given a public IPv4 address")
    return passed("the instance is not given a public IPv4 address")
