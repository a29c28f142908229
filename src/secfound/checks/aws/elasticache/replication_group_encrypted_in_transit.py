"""ElastiCache replication group encrypts data in transit

Without in-transit encryption, commands, cached values and any AUTH token cross the
network in clear text, between clients and nodes and between the nodes themselves, where
anyone on the path can read or alter them.

Remediation:
    CloudFormation: TransitEncryptionEnabled: true on the
    AWS::ElastiCache::ReplicationGroup.
    Terraform: transit_encryption_enabled = true on aws_elasticache_replication_group.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.elasticache import ReplicationGroup


@check(
    severity=Severity.MEDIUM,
    objectives=["data-in-transit-encrypted"],
    checkov=["CKV_AWS_30"],
)
def replication_group_encrypted_in_transit(group: ReplicationGroup) -> Verdict:
    if group.transit_encryption_enabled:
        return passed("the replication group encrypts data in transit")
    return failed("the replication group does not encrypt data in transit")
