"""API Gateway REST API stages: paginated ``GetRestApis``, then ``GetStages`` per API (every
stage of an API in one answer).

IAM grants all API Gateway reads as one action, ``apigateway:GET``. A stage answers with
everything the model holds, the AWS WAF association included (``webAclArn``, set while a
web ACL protects the stage), so no WAF call is needed per stage. The stage-wide method
settings are the ``*/*`` entry of ``methodSettings``; a stage without one keeps API
Gateway's default, cached responses not encrypted. A denied ``GetStages`` loses the stages
of that API only, with a gap; an API deleted since the listing (``NotFoundException``) is
skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.apigateway import Stage
from secfound.model.values import Unresolved

READ = "apigateway:GET"
PAGE_SIZE = 500  # GetRestApis' largest page
_GONE = ("NotFoundException",)
_STAGE_WIDE = "*/*"


@collector(service="apigateway", actions=[READ])
def stages(ctx: LiveContext) -> Iterator[Stage]:
    client = ctx.client()
    pages = client.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": PAGE_SIZE})
    for page in pages:
        for api in page.get("items", []):
            api_id = str(api["id"])
            found = ctx.optional(
                partial(_stages, client, api_id), action=READ, absent=_GONE, default=[]
            )
            if isinstance(found, Unresolved):
                continue  # the gap says which API's stages are unknown
            for stage in found:
                yield stage_from_answer(ctx, api_id, stage)


def _stages(client: Any, api_id: str) -> list[Mapping[str, Any]]:
    return list(client.get_stages(restApiId=api_id).get("item", []))


def stage_arn(ctx: LiveContext, api_id: str, name: str) -> str:
    """API Gateway ARNs carry no account: ``arn:aws:apigateway:<region>::/restapis/…``."""
    target = ctx.target
    return f"arn:{target.partition}:apigateway:{target.region}::/restapis/{api_id}/stages/{name}"


def stage_from_answer(ctx: LiveContext, api_id: str, stage: Mapping[str, Any]) -> Stage:
    """A ``Stage`` from one item of ``GetStages``."""
    name = str(stage["stageName"])
    arn = stage_arn(ctx, api_id, name)
    logs = stage.get("accessLogSettings") or {}
    stage_wide = (stage.get("methodSettings") or {}).get(_STAGE_WIDE) or {}
    return Stage(
        address=arn,
        location=ctx.location(arn),
        name=name,
        rest_api_id=api_id,
        access_log_destination_arn=_text(logs.get("destinationArn")),
        access_log_format=_text(logs.get("format")),
        tracing_enabled=bool(stage.get("tracingEnabled", False)),
        cache_cluster_enabled=bool(stage.get("cacheClusterEnabled", False)),
        cache_data_encrypted=bool(stage_wide.get("cacheDataEncrypted", False)),
        client_certificate_id=_text(stage.get("clientCertificateId")),
        web_acl_arn=_text(stage.get("webAclArn")),
    )


def _text(value: Any) -> str | None:
    return str(value) if value else None
