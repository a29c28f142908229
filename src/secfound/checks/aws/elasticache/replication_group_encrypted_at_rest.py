"""ElastiCache replication group encrypts its data at rest

Cached data reaches disk during synchronization, swap and backups, and backups are kept
in S3. Without at-rest encryption those copies are in clear text. Encryption can only be
chosen when the group is created; Valkey groups get it by default, Redis OSS groups do not.

Remediation:
    CloudFormation: AtRestEncryptionEnabled: true on the
    AWS::ElastiCache::ReplicationGroup (and KmsKeyId for a customer managed key).
    Terraform: at_rest_encryption_enabled = true on aws_elasticache_replication_group.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.elasticache import ReplicationGroup


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_29"],
)
def replication_group_encrypted_at_rest(group: ReplicationGroup) -> Verdict:
    if group.at_rest_encryption_enabled:
        return passed("the replication group is encrypted at rest")
    return failed("the replication group is not encrypted at rest")
