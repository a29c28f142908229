"""SQS queues: ``ListQueues``, then one ``GetQueueAttributes`` (``All``) per queue.

The queue's policy and encryption are attributes, so one call reads everything the model
holds. AWS reports ``SqsManagedSseEnabled`` for every queue: ``true`` for SSE-SQS (the
default for queues created since October 2022), ``false`` when a KMS key is set or
encryption was turned off; a queue that answers without it is read as not SSE-SQS
encrypted. ``Policy`` is absent when the queue has none. A queue deleted between the
listing and the read is skipped; a denied read keeps the queue with unresolved fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.sqs import Queue
from secfound.model.policy import parse_policy
from secfound.model.values import Unresolved

PAGE_SIZE = 1000
# A queue that no longer exists: the query protocol's code, then the JSON protocol's.
_GONE = ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")


@collector(service="sqs", actions=["sqs:ListQueues", "sqs:GetQueueAttributes"])
def queues(ctx: LiveContext) -> Iterator[Queue]:
    client = ctx.client()
    pages = client.get_paginator("list_queues").paginate(PaginationConfig={"PageSize": PAGE_SIZE})
    for page in pages:
        for url in page.get("QueueUrls", []):
            attributes = ctx.optional(
                partial(_attributes, client, str(url)),
                action="sqs:GetQueueAttributes",
                absent=_GONE,
            )
            if attributes is None:
                continue
            yield queue_from_attributes(ctx, str(url), attributes)


def queue_from_attributes(
    ctx: LiveContext, url: str, attributes: Mapping[str, Any] | Unresolved
) -> Queue:
    """A ``Queue`` from its attributes (all unresolved when they could not be read)."""
    if isinstance(attributes, Unresolved):
        name = url.rstrip("/").rsplit("/", 1)[-1]
        arn = ctx.target.arn("sqs", name)
        return Queue(
            address=arn,
            location=ctx.location(arn),
            name=name,
            fifo=attributes,
            kms_key_id=attributes,
            sqs_managed_sse_enabled=attributes,
            policy=attributes,
        )
    arn = str(attributes["QueueArn"])
    policy = attributes.get("Policy")
    return Queue(
        address=arn,
        location=ctx.location(arn),
        name=arn.rsplit(":", 1)[-1],
        fifo=_flag(attributes, "FifoQueue"),
        kms_key_id=str(attributes["KmsMasterKeyId"]) if attributes.get("KmsMasterKeyId") else None,
        sqs_managed_sse_enabled=_flag(attributes, "SqsManagedSseEnabled"),
        policy=parse_policy(policy) if policy else None,
    )


def _attributes(client: Any, url: str) -> Any:
    return client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]).get("Attributes", {})


def _flag(attributes: Mapping[str, Any], name: str) -> bool:
    """SQS attributes are text: ``"true"`` or ``"false"``; absent is false."""
    return str(attributes.get(name, "false")).lower() == "true"
