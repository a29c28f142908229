"""Redshift cluster records audit logs

Audit logging records connection attempts, user changes and (with the
enable_user_activity_logging parameter) every query, to S3 or CloudWatch Logs. Without it
nobody can tell afterwards who connected to the warehouse or what they read.

Remediation:
    CloudFormation: LoggingProperties: {LogDestinationType: cloudwatch, LogExports:
    [connectionlog, userlog, useractivitylog]} (or BucketName for S3) on the
    AWS::Redshift::Cluster.
    Terraform: an aws_redshift_logging resource for the cluster (provider v5: the
    cluster's logging block with enable = true).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.redshift import Cluster


@check(
    severity=Severity.MEDIUM,
    objectives=["data-access-logged"],
    checkov=["CKV_AWS_71"],
)
def cluster_audit_logging_enabled(cluster: Cluster) -> Verdict:
    if cluster.logging_enabled:
        destination = cluster.logging_destination
        return passed(f"audit logs go to {'s3' if destination is None else destination}")
    return failed("audit logging is not enabled")
