"""VPC default security group allows no inbound or outbound traffic

Every instance, interface or endpoint launched without a security group gets the VPC's
default group, which AWS creates allowing all traffic among its members and all traffic
out. Emptying it means a forgotten group leaves a resource unreachable instead of quietly
connected. CloudFormation cannot manage a default group, so the check applies where a
source declares one (Terraform's aws_default_security_group, which removes every rule it
does not list, and live accounts).

Remediation:
    CloudFormation: not manageable; remove the rules of each VPC's default group once
    (console, CLI or a custom resource) and give every resource its own group.
    Terraform: declare aws_default_security_group for the VPC with no ingress and no
    egress blocks, and attach no aws_security_group_rule or
    aws_vpc_security_group_*_rule to it.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.ec2 import SecurityGroup
from secfound.model.values import Unresolved, known


@check(severity=Severity.HIGH, objectives=["network-ingress-restricted"])
def default_security_group_restricts_all_traffic(group: SecurityGroup) -> Verdict:
    if not group.is_default:
        return not_applicable("not a VPC's default security group")
    problems = []
    undecided: Unresolved | None = None
    for direction, rules in (("inbound", group.ingress), ("outbound", group.egress)):
        if isinstance(rules, Unresolved):
            undecided = undecided or rules
        elif rules:
            problems.append(f"{len(rules)} {direction} rule(s)")
    if problems:
        return failed(f"the default security group has {' and '.join(problems)}")
    if undecided is not None:
        known(undecided, "count rules")
    return passed("the default security group has no inbound and no outbound rules")
