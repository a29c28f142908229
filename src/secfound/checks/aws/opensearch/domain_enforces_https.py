"""OpenSearch domain accepts only HTTPS requests

Unless HTTPS is enforced the domain endpoint also answers plain HTTP, so queries, results
and the credentials or signed headers that authorize them can cross the network in clear
text.

Remediation:
    CloudFormation: DomainEndpointOptions: {EnforceHTTPS: true} on the
    AWS::OpenSearchService::Domain.
    Terraform: domain_endpoint_options { enforce_https = true } on aws_opensearch_domain.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.opensearch import Domain


@check(
    severity=Severity.MEDIUM,
    objectives=["data-in-transit-encrypted"],
    checkov=["CKV_AWS_83"],
)
def domain_enforces_https(domain: Domain) -> Verdict:
    if domain.enforce_https:
        return passed("the domain accepts only HTTPS")
    return failed("the domain does not enforce HTTPS")
