"""EFS file system policy refuses mounts made without TLS

NFS traffic to a mount target is in clear text unless the client mounts with TLS (the EFS
mount helper's tls option). Only a file system policy that denies access when
aws:SecureTransport is false makes every client use it; a file system without a policy
accepts plain NFS from anyone who can reach a mount target.

Remediation:
    CloudFormation: in FileSystemPolicy of the AWS::EFS::FileSystem, a statement Effect
    Deny, Principal {AWS: "*"}, Action "*", Condition {Bool: {aws:SecureTransport: false}}.
    Terraform: the same statement in aws_efs_file_system_policy.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.efs import FileSystem


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"])
def file_system_requires_tls(file_system: FileSystem) -> Verdict:
    if file_system.policy is None:
        return failed("the file system has no policy, so mounts without TLS are not denied")
    if file_system.policy.denies_insecure_transport(action="elasticfilesystem:ClientMount"):
        return passed("the file system policy denies access without TLS")
    return failed("the file system policy does not deny mounts when aws:SecureTransport is false")
