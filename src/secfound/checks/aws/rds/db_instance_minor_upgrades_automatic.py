"""RDS DB instance receives minor engine upgrades automatically

Minor engine versions carry security fixes. With automatic minor version upgrades RDS
applies them in the maintenance window; without, an instance keeps running a version with
known vulnerabilities until someone upgrades it by hand. This applies to Aurora instances
too: the setting is the instance's own.

Remediation:
    CloudFormation: AutoMinorVersionUpgrade: true (the default) on the AWS::RDS::DBInstance.
    Terraform: auto_minor_version_upgrade = true (the default) on aws_db_instance or
    aws_rds_cluster_instance.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.rds import DBInstance


@check(
    severity=Severity.HIGH,
    objectives=["software-patched-automatically"],
    checkov=["CKV_AWS_226"],
)
def db_instance_minor_upgrades_automatic(instance: DBInstance) -> Verdict:
    if instance.auto_minor_version_upgrade:
        return passed("minor engine upgrades are applied automatically")
    return failed("automatic minor version upgrade is turned off")
