"""Live SQS queues: parity with the CloudFormation fixture, faults, and the checks."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, OTHER_REGION, REGION
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

from secfound.model.aws.sqs import Queue
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

# PlainQueue's SqsManagedSseEnabled is a parameter without a default in the template.
UNRESOLVED_SSE = {"sqs_managed_sse_enabled": "!Ref EncryptPlain has no value in the template"}


def _policy(logical_id: str) -> str:
    return json.dumps(template_properties("sqs", logical_id)["PolicyDocument"])


def _create_parity_queues(region: str = REGION) -> None:
    """tests/parity/sqs/template.yaml, created in moto."""
    sqs = boto3.client("sqs", region_name=region)
    sqs.create_queue(
        QueueName="orders",
        Attributes={
            "KmsMasterKeyId": "alias/orders",
            # AWS reports SSE-SQS off once a KMS key is set; moto keeps saying "true".
            "SqsManagedSseEnabled": "false",
            "Policy": _policy("OrdersQueuePolicy"),
        },
    )
    sqs.create_queue(
        QueueName="events.fifo",
        Attributes={"FifoQueue": "true", "Policy": _policy("EventsQueuePolicy")},
    )
    sqs.create_queue(QueueName="plain")


def _live_queues(regions: tuple[str, ...] = (REGION,)) -> tuple[dict[str, Queue], Any]:
    run = run_collectors("sqs.queues", regions=regions)
    return by_field(of_type(run, Queue), "name"), run


def test_queues_match_the_cloudformation_fixture(aws: None) -> None:
    _create_parity_queues()
    live, run = _live_queues()
    cfn = {q.name: q for q in cfn_objects("sqs").values() if isinstance(q, Queue)}
    assert sorted(live) == sorted(cfn) == ["events.fifo", "orders", "plain"]
    for name, queue in live.items():
        assert_same(queue, cfn[name], ignore=UNRESOLVED_SSE if name == "plain" else None)
    assert live["plain"].sqs_managed_sse_enabled is True  # SSE-SQS, AWS's default
    orders = live["orders"]
    assert orders.address == f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"
    assert orders.location == CloudLocation(account=ACCOUNT, region=REGION, arn=orders.address)
    assert run.gaps == ()
    # One GetQueueAttributes per queue, nothing more.
    assert run.calls_by_operation["sqs:GetQueueAttributes"] == 3


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_queues()
    _, run = _live_queues()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.sqs.", name)
    from_cfn = verdicts([cfn_result("sqs")], "aws.sqs.", name)
    # The template leaves PlainQueue's encryption unknown; live knows it.
    at_rest = "aws.sqs.queue_encrypted_at_rest"
    assert (at_rest, "plain", "unknown") in from_cfn
    from_cfn = (from_cfn - {(at_rest, "plain", "unknown")}) | {(at_rest, "plain", "passed")}
    assert live == from_cfn


def test_live_findings_say_what_is_wrong(aws: None) -> None:
    _create_parity_queues()
    boto3.client("sqs", region_name=REGION).create_queue(
        QueueName="clear", Attributes={"SqsManagedSseEnabled": "false"}
    )
    _, run = _live_queues()
    from secfound.checks.registry import builtin_registry
    from secfound.engine import evaluate

    found = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit(":", 1)[-1]): (
            f.status.value,
            f.message,
        )
        for f in evaluate(builtin_registry(), run.results).findings
    }
    assert found["queue_encrypted_with_kms", "orders"] == (
        "passed",
        "messages are encrypted with KMS key alias/orders",
    )
    assert found["queue_encrypted_with_kms", "plain"] == (
        "failed",
        "messages are encrypted with SQS-owned keys only (SSE-SQS), not a KMS key",
    )
    assert found["queue_encrypted_at_rest", "clear"] == (
        "failed",
        "server-side encryption is turned off and no KMS key is set",
    )
    assert found["queue_policy_not_public", "events.fifo"] == (
        "failed",
        "the queue policy allows any principal without a condition: statement 'Anyone'",
    )
    assert found["queue_policy_not_public", "orders"][0] == "passed"


def test_queues_are_read_in_every_region(aws: None) -> None:
    boto3.client("sqs", region_name=OTHER_REGION).create_queue(QueueName="far")
    boto3.client("sqs", region_name=REGION).create_queue(QueueName="near")
    live, _ = _live_queues(regions=(REGION, OTHER_REGION))
    assert isinstance(live["far"].location, CloudLocation)
    assert live["far"].location.region == OTHER_REGION
    assert live["far"].address == f"arn:aws:sqs:{OTHER_REGION}:{ACCOUNT}:far"
    assert isinstance(live["near"].location, CloudLocation)
    assert live["near"].location.region == REGION


def _deny_attributes(monkeypatch: pytest.MonkeyPatch, url_suffix: str) -> None:
    fail_calls(
        monkeypatch,
        "GetQueueAttributes",
        message="Access to the resource is denied",
        when=lambda params: params["QueueUrl"].endswith(url_suffix),
    )


def test_a_denied_read_is_unresolved_and_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_queues()
    _deny_attributes(monkeypatch, "/orders")
    live, run = _live_queues()

    orders = live["orders"]
    assert orders.address == f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"
    assert isinstance(orders.policy, Unresolved)
    assert isinstance(orders.sqs_managed_sse_enabled, Unresolved)
    assert live["events.fifo"].fifo is True  # the other queues are read as usual
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "sqs", "sqs:GetQueueAttributes: AccessDenied: Access to the resource is denied")
    ]
    found = verdicts(run.results, "aws.sqs.", attrgetter("name"))
    assert ("aws.sqs.queue_policy_not_public", "orders", "unknown") in found
    assert ("aws.sqs.queue_encrypted_at_rest", "orders", "failed") not in found


def test_a_denied_read_never_passes_the_kms_check(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_queues()
    _deny_attributes(monkeypatch, "/plain")
    _, run = _live_queues()
    found = verdicts(run.results, "aws.sqs.queue_encrypted_with_kms", attrgetter("name"))
    assert ("aws.sqs.queue_encrypted_with_kms", "plain", "passed") not in found
    assert ("aws.sqs.queue_encrypted_with_kms", "plain", "unknown") in found


def test_a_queue_deleted_meanwhile_is_skipped(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_queues()
    fail_calls(
        monkeypatch,
        "GetQueueAttributes",
        code="AWS.SimpleQueueService.NonExistentQueue",
        message="no",
        when=lambda params: params["QueueUrl"].endswith("/plain"),
    )
    live, run = _live_queues()
    assert sorted(live) == ["events.fifo", "orders"]
    assert run.gaps == ()


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    from secfound.collect.live.collector import builtin_collectors

    _create_parity_queues()
    _, run = _live_queues()
    (spec,) = [s for s in builtin_collectors() if s.id == "sqs.queues"]
    called = set(run.calls_by_operation) - RUN_CALLS
    assert called == set(spec.actions)
