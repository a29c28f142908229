"""RDS DB cluster keeps automated backups for at least 7 days

A cluster always keeps automated backups, but the default retention of one day allows a
point-in-time restore only to the previous day; corruption or a malicious change noticed
after a weekend is then beyond recovery. 7 days is the minimum Security Hub's RDS.50
control expects.

Remediation:
    CloudFormation: BackupRetentionPeriod: 7 (or more, up to 35) on the AWS::RDS::DBCluster.
    Terraform: backup_retention_period = 7 (or more) on aws_rds_cluster.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.rds import DBCluster

MINIMUM_DAYS = 7


@check(severity=Severity.MEDIUM, objectives=["data-recoverable-after-deletion"])
def db_cluster_backups_retained(cluster: DBCluster) -> Verdict:
    days = cluster.backup_retention_days
    if days >= MINIMUM_DAYS:
        return passed(f"automated backups are kept for {days} days")
    return failed(f"automated backups are kept for {days} days, fewer than {MINIMUM_DAYS}")
