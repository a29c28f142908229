"""Redshift cluster is not publicly accessible

A publicly accessible cluster gets a public IP address, so only its security groups stand
between the data warehouse and the internet. A warehouse typically holds the
organization's most complete copy of its data.

Remediation:
    CloudFormation: PubliclyAccessible: false on the AWS::Redshift::Cluster.
    Terraform: publicly_accessible = false on aws_redshift_cluster.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.redshift import Cluster


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_87"],
)
def cluster_not_public(cluster: Cluster) -> Verdict:
    if cluster.publicly_accessible:
        return failed("the cluster is publicly accessible")
    return passed("the cluster is not publicly accessible")
