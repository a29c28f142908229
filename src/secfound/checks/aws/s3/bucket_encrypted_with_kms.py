"""S3 bucket encrypts new objects with a KMS key by default

SSE-S3 (the default since January 2023) encrypts with keys S3 owns: anyone the bucket
policy lets read an object can read it. SSE-KMS and DSSE-KMS add a second gate, the key
policy, and a CloudTrail record of every decryption. A bucket that names no key uses the
AWS managed key ``aws/s3``: it passes, because reads still need KMS permission and are
logged, though its policy cannot be edited or shared across accounts (choose a customer
managed key where that matters).

Remediation:
    CloudFormation: BucketEncryption.ServerSideEncryptionConfiguration with
    ServerSideEncryptionByDefault.SSEAlgorithm aws:kms and KMSMasterKeyID <key>.
    Terraform: aws_s3_bucket_server_side_encryption_configuration with
    apply_server_side_encryption_by_default { sse_algorithm = "aws:kms",
    kms_master_key_id = <key> }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket
from secfound.model.values import definitely_matching, is_set, matches_literal

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_145"],
)
def bucket_encrypted_with_kms(bucket: Bucket) -> Verdict:
    algorithm = bucket.sse_algorithm
    if not definitely_matching(KMS_ALGORITHMS, lambda a: matches_literal(algorithm, a)):
        return failed(f"default encryption is {algorithm}, not a KMS key")
    # is_set: a key given by an unresolved reference is still a key the bucket names.
    if not is_set(bucket.kms_key_id):
        return passed(f"default encryption is {algorithm} with the AWS managed key aws/s3")
    return passed(f"default encryption is {algorithm} with KMS key {bucket.kms_key_id}")
