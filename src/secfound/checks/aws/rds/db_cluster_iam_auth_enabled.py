"""RDS DB cluster accepts IAM database authentication

With IAM database authentication, applications connect with short-lived tokens issued to
their IAM role instead of long-lived database passwords, and access to every instance of
the cluster is granted and revoked through reviewed IAM policies.

Remediation:
    CloudFormation: EnableIAMDatabaseAuthentication: true on the AWS::RDS::DBCluster.
    Terraform: iam_database_authentication_enabled = true on aws_rds_cluster.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.rds import DBCluster


@check(
    severity=Severity.MEDIUM,
    objectives=["permissions-managed-centrally"],
    checkov=["CKV_AWS_162"],
)
def db_cluster_iam_auth_enabled(cluster: DBCluster) -> Verdict:
    if cluster.iam_database_authentication_enabled:
        return passed("IAM database authentication is enabled")
    return failed("IAM database authentication is not enabled")
