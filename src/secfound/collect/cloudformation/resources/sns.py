"""``AWS::SNS::Topic`` to ``Topic``; ``AWS::SNS::TopicPolicy`` is merged in by the joins."""

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
from secfound.model.aws.sns import Topic
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


def topic_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Topic:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "TopicName", to_str)
    set_if_present(fields, "fifo", properties, "FifoTopic", to_bool)
    set_if_present(fields, "kms_key_id", properties, "KmsMasterKeyId", to_str)
    return Topic(**fields)


def with_topic_policy(topic: Topic, properties: Mapping[str, Any]) -> Topic:
    """The topic with the policy an ``AWS::SNS::TopicPolicy`` gives it."""
    return dataclasses.replace(topic, policy=to_policy(properties.get("PolicyDocument")))


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::SNS::Topic": topic_from_cfn}


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join("AWS::SNS::TopicPolicy", "AWS::SNS::Topic", ("Topics",), with_topic_policy, many=True),
    )
