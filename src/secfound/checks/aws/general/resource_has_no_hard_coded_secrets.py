"""Resource properties hold no hard-coded secrets

A password, access key or token written into a template or a .tf file is read by everyone
who can read the repository, copied into every clone, fork, build log and state file, and
stays in the history after it is removed. References are what belong there: a parameter
or variable supplied at deploy time, a CloudFormation dynamic reference
({{resolve:secretsmanager:...}}, {{resolve:ssm-secure:...}}), or a Secrets Manager or
Parameter Store ARN. Literal placeholders such as "changeme" count as hard-coded: they are
what AWS receives when the code is deployed as written. Reported values are masked.

Remediation:
    Rotate the exposed secret first: it is in the repository history.
    CloudFormation: a dynamic reference such as
    MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'
    (or ManageMasterUserPassword: true), or a NoEcho parameter without a Default.
    Terraform: a sensitive variable without a default, a data.aws_secretsmanager_secret_version,
    or manage_master_user_password = true; for Lambda and ECS, read secrets at run time or
    pass them as ECS secrets (valueFrom) instead of environment values.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.checks.aws.general._secrets import find_secrets
from secfound.model.location import FileLocation
from secfound.model.resource import Resource


@check(severity=Severity.HIGH, objectives=["secrets-kept-out-of-code"])
def resource_has_no_hard_coded_secrets(resource: Resource) -> Verdict:
    if not isinstance(resource.location, FileLocation):
        # Properties are the text of the code; a resource read from AWS has none to search.
        return not_applicable("read from AWS, not from code")
    hits = find_secrets(resource.properties)
    if hits:
        return failed("hard-coded secrets: " + "; ".join(hit.describe() for hit in hits))
    return passed("no hard-coded secret in the properties")
