"""Security group's rules each say what they are for

A rule without a description cannot be reviewed: nobody can tell whether 10.2.0.0/16 on
port 5432 is still needed, so stale openings stay forever. Ingress and declared egress rules
are judged; the allow-all egress rule AWS adds to a group whose template declares no egress
is not, since nobody wrote it.

Remediation:
    CloudFormation: give each SecurityGroupIngress and SecurityGroupEgress entry (and
    AWS::EC2::SecurityGroupIngress/Egress) a Description.
    Terraform: set description in each ingress and egress block, aws_security_group_rule or
    aws_vpc_security_group_ingress_rule/egress_rule.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.ec2._rules import describe
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule
from secfound.model.values import definitely_matching, matches_literal


@check(
    severity=Severity.LOW,
    objectives=["network-rules-reviewable"],
    checkov=["CKV_AWS_23"],
)
def security_group_rules_described(group: SecurityGroup) -> Verdict:
    bare = [
        *(f"ingress {describe(r)}" for r in definitely_matching(group.ingress, _undescribed)),
        *(f"egress {describe(r)}" for r in definitely_matching(group.egress, _undescribed)),
    ]
    if bare:
        return failed(f"rules without a description: {'; '.join(bare)}")
    return passed("every rule has a description")


def _undescribed(rule: SecurityGroupRule) -> bool:
    if rule.added_by_aws:
        return False
    if rule.description is None:
        return True
    # An unresolved description is known to be present only if its known text is not empty.
    return matches_literal(rule.description, "")
