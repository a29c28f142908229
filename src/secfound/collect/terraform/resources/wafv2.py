"""``aws_wafv2_web_acl_association``: a web ACL attached to a load balancer or API stage.

It normalizes nothing of its own; the join sets ``web_acl_arn`` on the target its
``resource_arn`` references.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import TerraformResource, as_str
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def _web_acl(_: Resource, source: TerraformResource) -> Mapping[str, Any]:
    arn = as_str(source.arguments.get("web_acl_arn"), f"{source.address}.web_acl_arn")
    return {
        "web_acl_arn": Unresolved(f"{source.address} without web_acl_arn") if arn is None else arn
    }


def joins() -> tuple[JoinSpec, ...]:
    targets = ("aws_lb", "aws_alb", "aws_api_gateway_stage")
    return (JoinSpec("aws_wafv2_web_acl_association", targets, "resource_arn", (), _web_acl),)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """No resource of its own: the association only configures others."""
    return {}
