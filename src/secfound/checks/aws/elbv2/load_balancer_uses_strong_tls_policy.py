"""Load balancer HTTPS and TLS listeners accept TLS 1.2 and newer only

TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996). A listener without a
security policy gets ELBSecurityPolicy-2016-08, which still accepts TLS 1.0. A policy
passes when it is one of AWS's predefined policies whose oldest protocol is TLS 1.2 (the
TLS13-1-2, TLS13-1-3, TLS-1-2 and FS-1-2 families); any other name fails. Load balancers
without HTTPS or TLS listeners are not judged.

Remediation:
    CloudFormation: SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06 on each HTTPS or TLS
    AWS::ElasticLoadBalancingV2::Listener.
    Terraform: ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" on aws_lb_listener.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.checks.aws.elbv2._listeners import has_weak_policy, is_encrypted
from secfound.model.aws.elbv2 import LoadBalancer
from secfound.model.values import definitely_matching


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"], checkov=["CKV_AWS_103"])
def load_balancer_uses_strong_tls_policy(load_balancer: LoadBalancer) -> Verdict:
    weak = definitely_matching(load_balancer.listeners, has_weak_policy)
    if weak:
        found = ", ".join(f"{item.describe()} ({item.ssl_policy})" for item in weak)
        return failed(f"listener(s) accept protocols older than TLS 1.2: {found}")
    encrypted = definitely_matching(load_balancer.listeners, is_encrypted)
    if not encrypted:
        return not_applicable("no HTTPS or TLS listener")
    return passed("every HTTPS and TLS listener accepts TLS 1.2 and newer only")
