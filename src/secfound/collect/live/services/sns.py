"""SNS topics: ``ListTopics``, then one ``GetTopicAttributes`` per topic.

SNS has no encryption by default: ``KmsMasterKeyId`` is absent (or empty) unless SSE is on.
``Policy`` is always present: a topic nobody gave a policy answers with the default topic
policy AWS writes (the owning account may administer, subscribe and publish, through
``AWS:SourceOwner``). The model's ``policy=None`` means exactly that default, as the IaC
sources say when a template sets no policy; so a policy no wider than the default reads as
``None``, and any other policy is kept as written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.sns import Topic
from secfound.model.build import to_data
from secfound.model.policy import PolicyDocument, Statement, parse_policy
from secfound.model.values import Unresolved

# The actions of AWS's default topic policy (older topics also list SNS:Receive).
_DEFAULT_ACTIONS = frozenset(
    {
        "sns:gettopicattributes",
        "sns:settopicattributes",
        "sns:addpermission",
        "sns:removepermission",
        "sns:deletetopic",
        "sns:subscribe",
        "sns:listsubscriptionsbytopic",
        "sns:publish",
        "sns:receive",
    }
)


@collector(service="sns", actions=["sns:ListTopics", "sns:GetTopicAttributes"])
def topics(ctx: LiveContext) -> Iterator[Topic]:
    client = ctx.client()
    for page in client.get_paginator("list_topics").paginate():
        for entry in page.get("Topics", []):
            arn = str(entry["TopicArn"])
            attributes = ctx.optional(
                partial(_attributes, client, arn),
                action="sns:GetTopicAttributes",
                absent=("NotFound",),  # deleted since the listing
            )
            if attributes is None:
                continue
            yield topic_from_attributes(ctx, arn, attributes)


def _attributes(client: Any, arn: str) -> Any:
    return client.get_topic_attributes(TopicArn=arn).get("Attributes", {})


def topic_from_attributes(
    ctx: LiveContext, arn: str, attributes: Mapping[str, Any] | Unresolved
) -> Topic:
    """A ``Topic`` from its attributes (all unresolved when they could not be read)."""
    name = arn.rsplit(":", 1)[-1]
    if isinstance(attributes, Unresolved):
        return Topic(
            address=arn,
            location=ctx.location(arn),
            name=name,
            fifo=attributes,
            kms_key_id=attributes,
            policy=attributes,
        )
    key = attributes.get("KmsMasterKeyId")
    return Topic(
        address=arn,
        location=ctx.location(arn),
        name=name,
        fifo=str(attributes.get("FifoTopic", "false")).lower() == "true",
        kms_key_id=str(key) if key else None,
        policy=_policy(attributes.get("Policy"), arn, ctx.target.account_id),
    )


def _policy(text: Any, arn: str, account_id: str) -> PolicyDocument | Unresolved | None:
    if not text:
        return None
    policy = parse_policy(text)
    if isinstance(policy, PolicyDocument) and is_default_topic_policy(policy, arn, account_id):
        return None
    return policy


def is_default_topic_policy(policy: PolicyDocument, arn: str, account_id: str) -> bool:
    """True when every statement is AWS's default one, or narrower: Allow, to any principal
    whose ``AWS:SourceOwner`` is the topic's own account, default actions only, on the
    topic alone."""
    statements = policy.statements
    if isinstance(statements, Unresolved) or not statements:
        return False
    return all(_is_default_statement(s, arn, account_id) for s in statements)


def _is_default_statement(statement: Statement, arn: str, account_id: str) -> bool:
    # As plain data, where an unresolved part is a mapping that matches nothing below.
    data = to_data(statement)
    conditions = [
        (c.get("operator"), str(c.get("key")).lower(), c.get("values"))
        for c in data["conditions"]
        if isinstance(c, dict)
    ]
    actions = data["actions"]
    return (
        data["effect"] == "Allow"
        and data["principals"] == {"AWS": ["*"]}
        and data["resources"] == [arn]
        and not (data["not_actions"] or data["not_resources"] or data["not_principals"])
        and conditions == [("StringEquals", "aws:sourceowner", [account_id])]
        and isinstance(actions, list)
        and bool(actions)
        and all(isinstance(a, str) and a.lower() in _DEFAULT_ACTIONS for a in actions)
    )
