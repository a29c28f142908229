"""Amazon API Gateway REST API stages.

The WAF web ACL association (``AWS::WAFv2::WebACLAssociation``,
``aws_wafv2_web_acl_association``) and Terraform's ``aws_api_gateway_method_settings`` are
separate resources merged into the ``Stage`` they configure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class Stage(Resource):
    """A REST API stage.

    Defaults are what API Gateway applies to a new stage: no access log destination
    (``access_log_destination_arn`` ``None``), X-Ray tracing off, no stage cache, cached
    responses not encrypted, no client certificate for calls to the backend, and no AWS WAF
    web ACL. ``cache_data_encrypted`` is the setting of the stage-wide method settings
    (``*/*``), which every method inherits unless it overrides it.
    """

    resource_type = "AWS::ApiGateway::Stage"

    name: StrOrUnresolved | None = None
    rest_api_id: StrOrUnresolved | None = None
    access_log_destination_arn: StrOrUnresolved | None = None
    access_log_format: StrOrUnresolved | None = None
    tracing_enabled: BoolOrUnresolved = False
    cache_cluster_enabled: BoolOrUnresolved = False
    cache_data_encrypted: BoolOrUnresolved = False
    client_certificate_id: StrOrUnresolved | None = None
    web_acl_arn: StrOrUnresolved | None = None
