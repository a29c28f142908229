"""ECR repository policy grants nothing to any principal without a narrowing condition

A statement that allows Principal "*" (or uses NotPrincipal) lets any AWS account pull the
repository's images, which often hold code, configuration and sometimes credentials, and
with push actions replace them, unless a condition ties it to a known account or
organization (aws:PrincipalOrgID, aws:SourceAccount). A repository without a policy
admits only its own account's IAM principals.

Remediation:
    CloudFormation: in RepositoryPolicyText, name the principals, or add a condition such
    as {StringEquals: {aws:PrincipalOrgID: <org id>}}.
    Terraform: the same in aws_ecr_repository_policy.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ecr import Repository


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_32"],
)
def repository_policy_not_public(repository: Repository) -> Verdict:
    if repository.policy is None:
        return passed("the repository has no policy")
    public = repository.policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the repository policy allows any principal without a condition: {names}")
    return passed("no statement of the repository policy is open to any principal")
