"""SQS queues from Terraform: ``aws_sqs_queue``, with ``aws_sqs_queue_policy`` joined in.

The queue policy may be the queue's own ``policy`` argument or a separate
``aws_sqs_queue_policy`` naming the queue by URL (``aws_sqs_queue.q.id`` or ``.url``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.sqs import Queue
from secfound.model.resource import Resource


def queue_from_terraform(resource: TerraformResource) -> Queue:
    """A ``Queue``; a KMS key without ``sqs_managed_sse_enabled`` means SSE-SQS is off."""
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "name", as_str(args.get("name"), f"{where}.name"))
    set_if(fields, "fifo", as_bool(args.get("fifo_queue"), f"{where}.fifo_queue"))
    key = as_str(args.get("kms_master_key_id"), f"{where}.kms_master_key_id")
    if key is not None:
        fields["kms_key_id"] = key
        fields["sqs_managed_sse_enabled"] = False
    set_if(
        fields,
        "sqs_managed_sse_enabled",
        as_bool(args.get("sqs_managed_sse_enabled"), f"{where}.sqs_managed_sse_enabled"),
    )
    set_if(fields, "policy", policy(args.get("policy")))
    return Queue(**fields)


def _policy(_: Queue, source: TerraformResource) -> Mapping[str, Any]:
    return {"policy": policy(source.arguments.get("policy"))}


def joins() -> tuple[JoinSpec, ...]:
    # A queue is named by its URL, which no argument of aws_sqs_queue holds: only a
    # reference finds it.
    return (JoinSpec("aws_sqs_queue_policy", "aws_sqs_queue", "queue_url", (), _policy),)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_sqs_queue": queue_from_terraform}
