"""RDS DB cluster has deletion protection enabled

Deletion protection makes RDS refuse to delete the cluster until the setting is turned
off, so a mistaken stack deletion or a replacement forced by a template change cannot
destroy the cluster volume and with it every instance's data.

Remediation:
    CloudFormation: DeletionProtection: true on the AWS::RDS::DBCluster.
    Terraform: deletion_protection = true on aws_rds_cluster.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.rds import DBCluster


@check(
    severity=Severity.MEDIUM,
    objectives=["data-stores-protected-from-deletion"],
    checkov=["CKV_AWS_139"],
)
def db_cluster_deletion_protected(cluster: DBCluster) -> Verdict:
    if cluster.deletion_protection:
        return passed("deletion protection is enabled")
    return failed("deletion protection is not enabled")
