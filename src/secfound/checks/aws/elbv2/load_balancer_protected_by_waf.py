"""Internet-facing application load balancer is protected by an AWS WAF web ACL

A web ACL in front of a public application inspects each request for injection, known
exploits and abusive rates before it reaches the targets, and gives one place to block an
attack while the application is fixed. Internal and non-application load balancers are
not judged.

Remediation:
    CloudFormation: AWS::WAFv2::WebACLAssociation with ResourceArn: !Ref <load balancer>
    and WebACLArn: <web ACL ARN>.
    Terraform: aws_wafv2_web_acl_association with resource_arn = aws_lb.<name>.arn.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.elbv2 import LoadBalancer
from secfound.model.values import is_set


@check(severity=Severity.MEDIUM, objectives=["web-requests-filtered"])
def load_balancer_protected_by_waf(load_balancer: LoadBalancer) -> Verdict:
    if load_balancer.load_balancer_type != "application":
        return not_applicable(f"a {load_balancer.load_balancer_type} load balancer")
    if load_balancer.scheme == "internal":
        return not_applicable("internal load balancer")
    # is_set: an ACL given by an unresolved reference is still an ACL.
    if is_set(load_balancer.web_acl_arn):
        return passed(f"web ACL {load_balancer.web_acl_arn} is associated")
    return failed("no AWS WAF web ACL is associated")
