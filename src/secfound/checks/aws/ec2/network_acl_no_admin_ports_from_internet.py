"""Network ACL admits no SSH (22) or RDP (3389) from the internet

A network ACL is the subnet's stateless firewall: an entry allowing 0.0.0.0/0 or ::/0 to
port 22 or 3389 lets the whole internet reach the administration services of every
instance in its subnets wherever a security group also allows it. Entries are read as AWS
reads them, in rule-number order for each address family: the first entry that covers the
port for the whole internet decides, so a lower-numbered deny closes a later allow; no
matching entry means AWS's final catch-all deny. Entries for narrower ranges neither open
the port to the internet nor close it. TCP is judged (both services listen on it).

Remediation:
    CloudFormation: in AWS::EC2::NetworkAclEntry, replace CidrBlock 0.0.0.0/0 /
    Ipv6CidrBlock ::/0 on ports 22 and 3389 with a narrow range, or add a lower-numbered
    deny entry for them.
    Terraform: the same in the ingress blocks of aws_network_acl or in
    aws_network_acl_rule.
"""

from collections.abc import Sequence

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.errors import UnresolvedValueError
from secfound.model.aws.ec2 import ANY_IPV4, ANY_IPV6
from secfound.model.aws.vpc import NetworkAcl, NetworkAclEntry
from secfound.model.values import definitely_matching, matches_literal

ADMIN_PORTS = (22, 3389)
FAMILIES = (("cidr_ipv4", ANY_IPV4), ("cidr_ipv6", ANY_IPV6))


def _covers(entry: NetworkAclEntry, port: int, field: str, anywhere: str) -> bool:
    """True when the ingress entry applies to TCP ``port`` from the whole internet."""
    if entry.egress:
        return False
    cidr = getattr(entry, field)
    if cidr is None or not matches_literal(cidr, anywhere):
        return False
    if not any(matches_literal(entry.protocol, p) for p in ("-1", "tcp", "6")):
        return False
    if matches_literal(entry.protocol, "-1") or entry.from_port is None or entry.to_port is None:
        return True
    return bool(entry.from_port <= port <= entry.to_port)


def _decision(entries: Sequence[NetworkAclEntry], port: int, field: str, anywhere: str) -> bool:
    """True when the internet reaches ``port`` (one family); raises when undecidable.

    Entries that may apply but cannot be judged, or whose place in the order is unknown,
    leave the answer open unless every one of them acts as the deciding entry does.
    """
    undecided: list[NetworkAclEntry] = []
    error: UnresolvedValueError | None = None
    known_order = [e for e in entries if isinstance(e.rule_number, int)]
    loose = [e for e in entries if not isinstance(e.rule_number, int)]
    for entry in loose:
        try:
            if _covers(entry, port, field, anywhere):
                undecided.append(entry)
        except UnresolvedValueError as exc:
            undecided.append(entry)
            error = error or exc
    for entry in sorted(known_order, key=lambda e: int(e.rule_number)):
        try:
            applies = _covers(entry, port, field, anywhere)
        except UnresolvedValueError as exc:
            undecided.append(entry)
            error = error or exc
            continue
        if not applies:
            continue
        allows = matches_literal(entry.action, "allow")
        if all(matches_literal(u.action, "allow") == allows for u in undecided):
            return allows
        raise error or UnresolvedValueError(str(entry.rule_number), "rule order")
    if any(not matches_literal(u.action, "deny") for u in undecided):
        raise error or UnresolvedValueError("network ACL entry", "rule order")
    return False


@check(
    severity=Severity.MEDIUM,
    objectives=["network-admin-ports-not-exposed"],
    checkov=["CKV_AWS_231", "CKV_AWS_232"],
)
def network_acl_no_admin_ports_from_internet(acl: NetworkAcl) -> Verdict:
    entries = tuple(acl.entries)
    cases = [(port, field, anywhere) for port in ADMIN_PORTS for field, anywhere in FAMILIES]
    open_cases = definitely_matching(cases, lambda c: _decision(entries, *c))
    if open_cases:
        opened = sorted({f"port {port} from {anywhere}" for port, _, anywhere in open_cases})
        return failed(f"the network ACL allows {', '.join(opened)}")
    return passed("no entry admits port 22 or 3389 from the internet ahead of a deny")
