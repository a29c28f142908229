"""Application load balancer redirects every HTTP listener to HTTPS

A listener that serves plain HTTP sends requests, cookies and tokens in clear text; one
that redirects to HTTPS keeps the convenience of port 80 while every exchange that
carries data is encrypted. Listeners are judged by their default action; redirects in
listener rules are not seen. Other load balancer types have no HTTP listeners and are not
judged.

Remediation:
    CloudFormation: DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS,
    Port: "443", StatusCode: HTTP_301}}] on each HTTP AWS::ElasticLoadBalancingV2::Listener.
    Terraform: default_action { type = "redirect" redirect { protocol = "HTTPS",
    port = "443", status_code = "HTTP_301" } } on each HTTP aws_lb_listener.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.elbv2 import Listener, LoadBalancer
from secfound.model.values import definitely_matching, matches_literal


def _serves_plain_http(listener: Listener) -> bool:
    if listener.protocol is None or not matches_literal(listener.protocol, "HTTP"):
        return False
    return not listener.redirects_to_https


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"])
def load_balancer_redirects_http_to_https(load_balancer: LoadBalancer) -> Verdict:
    if load_balancer.load_balancer_type != "application":
        return not_applicable(f"a {load_balancer.load_balancer_type} load balancer has no HTTP")
    plain = definitely_matching(load_balancer.listeners, _serves_plain_http)
    if plain:
        ports = ", ".join(listener.describe() for listener in plain)
        return failed(f"HTTP listener(s) serve requests without redirecting to HTTPS: {ports}")
    return passed("no HTTP listener serves requests without redirecting to HTTPS")
