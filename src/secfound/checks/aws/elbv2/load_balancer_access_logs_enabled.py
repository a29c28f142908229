"""Load balancer writes access logs to S3

Access logs record every request with the client address, path, status and TLS details;
they are the evidence of who reached the application when an incident is investigated,
and no other source holds them. Gateway load balancers have no access logs and are not
judged.

Remediation:
    CloudFormation: LoadBalancerAttributes: [{Key: access_logs.s3.enabled, Value: "true"},
    {Key: access_logs.s3.bucket, Value: <bucket>}].
    Terraform: access_logs { bucket = <bucket>, enabled = true } on aws_lb.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.elbv2 import LoadBalancer


@check(severity=Severity.MEDIUM, objectives=["data-access-logged"], checkov=["CKV_AWS_91"])
def load_balancer_access_logs_enabled(load_balancer: LoadBalancer) -> Verdict:
    if load_balancer.load_balancer_type == "gateway":
        return not_applicable("gateway load balancers have no access logs")
    if load_balancer.access_logs_enabled:
        bucket = load_balancer.access_logs_bucket
        return passed("access logs are on" + (f", to {bucket}" if bucket is not None else ""))
    return failed("access logging is off")
