"""Model helpers of the SQS/SNS/Lambda/Secrets Manager/ECR slice that no check case reaches."""

from __future__ import annotations

from secfound.model.aws.awslambda import Function, Permission
from secfound.model.aws.secretsmanager import interval_days_from_schedule
from secfound.model.policy import PolicyDocument
from secfound.model.values import Unresolved


def test_rate_schedules_become_days() -> None:
    assert interval_days_from_schedule("rate(10 days)") == 10
    assert interval_days_from_schedule("rate(1 day)") == 1
    assert interval_days_from_schedule("rate(36 hours)") == 2


def test_cron_schedules_stay_unresolved() -> None:
    assert isinstance(interval_days_from_schedule("cron(0 4 1 * ? *)"), Unresolved)


def test_permissions_read_as_a_policy_document() -> None:
    function = Function(
        address="f",
        permissions=(
            Permission(principal="*", function_url_auth_type="NONE"),
            Permission(principal="sns.amazonaws.com", source_arn="arn:aws:sns:eu-west-1:1:t"),
        ),
    )
    policy = function.policy()
    assert isinstance(policy, PolicyDocument)
    open_to_all, from_topic = policy.allow_statements()
    assert open_to_all.has_any_principal()
    assert from_topic.principal_values("Service") == ("sns.amazonaws.com",)
    assert from_topic.is_narrowed_by_condition()
