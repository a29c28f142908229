"""Live API Gateway REST API stages (WAF association included): parity with the
CloudFormation fixture, faults, and the checks."""

from __future__ import annotations

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
    verdicts,
)

from secfound.model.aws.apigateway import Stage
from secfound.model.location import CloudLocation

COLLECTOR = "apigateway.stages"
CLIENT_CERTIFICATE = "cert12"
API_ID = "the template names an API abc123defg; API Gateway chooses the id at creation"
IGNORE: dict[str, dict[str, str]] = {
    "prod": {
        "rest_api_id": API_ID,
        "web_acl_arn": "!GetAtt WebAcl.Arn is known only once the web ACL exists",
    },
    "staging": {
        "rest_api_id": API_ID,
        "tracing_enabled": "!Ref TraceStaging has no value in the template",
    },
}


def _create_parity_stages(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """tests/parity/apigateway/template.yaml, created in moto; returns the API id and the
    web ACL's ARN."""
    from botocore.client import BaseClient

    api = boto3.client("apigateway", region_name=REGION)
    api_id = str(api.create_rest_api(name="orders")["id"])
    root = api.get_resources(restApiId=api_id)["items"][0]["id"]
    api.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    api.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = api.create_deployment(restApiId=api_id)["id"]
    api.create_stage(
        restApiId=api_id,
        stageName="prod",
        deploymentId=deployment,
        tracingEnabled=True,
        cacheClusterEnabled=True,
        cacheClusterSize="0.5",
    )
    api.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[
            {
                "op": "replace",
                "path": "/accessLogSettings/destinationArn",
                "value": "arn:aws:logs:us-east-1:111122223333:log-group:api-access",
            },
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
            {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true"},
        ],
    )
    api.create_stage(restApiId=api_id, stageName="staging", deploymentId=deployment)
    waf = boto3.client("wafv2", region_name=REGION)
    acl = waf.create_web_acl(
        Name="api",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig={
            "SampledRequestsEnabled": True,
            "CloudWatchMetricsEnabled": True,
            "MetricName": "api",
        },
    )["Summary"]["ARN"]
    waf.associate_web_acl(
        WebACLArn=acl, ResourceArn=f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
    )
    # moto neither generates client certificates nor keeps one set on a stage: answer as
    # AWS does for a stage with ClientCertificateId.
    real = BaseClient._make_api_call

    def answer(self: Any, operation: str, params: Any) -> Any:
        found = real(self, operation, params)
        if operation == "GetStages":
            for stage in found.get("item", []):
                if stage["stageName"] == "prod":
                    stage["clientCertificateId"] = CLIENT_CERTIFICATE
        return found

    monkeypatch.setattr(BaseClient, "_make_api_call", answer)
    return api_id, str(acl)


def _live() -> tuple[dict[str, Stage], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Stage), "name"), run


def test_stages_match_the_cloudformation_fixture(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    api_id, acl = _create_parity_stages(monkeypatch)
    live, run = _live()
    cfn = {s.name: s for s in cfn_objects("apigateway").values() if isinstance(s, Stage)}
    assert sorted(live) == sorted(cfn) == ["prod", "staging"]
    for name, stage in live.items():
        assert_same(stage, cfn[name], ignore=IGNORE[name])
        assert stage.rest_api_id == api_id
    prod = live["prod"]
    assert prod.web_acl_arn == acl
    assert live["staging"].tracing_enabled is False  # API Gateway's default
    assert prod.address == f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
    assert prod.location == CloudLocation(account=ACCOUNT, region=REGION, arn=prod.address)
    assert run.gaps == ()
    assert set(run.calls_by_operation) - RUN_CALLS == {
        "api-gateway:GetRestApis",
        "api-gateway:GetStages",
    }


def test_checks_give_the_same_verdicts_as_on_the_template(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_stages(monkeypatch)
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.apigateway.", name)
    from_cfn = verdicts([cfn_result("apigateway")], "aws.apigateway.", name)
    tracing = "aws.apigateway.api_stage_tracing_enabled"
    assert (tracing, "staging", "unknown") in from_cfn
    assert live == (from_cfn - {(tracing, "staging", "unknown")}) | {(tracing, "staging", "failed")}
    assert ("aws.apigateway.api_stage_protected_by_waf", "prod", "passed") in live
    assert ("aws.apigateway.api_stage_protected_by_waf", "staging", "failed") in live


def _api_with_stage(name: str, stage: str) -> str:
    api = boto3.client("apigateway", region_name=REGION)
    api_id = str(api.create_rest_api(name=name)["id"])
    root = api.get_resources(restApiId=api_id)["items"][0]["id"]
    api.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    api.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = api.create_deployment(restApiId=api_id)["id"]
    api.create_stage(restApiId=api_id, stageName=stage, deploymentId=deployment)
    return api_id


def test_denied_stages_of_one_api_are_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    api_id, _ = _create_parity_stages(monkeypatch)
    other = _api_with_stage("other", "beta")
    fail_calls(
        monkeypatch,
        "GetStages",
        code="AccessDeniedException",
        message="no",
        when=lambda params: params["restApiId"] == api_id,
    )
    live, run = _live()
    # The other API's stage is read; nothing of the denied API's is guessed.
    assert sorted(live) == ["beta"]
    assert live["beta"].rest_api_id == other
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "apigateway", "apigateway:GET: AccessDeniedException: no")
    ]
