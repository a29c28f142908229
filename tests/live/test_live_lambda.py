"""Live Lambda functions: parity with the CloudFormation fixture, faults, and the checks."""

from __future__ import annotations

import io
import json
import zipfile
from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    verdicts,
)

from secfound.collect.live.services.awslambda import permissions
from secfound.model.aws.awslambda import Function, Permission
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "awslambda.functions"
DLQ = "arn:aws:sqs:eu-west-1:111122223333:api-dlq"
# ApiFunction's TABLE variable is a parameter without a default in the template.
UNRESOLVED_TABLE = {"environment_variables.TABLE": "!Ref TableName has no value in the template"}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


def _as_aws_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two moto quirks, answered as AWS does: ``ListFunctions`` leaves out
    ``DeadLetterConfig``, and ``GetPolicy`` writes ``FunctionUrlAuthType`` next to the
    statement's fields instead of as its ``lambda:FunctionUrlAuthType`` condition."""
    from botocore.client import BaseClient

    real = BaseClient._make_api_call

    def answer(self: Any, operation: str, params: Any) -> Any:
        found = real(self, operation, params)
        if operation == "ListFunctions":
            for entry in found.get("Functions", []):
                if entry["FunctionName"] == "api":
                    entry["DeadLetterConfig"] = {"TargetArn": DLQ}
        if operation == "GetPolicy":
            policy = json.loads(found["Policy"])
            for statement in policy["Statement"]:
                auth = statement.pop("FunctionUrlAuthType", None)
                if auth is not None:
                    condition = statement.setdefault("Condition", {})
                    condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = auth
            found["Policy"] = json.dumps(policy)
        return found

    monkeypatch.setattr(BaseClient, "_make_api_call", answer)


def _create_parity_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/parity/lambda/template.yaml, created in moto."""
    role = boto3.client("iam", region_name=REGION).create_role(
        RoleName="fn", AssumeRolePolicyDocument="{}"
    )["Role"]["Arn"]
    lam = boto3.client("lambda", region_name=REGION)
    zipped = {"Handler": "app.handler", "Role": role, "Code": {"ZipFile": _zip()}}
    lam.create_function(
        FunctionName="api",
        Runtime="python3.13",
        TracingConfig={"Mode": "Active"},
        VpcConfig={"SubnetIds": ["subnet-0aaa", "subnet-0bbb"], "SecurityGroupIds": ["sg-0123"]},
        Environment={"Variables": {"STAGE": "prod", "TABLE": "orders"}},
        DeadLetterConfig={"TargetArn": DLQ},
        **zipped,
    )
    lam.put_function_concurrency(FunctionName="api", ReservedConcurrentExecutions=10)
    lam.add_permission(
        FunctionName="api",
        StatementId="topic",
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        SourceArn="arn:aws:sns:eu-west-1:111122223333:orders",
    )
    lam.create_function_url_config(FunctionName="api", AuthType="AWS_IAM")
    lam.create_function(FunctionName="legacy", Runtime="python3.8", **zipped)
    lam.add_permission(
        FunctionName="legacy",
        StatementId="public-url",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    lam.create_function_url_config(FunctionName="legacy", AuthType="NONE")
    lam.create_function(
        FunctionName="image",
        PackageType="Image",
        Role=role,
        Code={"ImageUri": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/image:1.0.0"},
    )
    lam.add_permission(
        FunctionName="image",
        StatementId="bucket",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::example-uploads",
        SourceAccount="111122223333",
    )
    _as_aws_answers(monkeypatch)


def _live() -> tuple[dict[str, Function], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Function), "name"), run


def test_functions_match_the_cloudformation_fixture(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_functions(monkeypatch)
    live, run = _live()
    cfn = {f.name: f for f in cfn_objects("lambda").values() if isinstance(f, Function)}
    assert sorted(live) == sorted(cfn) == ["api", "image", "legacy"]
    for name, function in live.items():
        assert_same(function, cfn[name], ignore=UNRESOLVED_TABLE if name == "api" else None)
    api = live["api"]
    assert api.environment_variables == {"STAGE": "prod", "TABLE": "orders"}
    assert api.address == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:api"
    assert api.location == CloudLocation(account=ACCOUNT, region=REGION, arn=api.address)
    assert run.gaps == ()
    for call in ("GetPolicy", "GetFunctionUrlConfig", "GetFunctionConcurrency"):
        assert run.calls_by_operation[f"lambda:{call}"] == 3


def test_checks_give_the_same_verdicts_as_on_the_template(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_functions(monkeypatch)
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.lambda.", name)
    assert live == verdicts([cfn_result("lambda")], "aws.lambda.", name)
    assert ("aws.lambda.function_not_publicly_invocable", "legacy", "failed") in live
    assert ("aws.lambda.function_runtime_supported", "legacy", "failed") in live


def test_policy_statements_become_permissions() -> None:
    text = json.dumps(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Action": "lambda:InvokeFunction",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}},
                },
                {"Effect": "Deny", "Principal": "*", "Action": "lambda:InvokeFunction"},
            ]
        }
    )
    assert permissions(text) == (
        Permission(principal="arn:aws:iam::111122223333:root", principal_org_id="o-abcdefghij"),
    )
    assert isinstance(permissions("not json"), Unresolved)


def _fails(monkeypatch: pytest.MonkeyPatch, operation_name: str, function: str, code: str) -> None:
    fail_calls(
        monkeypatch,
        operation_name,
        code=code,
        message="no",
        when=lambda params: params.get("FunctionName") == function,
    )


def test_a_denied_policy_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_functions(monkeypatch)
    _fails(monkeypatch, "GetPolicy", "legacy", "AccessDeniedException")
    live, run = _live()
    assert isinstance(live["legacy"].permissions, Unresolved)
    assert live["legacy"].url_auth_type == "NONE"  # the other reads still answer
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "lambda", "lambda:GetPolicy: AccessDeniedException: no")
    ]
    found = verdicts(run.results, "aws.lambda.", attrgetter("name"))
    public = "aws.lambda.function_not_publicly_invocable"
    assert (public, "legacy", "unknown") in found
    assert (public, "legacy", "passed") not in found
    assert (public, "image", "passed") in found  # the other policies are read


def test_no_function_url_is_none(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_functions(monkeypatch)
    live, _ = _live()
    assert live["image"].url_auth_type is None
    assert live["image"].reserved_concurrent_executions is None
