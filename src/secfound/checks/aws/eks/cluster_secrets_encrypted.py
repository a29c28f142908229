"""EKS cluster envelope-encrypts Kubernetes secrets with a KMS key

Secrets in etcd hold service account tokens, database passwords and API keys. Envelope
encryption with a KMS key the account controls adds a key policy that governs who can
decrypt them, a CloudTrail record of every use, and the power to revoke access; the
AWS owned key EKS uses by default for Kubernetes 1.28 and newer gives none of these.

Remediation:
    CloudFormation: EncryptionConfig: [{Provider: {KeyArn: <key ARN>},
    Resources: [secrets]}].
    Terraform: encryption_config { provider { key_arn = <key ARN> }
    resources = ["secrets"] }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.eks import Cluster
from secfound.model.values import is_set


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_58"],
)
def cluster_secrets_encrypted(cluster: Cluster) -> Verdict:
    # is_set: a key given by an unresolved reference is still a key.
    if is_set(cluster.secrets_kms_key_arn):
        return passed(f"secrets are encrypted with KMS key {cluster.secrets_kms_key_arn}")
    return failed("secrets are not envelope-encrypted with a KMS key")
