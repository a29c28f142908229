"""RDS DB instance has deletion protection enabled

Deletion protection makes RDS refuse to delete the instance until the setting is turned
off, so a mistaken stack deletion, a replacement forced by a template change or a hurried
console action cannot destroy the database. An Aurora instance is protected through its
cluster (aws.rds.db_cluster_deletion_protected).

Remediation:
    CloudFormation: DeletionProtection: true on the AWS::RDS::DBInstance.
    Terraform: deletion_protection = true on aws_db_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.rds import DBInstance


@check(
    severity=Severity.LOW,
    objectives=["data-stores-protected-from-deletion"],
    checkov=["CKV_AWS_293"],
)
def db_instance_deletion_protected(instance: DBInstance) -> Verdict:
    if instance.in_cluster():
        return not_applicable("an Aurora instance: deletion protection is the cluster's setting")
    if instance.deletion_protection:
        return passed("deletion protection is enabled")
    return failed("deletion protection is not enabled")
