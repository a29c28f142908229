"""Security group admits no RDP (port 3389) from the internet

RDP open to 0.0.0.0/0 or ::/0 is one of the most attacked services on the internet:
credential stuffing and remote-code-execution flaws in RDP have repeatedly led to
ransomware. Administrative access belongs behind Fleet Manager, a VPN or a bastion with a
narrow source range. A rule counts when its port range includes 3389 or it allows all
traffic.

Remediation:
    CloudFormation: in SecurityGroupIngress (or AWS::EC2::SecurityGroupIngress), replace
    CidrIp 0.0.0.0/0 / CidrIpv6 ::/0 on port 3389 with a narrow range or a
    SourceSecurityGroupId.
    Terraform: the same in ingress blocks, aws_security_group_rule or
    aws_vpc_security_group_ingress_rule.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._rules import describe, open_ingress
from secfound.model.aws.ec2 import SecurityGroup


@check(
    severity=Severity.HIGH,
    objectives=["network-admin-ports-not-exposed"],
    checkov=["CKV_AWS_25"],
)
def security_group_no_rdp_from_internet(group: SecurityGroup) -> Verdict:
    rules = open_ingress(group, lambda r: r.covers_port(3389))
    if rules:
        return failed(f"port 3389 is open to the internet: {'; '.join(map(describe, rules))}")
    return passed("no ingress rule admits port 3389 from the internet")
