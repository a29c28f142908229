"""OpenSearch domain refuses TLS versions older than 1.2

TLS 1.0 and 1.1 have known weaknesses and are deprecated. The domain's TLS security
policy sets the oldest version its HTTPS endpoint accepts; a domain that does not name a
policy gets AWS's default, which has allowed TLS 1.0, so the policy is asked to be
explicit. Security Hub's Opensearch.8 asks for the newest policy; any policy with a TLS 1.2
minimum passes here.

Remediation:
    CloudFormation: DomainEndpointOptions: {TLSSecurityPolicy:
    Policy-Min-TLS-1-2-PFS-2023-10} on the AWS::OpenSearchService::Domain.
    Terraform: domain_endpoint_options { tls_security_policy =
    "Policy-Min-TLS-1-2-PFS-2023-10" } on aws_opensearch_domain.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.opensearch import TLS_1_2_POLICIES, Domain
from secfound.model.values import matches_literal


@check(
    severity=Severity.MEDIUM,
    objectives=["data-in-transit-encrypted"],
    checkov=["CKV_AWS_228"],
)
def domain_requires_tls_1_2(domain: Domain) -> Verdict:
    policy = domain.tls_security_policy
    if policy is None:
        return failed("no TLS security policy is named, so the minimum TLS version is not set")
    # Not ``in``: set membership would compare an unresolved value by hash and say no.
    if any(matches_literal(policy, name) for name in sorted(TLS_1_2_POLICIES)):
        return passed(f"the TLS security policy {policy} requires TLS 1.2 or later")
    return failed(f"the TLS security policy {policy} accepts versions older than TLS 1.2")
