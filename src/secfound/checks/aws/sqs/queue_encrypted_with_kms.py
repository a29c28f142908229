"""SQS queue encrypts messages with a KMS key

SSE-SQS (the default for new queues since October 2022) encrypts messages at rest with keys
SQS owns: anyone the queue policy admits reads them in clear. A KMS key (SSE-KMS) adds a
second gate, the key policy, a CloudTrail record of every use, and the power to revoke
access by disabling the key. The AWS managed key alias/aws/sqs counts, though its policy
cannot be edited or shared across accounts.

Remediation:
    CloudFormation: KmsMasterKeyId: <key id, ARN or alias> on the AWS::SQS::Queue.
    Terraform: kms_master_key_id = <key> on aws_sqs_queue.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.sqs import Queue
from secfound.model.values import is_set, is_unresolved


@check(severity=Severity.LOW, objectives=["data-at-rest-encrypted-with-managed-keys"])
def queue_encrypted_with_kms(queue: Queue) -> Verdict:
    # is_set: a key given by an unresolved reference is still a key; a denied read is
    # unknown (DESIGN.md, "Unresolved values").
    if is_set(queue.kms_key_id):
        return passed(f"messages are encrypted with KMS key {queue.kms_key_id}")
    # Without a key the check fails whatever SSE-SQS says; that only changes the message.
    sse = queue.sqs_managed_sse_enabled
    if not is_unresolved(sse) and not sse:
        return failed("messages are not encrypted at rest")
    return failed("messages are encrypted with SQS-owned keys only (SSE-SQS), not a KMS key")
