"""OpenSearch domain encrypts its data at rest

Without encryption at rest, indices, logs, swap files and automated snapshots are stored
in clear text. Fine-grained access control requires it, and it cannot be turned off once
on.

Remediation:
    CloudFormation: EncryptionAtRestOptions: {Enabled: true} on the
    AWS::OpenSearchService::Domain (and KmsKeyId for a customer managed key).
    Terraform: encrypt_at_rest { enabled = true } on aws_opensearch_domain.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.opensearch import Domain


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_5"],
)
def domain_encrypted_at_rest(domain: Domain) -> Verdict:
    if domain.encryption_at_rest_enabled:
        return passed("the domain is encrypted at rest")
    return failed("the domain is not encrypted at rest")
