"""OpenSearch domain is reachable only inside a VPC

A domain without VPC options has a public endpoint on the internet, guarded only by its
access policy and authentication; a mistaken policy publishes the indices to everyone. A
domain in a VPC is reachable only through its subnets and security groups. VPC placement
can only be chosen when the domain is created.

Remediation:
    CloudFormation: VPCOptions: {SubnetIds: [...], SecurityGroupIds: [...]} on the
    AWS::OpenSearchService::Domain.
    Terraform: vpc_options { subnet_ids = [...], security_group_ids = [...] } on
    aws_opensearch_domain.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.opensearch import Domain


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_137"],
)
def domain_in_vpc(domain: Domain) -> Verdict:
    if domain.in_vpc():
        return passed("the domain is placed in a VPC")
    return failed("the domain has a public endpoint (no VPC options)")
