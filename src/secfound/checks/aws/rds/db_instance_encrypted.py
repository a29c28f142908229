"""RDS DB instance encrypts its storage at rest

An unencrypted instance leaves its data, automated backups, read replicas and snapshots
readable to anyone who obtains a copy of the underlying storage or a shared snapshot.
Encryption can only be chosen when the instance is created. An Aurora instance stores its
data in the cluster volume, whose encryption is the cluster's setting
(aws.rds.db_cluster_encrypted judges it).

Remediation:
    CloudFormation: StorageEncrypted: true on the AWS::RDS::DBInstance (and KmsKeyId for
    a customer managed key).
    Terraform: storage_encrypted = true on aws_db_instance (and kms_key_id).
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.rds import DBInstance


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_16"],
)
def db_instance_encrypted(instance: DBInstance) -> Verdict:
    if instance.in_cluster():
        return not_applicable("an Aurora instance: its cluster's setting decides encryption")
    if instance.storage_encrypted:
        return passed("the instance's storage is encrypted")
    return failed("the instance's storage is not encrypted")
