"""SQS queue encrypts messages at rest

Messages can hold personal data, tokens and business records for up to 14 days. Every
new queue gets SSE-SQS by default since October 2022, so a queue is unencrypted only when
its template turns SSE-SQS off and names no KMS key: this check fails exactly then.

Remediation:
    CloudFormation: remove SqsManagedSseEnabled: false, or set KmsMasterKeyId: <key>.
    Terraform: remove sqs_managed_sse_enabled = false, or set kms_master_key_id = <key>.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.sqs import Queue
from secfound.model.values import is_set


@check(severity=Severity.MEDIUM, objectives=["data-at-rest-encrypted"])
def queue_encrypted_at_rest(queue: Queue) -> Verdict:
    # is_set: a key from an unresolved reference still turns SSE-KMS on.
    if is_set(queue.kms_key_id):
        return passed(f"messages are encrypted at rest with KMS key {queue.kms_key_id}")
    if queue.sqs_managed_sse_enabled:
        return passed("messages are encrypted at rest with SQS-owned keys (SSE-SQS)")
    return failed("server-side encryption is turned off and no KMS key is set")
