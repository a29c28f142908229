"""Questions about security group rules shared by the checks in this folder.

A group fails when one ingress rule certainly opens what a check forbids, even if other
rules are unresolved; it is unknown when no rule certainly does and some cannot be judged
(``definitely_matching``).
"""

from __future__ import annotations

from collections.abc import Callable

from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule
from secfound.model.values import definitely_matching, is_unresolved


def open_ingress(
    group: SecurityGroup, opens: Callable[[SecurityGroupRule], bool]
) -> list[SecurityGroupRule]:
    """Ingress rules from the whole internet (0.0.0.0/0 or ::/0) for which ``opens`` holds."""
    return definitely_matching(group.ingress, lambda r: r.is_from_anywhere() and opens(r))


def describe(rule: SecurityGroupRule) -> str:
    """A rule in words for messages: ``tcp 20-23 from 0.0.0.0/0``."""
    protocol = "all protocols" if _is(rule.protocol, "-1") else str(rule.protocol)
    if protocol.isdigit():
        protocol = f"protocol {protocol}"
    if rule.from_port is None or rule.to_port is None or _is(rule.from_port, -1):
        ports = "" if protocol == "all protocols" else " all ports"
    elif _is(rule.from_port, rule.to_port):
        ports = f" port {rule.from_port}"
    else:
        ports = f" ports {rule.from_port}-{rule.to_port}"
    peer = rule.cidr_ipv4 if rule.cidr_ipv4 is not None else rule.cidr_ipv6
    return f"{protocol}{ports} from {peer}"


def _is(value: object, other: object) -> bool:
    # For wording only: an unresolved value is shown as its expression, never compared.
    return not is_unresolved(value) and not is_unresolved(other) and value == other
