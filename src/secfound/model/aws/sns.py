"""Amazon SNS topics, with the topic policy that a separate resource attaches merged in."""

from __future__ import annotations

from dataclasses import dataclass

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True, kw_only=True)
class Topic(Resource):
    """An SNS topic.

    Defaults are AWS's: no server-side encryption (unlike SQS, SNS has no encryption by
    default; ``kms_key_id`` none), a standard (not FIFO) topic, and ``policy`` none, in
    which case AWS applies its default topic policy (the owning account only).
    ``AWS::SNS::TopicPolicy`` and ``aws_sns_topic_policy`` are merged in, as is the
    ``policy`` argument of ``aws_sns_topic``.
    """

    resource_type = "AWS::SNS::Topic"

    name: str | Unresolved | None = None
    fifo: bool | Unresolved = False
    kms_key_id: str | Unresolved | None = None
    policy: PolicyDocument | Unresolved | None = None
