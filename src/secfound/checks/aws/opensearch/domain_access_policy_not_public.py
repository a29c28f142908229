"""OpenSearch domain access policy grants nothing to any principal without a narrowing condition

A statement that allows Principal "*" (or uses NotPrincipal) lets every caller use the
domain's API, reading and writing indices, unless a condition ties it to known source
addresses, accounts or an organization (aws:SourceIp, aws:PrincipalOrgID…). For a domain
with a public endpoint that is the whole internet. A domain without an access policy
grants nothing through one.

Remediation:
    CloudFormation: in AccessPolicies of the AWS::OpenSearchService::Domain, name the
    principals or add a condition such as {IpAddress: {aws:SourceIp: [<office range>]}}.
    Terraform: the same in access_policies of aws_opensearch_domain (or
    aws_opensearch_domain_policy).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.opensearch import Domain


@check(severity=Severity.CRITICAL, objectives=["data-not-publicly-accessible"])
def domain_access_policy_not_public(domain: Domain) -> Verdict:
    if domain.access_policy is None:
        return passed("the domain has no access policy")
    public = domain.access_policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the access policy allows any principal without a condition: {names}")
    return passed("no statement of the access policy is open to any principal")
