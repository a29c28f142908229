"""Security group admits no SSH (port 22) from the internet

SSH open to 0.0.0.0/0 or ::/0 is found by scanners within minutes and then faces password
guessing and every new SSH vulnerability. Administrative access belongs behind Session
Manager, a VPN or a bastion with a narrow source range. A rule counts when its port range
includes 22 or it allows all traffic.

Remediation:
    CloudFormation: in SecurityGroupIngress (or AWS::EC2::SecurityGroupIngress), replace
    CidrIp 0.0.0.0/0 / CidrIpv6 ::/0 on port 22 with a narrow range or a
    SourceSecurityGroupId, or remove the rule and use Session Manager.
    Terraform: the same in ingress blocks, aws_security_group_rule or
    aws_vpc_security_group_ingress_rule.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._rules import describe, open_ingress
from secfound.model.aws.ec2 import SecurityGroup


@check(
    severity=Severity.HIGH,
    objectives=["network-admin-ports-not-exposed"],
    checkov=["CKV_AWS_24"],
)
def security_group_no_ssh_from_internet(group: SecurityGroup) -> Verdict:
    rules = open_ingress(group, lambda r: r.covers_port(22))
    if rules:
        return failed(f"port 22 is open to the internet: {'; '.join(map(describe, rules))}")
    return passed("no ingress rule admits port 22 from the internet")
