"""Security group admits none of the high-risk ports from the internet

The ports of AWS Security Hub control EC2.19 carry file transfer, remote administration,
mail, Windows networking, databases, search engines and development servers (FTP, SSH,
Telnet, SMTP, POP3, RPC, IMAP, SMB, SQL Server, MySQL, RDP, PostgreSQL, Kibana,
Elasticsearch…). None of them is meant to face the whole internet; exposed, each is a
known target for brute force and exploits. A rule counts when its port range includes one
of them or it allows all traffic.

Remediation:
    CloudFormation: in SecurityGroupIngress (or AWS::EC2::SecurityGroupIngress), replace
    CidrIp 0.0.0.0/0 / CidrIpv6 ::/0 on these ports with narrow ranges or a
    SourceSecurityGroupId; publish services through a load balancer on 443.
    Terraform: the same in ingress blocks, aws_security_group_rule or
    aws_vpc_security_group_ingress_rule.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._rules import open_ingress
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule
from secfound.model.values import definitely_matching

# The port list of AWS Security Hub control EC2.19.
HIGH_RISK_PORTS = (
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000,
    5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300,
)  # fmt: skip


@check(
    severity=Severity.CRITICAL,
    objectives=["network-admin-ports-not-exposed", "network-ingress-restricted"],
)
def security_group_no_high_risk_ports_from_internet(group: SecurityGroup) -> Verdict:
    rules = open_ingress(group, lambda r: bool(_risky_ports(r)))
    if rules:
        ports = sorted({p for rule in rules for p in _risky_ports(rule)})
        return failed(f"high-risk ports open to the internet: {', '.join(map(str, ports))}")
    return passed("no ingress rule admits a high-risk port from the internet")


def _risky_ports(rule: SecurityGroupRule) -> list[int]:
    return definitely_matching(HIGH_RISK_PORTS, rule.covers_port)
