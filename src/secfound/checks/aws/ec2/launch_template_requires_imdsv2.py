"""EC2 launch template requires IMDSv2 session tokens for instance metadata

Every instance launched from the template (by Auto Scaling, EKS node groups, Batch or by
hand) gets its metadata options. With IMDSv1 allowed, a server-side request forgery in any
of them can read the instance role's credentials from the metadata service. A template
that sets no options leaves IMDSv1 on unless the AMI or the account default requires
tokens, which a template does not show. A template that disables the metadata service
passes.

Remediation:
    CloudFormation: LaunchTemplateData: {MetadataOptions: {HttpTokens: required}} on the
    AWS::EC2::LaunchTemplate.
    Terraform: metadata_options { http_tokens = "required" } on aws_launch_template.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.ec2._instances import imds_verdict
from secfound.model.aws.ec2 import LaunchTemplate


@check(
    severity=Severity.LOW,
    objectives=["instance-metadata-protected"],
    checkov=["CKV_AWS_79"],
)
def launch_template_requires_imdsv2(template: LaunchTemplate) -> Verdict:
    return imds_verdict(template.metadata_options)
