"""Inspector is on where the blueprint expects it

Inspector finds known vulnerabilities in instances, images and functions as soon as
they are published, without agents to install.

Remediation:
    CloudFormation: no resource turns Inspector on; use the CLI below or a StackSet custom resource.
    Terraform: aws_inspector2_enabler (resource_types = ["EC2", "ECR", "LAMBDA"]).
    CLI: aws inspector2 enable --resource-types EC2 ECR LAMBDA, or auto-enable from the Inspector
    delegated administrator.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.MEDIUM, objectives=["vulnerabilities-detected"])
def inspector_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "inspector")
