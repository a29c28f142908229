"""``aws_default_security_group``: a VPC's default group, with rules joined in like any group.

CloudFormation cannot declare a default group, so the parity fixtures cannot hold one.
"""

from __future__ import annotations

from tf_helpers import by_address, load

from secfound.checks import Status
from secfound.checks.registry import builtin_registry
from secfound.engine import evaluate
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule


def test_default_groups_are_security_groups_marked_default() -> None:
    result = load("default_security_group")
    assert result.errors == ()
    resources = by_address(result)
    locked = resources["aws_default_security_group.locked"]
    assert isinstance(locked, SecurityGroup)
    assert locked.is_default
    assert locked.name == "default"
    assert locked.ingress == ()
    # the standalone egress rule names the default group and is merged into it
    assert locked.egress == (SecurityGroupRule(protocol="-1", cidr_ipv4="0.0.0.0/0"),)


def test_default_group_check_judges_declared_rules() -> None:
    result = load("default_security_group")
    findings = evaluate(builtin_registry(), [result]).findings
    verdicts = {
        f.resource.address: f.status
        for f in findings
        if f.check_id == "aws.ec2.default_security_group_restricts_all_traffic"
    }
    assert verdicts == {
        "aws_default_security_group.locked": Status.FAILED,
        "aws_default_security_group.open": Status.FAILED,
        "aws_default_security_group.empty": Status.PASSED,
    }
