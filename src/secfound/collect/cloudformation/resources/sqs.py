"""``AWS::SQS::Queue`` to ``Queue``; ``AWS::SQS::QueuePolicy`` is merged in by the joins."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    identity,
    set_if_present,
    to_bool,
    to_policy,
    to_str,
)
from secfound.model.aws.sqs import Queue
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


def queue_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Queue:
    """A ``Queue``; a KMS key without ``SqsManagedSseEnabled`` means SSE-SQS is off."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "QueueName", to_str)
    set_if_present(fields, "fifo", properties, "FifoQueue", to_bool)
    set_if_present(fields, "kms_key_id", properties, "KmsMasterKeyId", to_str)
    if "kms_key_id" in fields:
        fields["sqs_managed_sse_enabled"] = False
    set_if_present(fields, "sqs_managed_sse_enabled", properties, "SqsManagedSseEnabled", to_bool)
    return Queue(**fields)


def with_queue_policy(queue: Queue, properties: Mapping[str, Any]) -> Queue:
    """The queue with the policy an ``AWS::SQS::QueuePolicy`` gives it."""
    return dataclasses.replace(queue, policy=to_policy(properties.get("PolicyDocument")))


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::SQS::Queue": queue_from_cfn}


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join("AWS::SQS::QueuePolicy", "AWS::SQS::Queue", ("Queues",), with_queue_policy, many=True),
    )
