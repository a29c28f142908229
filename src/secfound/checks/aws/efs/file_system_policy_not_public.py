"""EFS file system policy grants nothing to any principal without a narrowing condition

A statement that allows Principal "*" (or uses NotPrincipal) lets every AWS identity
mount, write to or take root access on the file system wherever it can reach a mount
target, unless a condition ties it to a known account, organization or network
(aws:PrincipalOrgID, aws:SourceVpc…). A file system without a policy grants nothing
through one.

Remediation:
    CloudFormation: in FileSystemPolicy of the AWS::EFS::FileSystem, name the principals or
    add a condition such as {StringEquals: {aws:PrincipalOrgID: <org id>}}.
    Terraform: the same in aws_efs_file_system_policy.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.efs import FileSystem


@check(severity=Severity.HIGH, objectives=["data-not-publicly-accessible"])
def file_system_policy_not_public(file_system: FileSystem) -> Verdict:
    if file_system.policy is None:
        return passed("the file system has no policy")
    public = file_system.policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the file system policy allows any principal without a condition: {names}")
    return passed("no statement of the file system policy is open to any principal")
