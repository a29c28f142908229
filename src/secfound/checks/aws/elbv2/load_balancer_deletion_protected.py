"""Load balancer has deletion protection enabled

Deleting a load balancer takes every service behind it offline and frees its DNS name;
a recreated one has a new name that clients and DNS records must learn again. Deletion
protection makes a stack change or console action fail until the protection is turned
off on purpose.

Remediation:
    CloudFormation: LoadBalancerAttributes: [{Key: deletion_protection.enabled,
    Value: "true"}].
    Terraform: enable_deletion_protection = true on aws_lb.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.elbv2 import LoadBalancer


@check(severity=Severity.LOW, objectives=["service-endpoints-protected-from-deletion"])
def load_balancer_deletion_protected(load_balancer: LoadBalancer) -> Verdict:
    if load_balancer.deletion_protection_enabled:
        return passed("deletion protection is on")
    return failed("deletion protection is off")
