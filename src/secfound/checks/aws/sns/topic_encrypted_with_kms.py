"""SNS topic encrypts messages at rest with a KMS key

SNS does not encrypt topics by default: server-side encryption needs a KMS key, either the
AWS managed alias/aws/sns or a customer managed key. Messages stored for delivery then need
permission on the key to read, and every use of the key is recorded in CloudTrail.

Remediation:
    CloudFormation: KmsMasterKeyId: <key id, ARN or alias> on the AWS::SNS::Topic.
    Terraform: kms_master_key_id = <key> on aws_sns_topic.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.sns import Topic
from secfound.model.values import is_set


@check(
    severity=Severity.MEDIUM,
    objectives=["data-at-rest-encrypted", "data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_26"],
)
def topic_encrypted_with_kms(topic: Topic) -> Verdict:
    # is_set: a key given by an unresolved reference is still a key.
    if is_set(topic.kms_key_id):
        return passed(f"messages are encrypted with KMS key {topic.kms_key_id}")
    return failed("server-side encryption is not enabled (no KMS key)")
