"""``AWS::WAFv2::WebACLAssociation``: a web ACL attached to a load balancer or an API stage.

It normalizes nothing of its own; the join sets ``web_acl_arn`` on its target. A load
balancer is named by ``!Ref`` (its ARN). An API stage ARN is usually built with ``!Sub``
(``arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}``): the stage is
the resource referenced after ``/stages/``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import MISSING, dig, to_str
from secfound.model.aws.apigateway import Stage
from secfound.model.aws.elbv2 import LoadBalancer
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer

_STAGE_IN_SUB = re.compile(r"/stages/\$\{([A-Za-z0-9]+)\}")


def stage_in_arn(value: Any) -> str | None:
    """The logical id of the stage an ``!Sub``-built API Gateway stage ARN references."""
    if not isinstance(value, Unresolved) or not value.expression.startswith("!Sub"):
        return None
    match = _STAGE_IN_SUB.search(value.expression)
    return match.group(1) if match is not None else None


def with_web_acl(target: LoadBalancer | Stage, properties: Mapping[str, Any]) -> Resource:
    """The load balancer or stage with the web ACL the association names."""
    arn = dig(properties, "WebACLArn")
    web_acl = (
        Unresolved("WebACLAssociation without WebACLArn")
        if arn is MISSING
        else to_str(arn, "WebACLArn")
    )
    if isinstance(target, LoadBalancer):
        return dataclasses.replace(target, web_acl_arn=web_acl)
    return dataclasses.replace(target, web_acl_arn=web_acl)


def normalizers() -> dict[str, Normalizer]:
    """No resource of its own: the association only configures others."""
    return {}


def joins() -> tuple[Join, ...]:
    """The web ACL association, merged into a load balancer or a REST API stage."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join(
            "AWS::WAFv2::WebACLAssociation",
            ("AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ApiGateway::Stage"),
            ("ResourceArn",),
            with_web_acl,
            target_of=stage_in_arn,
        ),
    )
