"""ECR repository encrypts images with a KMS key

By default ECR encrypts image layers with AES-256 keys it owns: whoever may pull an image
reads it. KMS encryption adds the key policy as a second gate on every pull and a
CloudTrail record of each use of the key; without a key of its own, KMS encryption uses
the AWS managed key aws/ecr, which passes but cannot be shared or revoked.

Remediation:
    CloudFormation: EncryptionConfiguration: {EncryptionType: KMS, KmsKey: <key>} on the
    AWS::ECR::Repository (set when the repository is created).
    Terraform: encryption_configuration { encryption_type = "KMS", kms_key = <key> } on
    aws_ecr_repository.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ecr import Repository
from secfound.model.values import definitely_matching, matches_literal

KMS_TYPES = ("KMS", "KMS_DSSE")


@check(
    severity=Severity.LOW,
    objectives=["data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_136"],
)
def repository_encrypted_with_kms_key(repository: Repository) -> Verdict:
    kind = repository.encryption_type
    if not definitely_matching(KMS_TYPES, lambda t: matches_literal(kind, t)):
        return failed(f"images are encrypted with ECR-owned keys ({kind}), not a KMS key")
    # `is None`: a key given by an unresolved reference is still a key.
    if repository.kms_key_id is None:
        return passed(f"images are encrypted with {kind} and the AWS managed key aws/ecr")
    return passed(f"images are encrypted with {kind} and KMS key {repository.kms_key_id}")
