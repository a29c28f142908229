"""EKS cluster API endpoint is private, or public only to listed networks

A new cluster's Kubernetes API endpoint is public to 0.0.0.0/0; anyone can then probe it
and try stolen credentials or API server vulnerabilities. Turning public access off, or
limiting it to known address ranges, keeps the control plane out of reach of the
internet at large.

Remediation:
    CloudFormation: ResourcesVpcConfig: {EndpointPublicAccess: false,
    EndpointPrivateAccess: true} (or PublicAccessCidrs: [<office range>]).
    Terraform: vpc_config { endpoint_public_access = false, endpoint_private_access = true }
    (or public_access_cidrs = [<office range>]).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ec2 import ANY_IPV4
from secfound.model.aws.eks import Cluster
from secfound.model.values import definitely_matching, matches_literal


@check(severity=Severity.HIGH, objectives=["network-ingress-restricted"], checkov=["CKV_AWS_38"])
def cluster_endpoint_not_public(cluster: Cluster) -> Verdict:
    if not cluster.endpoint_public_access:
        return passed("the API endpoint is private")
    if definitely_matching(cluster.public_access_cidrs, lambda c: matches_literal(c, ANY_IPV4)):
        return failed("the API endpoint is public to 0.0.0.0/0")
    cidrs = ", ".join(str(c) for c in cluster.public_access_cidrs)
    return passed(f"the API endpoint is public only to {cidrs}")
