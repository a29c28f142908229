"""RDS DB instance publishes its database logs to CloudWatch Logs

Database logs (error, audit, general, slow query, PostgreSQL and upgrade logs) kept only
on the instance rotate away and disappear with it. Exported to CloudWatch Logs they are
retained, searchable and can raise alarms on failed logins or unexpected statements. Which
logs exist depends on the engine; any export passes here. An Aurora instance's exports are
the cluster's setting.

Remediation:
    CloudFormation: EnableCloudwatchLogsExports: [<engine's logs, e.g. postgresql>] on the
    AWS::RDS::DBInstance.
    Terraform: enabled_cloudwatch_logs_exports = [...] on aws_db_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.rds import DBInstance


@check(
    severity=Severity.MEDIUM,
    objectives=["data-access-logged"],
    checkov=["CKV_AWS_129"],
)
def db_instance_logs_exported(instance: DBInstance) -> Verdict:
    if instance.in_cluster():
        return not_applicable("an Aurora instance: log exports are the cluster's setting")
    exports = instance.enabled_cloudwatch_logs_exports
    if not exports:
        return failed("no database logs are exported to CloudWatch Logs")
    return passed("exports " + ", ".join(str(e) for e in exports) + " to CloudWatch Logs")
