"""The policy ``secfound permissions`` prints covers every call ``assess --org`` makes, and
every one of them only reads.

The whole-run test assesses the demo's sample organization (every collector, two
accounts, two regions) in moto, maps each recorded botocore operation to its IAM action
(``secfound.collect.live.actions``) and looks for it in the policy the real command
prints. A collector that calls an action it does not declare fails it; the fake
collectors below show the message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import boto3
import pytest
from live_env import REGION

from secfound.collect.live.actions import iam_action, is_read_only
from secfound.collect.live.assess import CORE_ACTIONS, AssessSettings, LiveRun, assess
from secfound.collect.live.collector import (
    LiveContext,
    builtin_collectors,
    collector,
    required_actions,
)
from secfound.demo.live import DEMO_REGIONS, build_sample_organization, offline_aws
from secfound.model.aws.sqs import Queue


@pytest.fixture(scope="module")
def printed_policy() -> set[str]:
    """Every action of every statement of ``secfound permissions`` (a real process)."""
    done = subprocess.run(
        [sys.executable, "-m", "secfound", "permissions"],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    actions: set[str] = set()
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def assert_granted(calls: Mapping[str, int], granted: Iterable[str]) -> None:
    """Every recorded operation maps to a granted, read-only IAM action."""
    allowed = set(granted)
    needed = {operation: iam_action(operation) for operation in calls}
    missing = sorted(f"{op} -> {action}" for op, action in needed.items() if action not in allowed)
    assert not missing, f"called but not in the policy: {', '.join(missing)}"
    writes = sorted(action for action in needed.values() if not is_read_only(action))
    assert not writes, f"not read-only: {', '.join(writes)}"


@pytest.fixture(scope="module")
def organization_run() -> LiveRun:
    """``assess --org`` over the demo organization, with a queue and a topic added so the
    SQS and SNS collectors read attributes too."""
    with offline_aws():
        built = build_sample_organization()
        sqs = boto3.client("sqs", region_name=DEMO_REGIONS[0])
        sqs.create_queue(QueueName="orders-events")
        boto3.client("sns", region_name=DEMO_REGIONS[0]).create_topic(Name="orders-alerts")
        return assess(AssessSettings(regions=built.regions, org=True))


def test_every_call_of_an_organization_assessment_is_in_the_printed_policy(
    organization_run: LiveRun, printed_policy: set[str]
) -> None:
    calls = organization_run.calls_by_operation
    assert len(organization_run.accounts) == 2
    # the run entered the member account and read the detail of what it found
    assert {
        "sts:AssumeRole",
        "organizations:ListAccounts",
        "s3-control:GetPublicAccessBlock",
        "s3:GetBucketEncryption",
        "s3:ListBuckets",
        "kms:GetKeyPolicy",
        "sqs:GetQueueAttributes",
        "sns:GetTopicAttributes",
        "iam:GetAccountAuthorizationDetails",
    } <= set(calls)
    assert_granted(calls, printed_policy)


def test_the_printed_policy_is_what_the_collectors_declare(printed_policy: set[str]) -> None:
    declared = {*CORE_ACTIONS, *required_actions(builtin_collectors()), "sts:AssumeRole"}
    assert printed_policy == declared


@collector(service="sqs", actions=["sqs:ListQueues"])
def queues_reading_more_than_declared(ctx: LiveContext) -> Iterator[Queue]:
    """Reads each queue's attributes without declaring sqs:GetQueueAttributes."""
    client = ctx.client()
    for url in client.list_queues().get("QueueUrls", []):
        client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
    yield from ()


@collector(service="s3", actions=["s3:ListBuckets"], scope="global")
def buckets_declared_by_api_name(ctx: LiveContext) -> Iterator[Any]:
    """Declares the API operation's name, which no IAM policy knows (s3:ListAllMyBuckets)."""
    ctx.client().list_buckets()
    yield from ()


@pytest.mark.parametrize(
    ("fake", "message"),
    [
        (
            queues_reading_more_than_declared,
            "called but not in the policy: sqs:GetQueueAttributes -> sqs:GetQueueAttributes",
        ),
        (
            buckets_declared_by_api_name,
            "called but not in the policy: s3:ListBuckets -> s3:ListAllMyBuckets",
        ),
    ],
)
def test_an_undeclared_call_fails_the_check(aws: None, fake: Any, message: str) -> None:
    from secfound.collect.live.collector import CollectorSpec

    boto3.client("sqs", region_name=REGION).create_queue(QueueName="q")
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="reports")
    meta = fake.__secfound_collector__
    spec = CollectorSpec(
        id=f"fake.{fake.__name__}",
        service=meta.service,
        actions=meta.actions,
        scope=meta.scope,
        function=fake,
    )
    run = assess(AssessSettings(regions=(REGION,)), [spec])
    assert not run.gaps
    # what `secfound permissions` would print for this one collector
    granted = {*CORE_ACTIONS, *required_actions([spec])}
    with pytest.raises(AssertionError) as failed:
        assert_granted(run.calls_by_operation, granted)
    assert str(failed.value).startswith(message)


def test_a_write_fails_the_check_even_when_granted() -> None:
    with pytest.raises(AssertionError, match="not read-only: sqs:PurgeQueue"):
        assert_granted({"sqs:PurgeQueue": 1}, {"sqs:PurgeQueue"})


@pytest.mark.parametrize("spec", builtin_collectors(), ids=lambda s: s.id)
def test_every_declared_action_is_read_only(spec: Any) -> None:
    assert spec.actions, f"{spec.id} declares no action"
    for action in spec.actions:
        prefix, _, name = action.partition(":")
        assert prefix and name[:1].isupper(), f"{spec.id}: {action!r} is not service:Action"
        assert is_read_only(action), f"{spec.id}: {action} is not read-only"


def test_core_actions_are_read_only() -> None:
    assert all(is_read_only(action) for action in CORE_ACTIONS)


@pytest.mark.parametrize(
    ("operation", "action"),
    [
        ("s3-control:GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"),
        ("s3:GetBucketEncryption", "s3:GetEncryptionConfiguration"),
        ("s3:GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
        ("s3:GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
        ("s3:ListBuckets", "s3:ListAllMyBuckets"),
        ("s3:GetBucketPolicy", "s3:GetBucketPolicy"),
        ("api-gateway:GetRestApis", "apigateway:GET"),
        ("apigatewayv2:GetApis", "apigateway:GET"),
        ("api-gateway:DeleteRestApi", "api-gateway:DeleteRestApi"),
        (
            "elastic-load-balancing-v2:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancers",
        ),
        ("config-service:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders"),
        ("sso-admin:ListInstances", "sso:ListInstances"),
        ("accessanalyzer:ListAnalyzers", "access-analyzer:ListAnalyzers"),
        ("secrets-manager:ListSecrets", "secretsmanager:ListSecrets"),
        ("cloudwatch-logs:DescribeLogGroups", "logs:DescribeLogGroups"),
        ("opensearch:ListDomainNames", "es:ListDomainNames"),
        ("elasticsearch-service:DescribeElasticsearchDomains", "es:DescribeElasticsearchDomains"),
        ("efs:DescribeFileSystems", "elasticfilesystem:DescribeFileSystems"),
        ("network-firewall:ListFirewalls", "network-firewall:ListFirewalls"),
        ("inspector2:BatchGetAccountStatus", "inspector2:BatchGetAccountStatus"),
        ("iam:GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails"),
        ("sts:AssumeRole", "sts:AssumeRole"),
    ],
)
def test_iam_action_names(operation: str, action: str) -> None:
    assert iam_action(operation) == action


@pytest.mark.parametrize("text", ["ListBuckets", ":ListBuckets", "s3:"])
def test_an_operation_without_its_service_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="expected service:Operation"):
        iam_action(text)


@pytest.mark.parametrize(
    ("action", "read_only"),
    [
        ("iam:GenerateCredentialReport", True),
        ("iam:GenerateServiceLastAccessedDetails", False),
        ("sts:AssumeRole", True),
        ("sts:AssumeRoleWithSAML", False),
        ("inspector2:BatchGetAccountStatus", True),
        ("apigateway:GET", True),
        ("apigateway:POST", False),
        ("s3:PutBucketPolicy", False),
        ("ec2:RunInstances", False),
    ],
)
def test_read_only_by_name(action: str, read_only: bool) -> None:
    assert is_read_only(action) is read_only
