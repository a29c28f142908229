"""RDS DB cluster encrypts its storage at rest

The cluster volume holds the data of every Aurora instance in the cluster, its automated
backups and its snapshots; unencrypted, all of them are readable to whoever obtains a copy.
Encryption can only be chosen when the cluster is created.

Remediation:
    CloudFormation: StorageEncrypted: true on the AWS::RDS::DBCluster (and KmsKeyId for a
    customer managed key).
    Terraform: storage_encrypted = true on aws_rds_cluster (and kms_key_id).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.rds import DBCluster


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_96"],
)
def db_cluster_encrypted(cluster: DBCluster) -> Verdict:
    if cluster.storage_encrypted:
        return passed("the cluster's storage is encrypted")
    return failed("the cluster's storage is not encrypted")
