"""OpenSearch domain encrypts traffic between its nodes

Nodes of a domain exchange index data and search results over the network. Without
node-to-node encryption that traffic is in clear text inside the VPC, readable by anything
that can capture it.

Remediation:
    CloudFormation: NodeToNodeEncryptionOptions: {Enabled: true} on the
    AWS::OpenSearchService::Domain.
    Terraform: node_to_node_encryption { enabled = true } on aws_opensearch_domain.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.opensearch import Domain


@check(
    severity=Severity.MEDIUM,
    objectives=["data-in-transit-encrypted"],
    checkov=["CKV_AWS_6"],
)
def domain_node_to_node_encrypted(domain: Domain) -> Verdict:
    if domain.node_to_node_encryption_enabled:
        return passed("traffic between the domain's nodes is encrypted")
    return failed("node-to-node encryption is not enabled")
