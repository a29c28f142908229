"""Redshift cluster encrypts its data at rest

An unencrypted cluster keeps its tables, and the snapshots made from them, in clear text.
New clusters are encrypted by default since early 2025, but a template can still turn
encryption off, and older Terraform providers sent encrypted = false when it was absent.

Remediation:
    CloudFormation: Encrypted: true on the AWS::Redshift::Cluster (and KmsKeyId for a
    customer managed key).
    Terraform: encrypted = true on aws_redshift_cluster (and kms_key_id).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.redshift import Cluster


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_64"],
)
def cluster_encrypted(cluster: Cluster) -> Verdict:
    if cluster.encrypted:
        return passed("the cluster is encrypted at rest")
    return failed("the cluster is not encrypted at rest")
