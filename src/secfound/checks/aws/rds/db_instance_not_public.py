"""RDS DB instance is not publicly accessible

A publicly accessible instance gets a DNS name that resolves to a public IP address, so
only its security groups stand between the database port and the internet; databases are
scanned for and attacked continuously. When a template does not say, RDS makes the
instance public if its VPC has an internet gateway, which the template does not show, so
the setting is asked to be explicit.

Remediation:
    CloudFormation: PubliclyAccessible: false on the AWS::RDS::DBInstance.
    Terraform: publicly_accessible = false on aws_db_instance or aws_rds_cluster_instance
    (the provider's default).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.rds import DBInstance


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_17"],
)
def db_instance_not_public(instance: DBInstance) -> Verdict:
    if instance.publicly_accessible is None:
        return failed(
            "PubliclyAccessible is not set: RDS makes the instance public when its VPC has an "
            "internet gateway, which the template does not show"
        )
    if instance.publicly_accessible:
        return failed("the instance is publicly accessible")
    return passed("the instance is not publicly accessible")
