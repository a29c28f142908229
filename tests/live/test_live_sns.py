"""Live SNS topics: parity with the CloudFormation fixture, default policies, faults, checks."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    RUN_CALLS,
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    template_properties,
    verdicts,
)

from secfound.collect.live.services.sns import is_default_topic_policy
from secfound.model.aws.sns import Topic
from secfound.model.location import CloudLocation
from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.values import Unresolved

# RawTopic's KmsMasterKeyId is a parameter without a default in the template.
UNRESOLVED_KEY = {"kms_key_id": "!Ref TopicKey has no value in the template"}
ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:plain"


def _create_parity_topics() -> None:
    """tests/parity/sns/template.yaml, created in moto."""
    sns = boto3.client("sns", region_name=REGION)
    policy = template_properties("sns", "AlertsTopicPolicy")["PolicyDocument"]
    sns.create_topic(
        Name="alerts",
        Attributes={"KmsMasterKeyId": "alias/aws/sns", "Policy": json.dumps(policy)},
    )
    sns.create_topic(
        Name="raw.fifo", Attributes={"FifoTopic": "true", "KmsMasterKeyId": "alias/raw"}
    )
    sns.create_topic(Name="plain")


def _live_topics() -> tuple[dict[str, Topic], Any]:
    run = run_collectors("sns.topics")
    return by_field(of_type(run, Topic), "name"), run


def test_topics_match_the_cloudformation_fixture(aws: None) -> None:
    _create_parity_topics()
    live, run = _live_topics()
    cfn = {t.name: t for t in cfn_objects("sns").values() if isinstance(t, Topic)}
    assert sorted(live) == sorted(cfn) == ["alerts", "plain", "raw.fifo"]
    for name, topic in live.items():
        assert_same(topic, cfn[name], ignore=UNRESOLVED_KEY if name == "raw.fifo" else None)
    assert live["raw.fifo"].kms_key_id == "alias/raw"
    assert live["plain"].address == ARN
    assert live["plain"].location == CloudLocation(account=ACCOUNT, region=REGION, arn=ARN)
    assert run.gaps == ()
    assert run.calls_by_operation["sns:GetTopicAttributes"] == 3


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_topics()
    _, run = _live_topics()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.sns.", name)
    assert live == verdicts([cfn_result("sns")], "aws.sns.", name)
    assert ("aws.sns.topic_policy_not_public", "alerts", "failed") in live
    assert ("aws.sns.topic_encrypted_with_kms", "plain", "failed") in live


def test_live_findings_say_what_is_wrong(aws: None) -> None:
    _create_parity_topics()
    _, run = _live_topics()
    from secfound.checks.registry import builtin_registry
    from secfound.engine import evaluate

    found = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit(":", 1)[-1]): (
            f.status.value,
            f.message,
        )
        for f in evaluate(builtin_registry(), run.results).findings
    }
    assert found["topic_policy_not_public", "alerts"] == (
        "failed",
        "the topic policy allows any principal without a condition: statement 'AnyoneMaySubscribe'",
    )
    assert found["topic_policy_not_public", "plain"] == (
        "passed",
        "the topic keeps the default policy (owning account only)",
    )
    assert found["topic_encrypted_with_kms", "alerts"] == (
        "passed",
        "messages are encrypted with KMS key alias/aws/sns",
    )
    assert found["topic_encrypted_with_kms", "plain"] == (
        "failed",
        "server-side encryption is not enabled (no KMS key)",
    )


def _default_policy(**changes: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": "__default_statement_ID",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": ["SNS:GetTopicAttributes", "SNS:Subscribe", "SNS:Publish"],
        "Resource": ARN,
        "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}},
    }
    statement.update(changes)
    return {"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [statement]}


def _parsed(raw: dict[str, Any]) -> PolicyDocument:
    policy = parse_policy(raw)
    assert isinstance(policy, PolicyDocument)
    return policy


@pytest.mark.parametrize(
    ("raw", "default"),
    [
        (_default_policy(), True),
        (_default_policy(Action="sns:Publish"), True),
        (_default_policy(Condition={}), False),  # anyone, anywhere
        (_default_policy(Condition={"StringEquals": {"AWS:SourceOwner": "999999999999"}}), False),
        (_default_policy(Action="sns:*"), False),
        (_default_policy(Resource="*"), False),
        (_default_policy(Effect="Deny"), False),
        (_default_policy(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), False),
    ],
)
def test_only_the_default_topic_policy_reads_as_none(raw: dict[str, Any], default: bool) -> None:
    assert is_default_topic_policy(_parsed(raw), ARN, ACCOUNT) is default


def test_a_widened_default_policy_is_kept(aws: None) -> None:
    sns = boto3.client("sns", region_name=REGION)
    arn = sns.create_topic(Name="plain")["TopicArn"]
    widened = _default_policy()
    widened["Statement"].append(
        {
            "Sid": "Open",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "sns:Publish",
            "Resource": arn,
        }
    )
    sns.set_topic_attributes(
        TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps(widened)
    )
    live, _ = _live_topics()
    policy = live["plain"].policy
    assert isinstance(policy, PolicyDocument)
    assert [s.sid for s in policy.public_allow_statements()] == ["Open"]


def test_a_denied_read_is_unresolved_and_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_topics()
    fail_calls(
        monkeypatch,
        "GetTopicAttributes",
        code="AuthorizationError",
        message="not authorized",
        when=lambda params: params["TopicArn"].endswith(":alerts"),
    )
    live, run = _live_topics()
    assert sorted(live) == ["alerts", "plain", "raw.fifo"]
    assert isinstance(live["alerts"].policy, Unresolved)
    assert live["raw.fifo"].fifo is True
    assert [(g.service, g.reason) for g in run.gaps] == [
        ("sns", "sns:GetTopicAttributes: AuthorizationError: not authorized")
    ]
    found = verdicts(run.results, "aws.sns.topic_policy_not_public", attrgetter("name"))
    assert ("aws.sns.topic_policy_not_public", "alerts", "unknown") in found


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    from secfound.collect.live.collector import builtin_collectors

    _create_parity_topics()
    _, run = _live_topics()
    (spec,) = [s for s in builtin_collectors() if s.id == "sns.topics"]
    assert set(run.calls_by_operation) - RUN_CALLS == set(spec.actions)
