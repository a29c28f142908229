"""Amazon SQS queues, with the queue policy that a separate resource attaches merged in."""

from __future__ import annotations

from dataclasses import dataclass

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True, kw_only=True)
class Queue(Resource):
    """An SQS queue (standard or FIFO).

    Defaults are what AWS applies to a new queue today:
    - ``sqs_managed_sse_enabled``: true. Since October 2022 SQS encrypts every new queue
      created over HTTPS with SQS-owned keys (SSE-SQS) unless told otherwise. A queue that
      names a KMS key uses SSE-KMS instead, and sources then set this field to false, as
      the SQS API reports it.
    - ``kms_key_id``: none (no SSE-KMS).
    - ``policy``: none. ``AWS::SQS::QueuePolicy`` and ``aws_sqs_queue_policy`` are merged
      in; so is the ``policy`` argument of ``aws_sqs_queue``.
    """

    resource_type = "AWS::SQS::Queue"

    name: str | Unresolved | None = None
    fifo: bool | Unresolved = False
    kms_key_id: str | Unresolved | None = None
    sqs_managed_sse_enabled: bool | Unresolved = True
    policy: PolicyDocument | Unresolved | None = None
