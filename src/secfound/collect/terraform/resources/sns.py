"""SNS topics from Terraform: ``aws_sns_topic``, with ``aws_sns_topic_policy`` joined in."""

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
from secfound.model.aws.sns import Topic
from secfound.model.resource import Resource


def topic_from_terraform(resource: TerraformResource) -> Topic:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "name", as_str(args.get("name"), f"{where}.name"))
    set_if(fields, "fifo", as_bool(args.get("fifo_topic"), f"{where}.fifo_topic"))
    set_if(fields, "kms_key_id", as_str(args.get("kms_master_key_id"), where))
    set_if(fields, "policy", policy(args.get("policy")))
    return Topic(**fields)


def _policy(_: Topic, source: TerraformResource) -> Mapping[str, Any]:
    return {"policy": policy(source.arguments.get("policy"))}


def joins() -> tuple[JoinSpec, ...]:
    # A topic is named by its ARN, which no argument of aws_sns_topic holds.
    return (JoinSpec("aws_sns_topic_policy", "aws_sns_topic", "arn", (), _policy),)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_sns_topic": topic_from_terraform}
