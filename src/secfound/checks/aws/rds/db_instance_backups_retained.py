"""RDS DB instance keeps automated backups for at least 7 days

Automated backups allow point-in-time restore after corruption, a faulty migration or a
malicious change, but only within the retention period. The API default of one day means
a problem noticed after a weekend can no longer be undone; 7 days is the minimum Security
Hub's RDS.11 control expects and covers a working week plus a weekend. 0 turns automated
backups off. An Aurora instance is backed up by its cluster
(aws.rds.db_cluster_backups_retained).

Remediation:
    CloudFormation: BackupRetentionPeriod: 7 (or more, up to 35) on the AWS::RDS::DBInstance.
    Terraform: backup_retention_period = 7 (or more) on aws_db_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.rds import DBInstance

MINIMUM_DAYS = 7


@check(severity=Severity.MEDIUM, objectives=["data-recoverable-after-deletion"])
def db_instance_backups_retained(instance: DBInstance) -> Verdict:
    if instance.in_cluster():
        return not_applicable("an Aurora instance: its cluster keeps the backups")
    days = instance.backup_retention_days
    if days == 0:
        return failed("automated backups are turned off (retention 0 days)")
    if days >= MINIMUM_DAYS:
        return passed(f"automated backups are kept for {days} days")
    return failed(f"automated backups are kept for {days} days, fewer than {MINIMUM_DAYS}")
