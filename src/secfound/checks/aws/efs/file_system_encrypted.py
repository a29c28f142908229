"""EFS file system encrypts its data at rest

An unencrypted file system stores file data and metadata in clear text on the service's
storage and in its backups. Encryption at rest can only be chosen when the file system is
created, and the EFS API (unlike the console) leaves it off unless asked.

Remediation:
    CloudFormation: Encrypted: true on the AWS::EFS::FileSystem (and KmsKeyId for a
    customer managed key).
    Terraform: encrypted = true on aws_efs_file_system (and kms_key_id).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.efs import FileSystem


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted"],
    checkov=["CKV_AWS_42"],
)
def file_system_encrypted(file_system: FileSystem) -> Verdict:
    if file_system.encrypted:
        return passed("the file system is encrypted at rest")
    return failed("the file system is not encrypted at rest")
