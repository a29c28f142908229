"""Application load balancer drops HTTP headers with invalid names

Headers whose names break the HTTP specification are a tool of request smuggling and
header injection against the targets behind the load balancer; dropping them at the edge
removes that path. The setting exists on application load balancers only; others are not
judged.

Remediation:
    CloudFormation: LoadBalancerAttributes:
    [{Key: routing.http.drop_invalid_header_fields.enabled, Value: "true"}].
    Terraform: drop_invalid_header_fields = true on aws_lb.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.elbv2 import LoadBalancer


@check(severity=Severity.MEDIUM, objectives=["web-requests-filtered"], checkov=["CKV_AWS_131"])
def load_balancer_drops_invalid_headers(load_balancer: LoadBalancer) -> Verdict:
    if load_balancer.load_balancer_type != "application":
        return not_applicable(
            f"a {load_balancer.load_balancer_type} load balancer reads no headers"
        )
    if load_balancer.drop_invalid_header_fields:
        return passed("headers with invalid names are dropped")
    return failed("headers with invalid names are passed to the targets")
