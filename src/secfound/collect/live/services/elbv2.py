"""Load balancers (ELBv2): paginated ``DescribeLoadBalancers``, then per load balancer its
attributes (``DescribeLoadBalancerAttributes``), its listeners (``DescribeListeners``) and,
for an application load balancer, its AWS WAF web ACL (``GetWebACLForResource``; WAF
protects no other type). None of the three has a batch form.

Attributes are text (``"true"``); a key AWS does not report is the model's default (off),
and an empty ``access_logs.s3.bucket`` is no bucket. Listeners are kept in port order (the
API promises none). ``SslPolicy`` is read for HTTPS and TLS listeners only: a plain
listener negotiates no TLS, whatever an answer carries. A load balancer deleted since the
listing (``LoadBalancerNotFound``) is skipped; a denied detail read leaves its fields
unresolved, with a gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.services.wafv2 import GET_WEB_ACL, web_acl_for
from secfound.model.aws.elbv2 import (
    ENCRYPTED_PROTOCOLS,
    Listener,
    LoadBalancer,
    listener_with_defaults,
)
from secfound.model.values import Unresolved

PAGE_SIZE = 400  # DescribeLoadBalancers' largest page
_GONE = "LoadBalancerNotFound"
_DELETED = object()
# Attribute key -> model field; values are "true"/"false" except the bucket.
_FLAGS = {
    "access_logs.s3.enabled": "access_logs_enabled",
    "routing.http.drop_invalid_header_fields.enabled": "drop_invalid_header_fields",
    "deletion_protection.enabled": "deletion_protection_enabled",
}
_BUCKET = "access_logs.s3.bucket"


@collector(
    service="elbv2",
    actions=[
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        GET_WEB_ACL,
    ],
)
def load_balancers(ctx: LiveContext) -> Iterator[LoadBalancer]:
    client = ctx.client()
    pages = client.get_paginator("describe_load_balancers").paginate(
        PaginationConfig={"PageSize": PAGE_SIZE}
    )
    for page in pages:
        for entry in page.get("LoadBalancers", []):
            found = _load_balancer(ctx, client, entry)
            if found is not None:
                yield found


def _load_balancer(ctx: LiveContext, client: Any, entry: Mapping[str, Any]) -> LoadBalancer | None:
    arn = str(entry["LoadBalancerArn"])
    kind = str(entry.get("Type") or "application")
    attributes = ctx.optional(
        lambda: _unless_gone(client.describe_load_balancer_attributes, LoadBalancerArn=arn),
        action="elasticloadbalancing:DescribeLoadBalancerAttributes",
    )
    listeners = ctx.optional(
        lambda: _unless_gone(_listeners, client, arn),
        action="elasticloadbalancing:DescribeListeners",
    )
    if attributes is _DELETED or listeners is _DELETED:
        return None
    return LoadBalancer(
        address=arn,
        location=ctx.location(arn),
        name=str(entry["LoadBalancerName"]),
        load_balancer_type=kind,
        scheme=str(entry.get("Scheme") or "internet-facing"),
        **attribute_fields(attributes),
        listeners=listeners
        if isinstance(listeners, Unresolved)
        else model_listeners(kind, listeners),
        web_acl_arn=web_acl_for(ctx, arn) if kind == "application" else None,
    )


def _unless_gone(call: Any, *args: Any, **kwargs: Any) -> Any:
    """``call``'s answer; ``_DELETED`` when the load balancer is gone since the listing."""
    from secfound.collect.live.faults import error_code

    try:
        return call(*args, **kwargs)
    except Exception as exc:
        if error_code(exc) == _GONE:
            return _DELETED
        raise


def _listeners(client: Any, arn: str) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for page in client.get_paginator("describe_listeners").paginate(LoadBalancerArn=arn):
        found.extend(page.get("Listeners", []))
    return found


def attribute_fields(answer: Mapping[str, Any] | Unresolved) -> dict[str, Any]:
    """The model's attribute fields from a ``DescribeLoadBalancerAttributes`` answer."""
    if isinstance(answer, Unresolved):
        return {field: answer for field in (*_FLAGS.values(), "access_logs_bucket")}
    values = {str(a["Key"]): str(a.get("Value") or "") for a in answer.get("Attributes", [])}
    fields: dict[str, Any] = {
        field: values.get(key, "false").lower() == "true" for key, field in _FLAGS.items()
    }
    fields["access_logs_bucket"] = values.get(_BUCKET) or None
    return fields


def model_listeners(kind: str, listeners: Iterable[Mapping[str, Any]]) -> tuple[Listener, ...]:
    """The listeners, in port order, with AWS's defaults as the IaC sources fill them."""
    ordered = sorted(listeners, key=_port_order)
    return tuple(_listener(kind, listener) for listener in ordered)


def _port_order(listener: Mapping[str, Any]) -> tuple[int, str]:
    return int(listener.get("Port") or 0), str(listener.get("Protocol"))


def _listener(kind: str, listener: Mapping[str, Any]) -> Listener:
    protocol = str(listener["Protocol"]).upper() if listener.get("Protocol") else None
    policy = listener.get("SslPolicy") if protocol in ENCRYPTED_PROTOCOLS else None
    port = listener.get("Port")
    return listener_with_defaults(
        kind,
        protocol=protocol,
        port=int(port) if port is not None else None,
        ssl_policy=str(policy) if policy else None,
        redirects_to_https=redirects_to_https(listener.get("DefaultActions") or ()),
    )


def redirects_to_https(actions: Iterable[Mapping[str, Any]]) -> bool:
    """True when the first redirect among the default actions goes to ``HTTPS``
    (``#{protocol}``, the default, keeps the request's own protocol)."""
    for action in actions:
        if str(action.get("Type", "")).lower() == "redirect":
            protocol = (action.get("RedirectConfig") or {}).get("Protocol") or ""
            return str(protocol).upper() == "HTTPS"
    return False
