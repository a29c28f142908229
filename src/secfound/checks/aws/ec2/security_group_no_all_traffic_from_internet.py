"""Security group admits no unrestricted traffic from the internet

A rule for all protocols (-1), or for every TCP or UDP port, from 0.0.0.0/0 or ::/0 turns
the security group into no firewall at all: whatever listens on the instance, including
services that were never meant to be reachable, faces the whole internet.

Remediation:
    CloudFormation: in SecurityGroupIngress (or AWS::EC2::SecurityGroupIngress), replace
    IpProtocol -1 or ports 0-65535 from 0.0.0.0/0 / ::/0 with the protocol and ports the
    service needs.
    Terraform: the same in ingress blocks, aws_security_group_rule or
    aws_vpc_security_group_ingress_rule.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._rules import describe, open_ingress
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule


@check(
    severity=Severity.HIGH,
    objectives=["network-ingress-restricted"],
    checkov=["CKV_AWS_277"],
)
def security_group_no_all_traffic_from_internet(group: SecurityGroup) -> Verdict:
    rules = open_ingress(group, SecurityGroupRule.is_all_traffic)
    if rules:
        return failed(f"all traffic is open to the internet: {'; '.join(map(describe, rules))}")
    return passed("no ingress rule admits all traffic from the internet")
