"""RDS DB instance accepts IAM database authentication

With IAM database authentication, applications connect with short-lived tokens issued to
their IAM role instead of long-lived database passwords, and access is granted and
revoked through IAM policies where it is reviewed with every other permission. An Aurora
instance takes the setting from its cluster (aws.rds.db_cluster_iam_auth_enabled).

Remediation:
    CloudFormation: EnableIAMDatabaseAuthentication: true on the AWS::RDS::DBInstance.
    Terraform: iam_database_authentication_enabled = true on aws_db_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.rds import DBInstance


@check(
    severity=Severity.MEDIUM,
    objectives=["permissions-managed-centrally"],
    checkov=["CKV_AWS_161"],
)
def db_instance_iam_auth_enabled(instance: DBInstance) -> Verdict:
    if instance.in_cluster():
        return not_applicable("an Aurora instance: IAM authentication is the cluster's setting")
    if instance.iam_database_authentication_enabled:
        return passed("IAM database authentication is enabled")
    return failed("IAM database authentication is not enabled")
