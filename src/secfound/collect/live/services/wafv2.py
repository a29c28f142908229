"""The AWS WAF web ACL that protects a regional resource (a load balancer, an API stage).

No collector of its own: the association is a setting of the resource it protects, as the
IaC sources merge ``AWS::WAFv2::WebACLAssociation`` into it. ``GetWebACLForResource``
answers without a ``WebACL`` when none is associated, and with
``WAFNonexistentItemException`` when WAF does not know the resource; both mean no web ACL.
(CloudFront distributions name their web ACL in their own configuration.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext
from secfound.model.values import Unresolved

GET_WEB_ACL = "wafv2:GetWebACLForResource"
_NONE = ("WAFNonexistentItemException",)


def web_acl_for(ctx: LiveContext, resource_arn: str) -> str | Unresolved | None:
    """The ARN of the web ACL associated with ``resource_arn``; None when there is none."""
    client = ctx.client("wafv2")
    answer: str | Unresolved | None = ctx.optional(
        lambda: _web_acl_arn(client.get_web_acl_for_resource(ResourceArn=resource_arn)),
        action=GET_WEB_ACL,
        absent=_NONE,
    )
    return answer


def _web_acl_arn(answer: Mapping[str, Any]) -> str | None:
    arn = (answer.get("WebACL") or {}).get("ARN")
    return str(arn) if arn else None
