"""VPC subnet does not assign public IPv4 addresses on launch

A subnet with "auto-assign public IPv4 address" on gives a public address to every
instance launched into it without an explicit choice, so a forgotten setting exposes the
instance to the internet as soon as a rule allows it. New subnets created outside a default
VPC have the setting off; it fails here only where the source turns it on.

Remediation:
    CloudFormation: MapPublicIpOnLaunch: false (or leave it out) on the AWS::EC2::Subnet.
    Terraform: map_public_ip_on_launch = false (or leave it out) on aws_subnet.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.vpc import Subnet


@check(
    severity=Severity.MEDIUM,
    objectives=["compute-not-directly-exposed"],
    checkov=["CKV_AWS_130"],
)
def subnet_assigns_no_public_ip(subnet: Subnet) -> Verdict:
    if subnet.map_public_ip_on_launch:
        return failed("the subnet assigns a public IPv4 address to every instance launched in it")
    return passed("the subnet does not assign public IPv4 addresses on launch")
