"""DynamoDB table has point-in-time recovery enabled

Point-in-time recovery keeps continuous backups of the table for up to 35 days, so a bad
deployment, an application bug or a malicious overwrite or delete can be undone by
restoring the table to any second before it. Without it only on-demand backups, taken by
someone in advance, can bring data back.

Remediation:
    CloudFormation: PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
    on the AWS::DynamoDB::Table.
    Terraform: point_in_time_recovery { enabled = true } on aws_dynamodb_table.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.dynamodb import Table


@check(
    severity=Severity.MEDIUM,
    objectives=["data-recoverable-after-deletion"],
    checkov=["CKV_AWS_28"],
)
def table_point_in_time_recovery_enabled(table: Table) -> Verdict:
    if table.point_in_time_recovery_enabled:
        return passed("point-in-time recovery is enabled")
    return failed("point-in-time recovery is not enabled")
