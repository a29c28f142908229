"""EC2 instance requires IMDSv2 session tokens for instance metadata

The instance metadata service hands out the credentials of the instance's role. IMDSv1
answers any plain GET request, so a server-side request forgery or an open proxy on the
instance is enough to steal them; IMDSv2 requires a session token obtained with a PUT
request that such flaws rarely can send. EC2 allows IMDSv1 unless told otherwise (or the
AMI or the account default requires tokens, which a template does not show). An instance
with the metadata service disabled passes. An instance launched from a launch template
without options of its own takes the template's, which make the result unknown here and
are judged by aws.ec2.launch_template_requires_imdsv2.

Remediation:
    CloudFormation: MetadataOptions: {HttpTokens: required} on the AWS::EC2::Instance.
    Terraform: metadata_options { http_tokens = "required" } on aws_instance.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.ec2._instances import imds_verdict
from secfound.model.aws.ec2 import Instance


@check(
    severity=Severity.HIGH,
    objectives=["instance-metadata-protected"],
    checkov=["CKV_AWS_79"],
)
def instance_requires_imdsv2(instance: Instance) -> Verdict:
    return imds_verdict(instance.metadata_options)
