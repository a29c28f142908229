"""Load balancers from Terraform: ``aws_lb``/``aws_alb`` with their listeners joined in.

``aws_lb_listener`` and ``aws_alb_listener`` merge into the load balancer their
``load_balancer_arn`` references; the WAF association is joined in ``wafv2``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_int,
    as_str,
    blocks,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.elbv2 import LoadBalancer, listener_with_defaults
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

LOAD_BALANCER_TYPES = ("aws_lb", "aws_alb")


def load_balancer_from_terraform(resource: TerraformResource) -> LoadBalancer:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    set_if(fields, "load_balancer_type", as_str(args.get("load_balancer_type"), where))
    internal = as_bool(args.get("internal"), f"{where}.internal")
    if isinstance(internal, Unresolved):
        fields["scheme"] = internal
    elif internal is not None:
        fields["scheme"] = "internal" if internal else "internet-facing"
    logs = first_block(args.get("access_logs"))
    if isinstance(logs, Unresolved):
        fields["access_logs_enabled"] = logs
    elif logs is not None:
        # The block's own default: off, even with a bucket named.
        enabled = as_bool(logs.get("enabled"), f"{where}.access_logs.enabled")
        fields["access_logs_enabled"] = False if enabled is None else enabled
        fields["access_logs_bucket"] = as_str(logs.get("bucket"), f"{where}.access_logs.bucket")
    set_if(
        fields,
        "drop_invalid_header_fields",
        as_bool(args.get("drop_invalid_header_fields"), f"{where}.drop_invalid_header_fields"),
    )
    set_if(
        fields,
        "deletion_protection_enabled",
        as_bool(args.get("enable_deletion_protection"), f"{where}.enable_deletion_protection"),
    )
    return LoadBalancer(**fields)


def redirects_to_https(value: Any, where: str) -> bool | Unresolved:
    """True when a ``default_action`` redirects to protocol ``HTTPS``."""
    actions = blocks(value)
    if isinstance(actions, Unresolved):
        return actions
    for action in actions:
        kind = as_str(action.get("type"), f"{where}.type")
        if isinstance(kind, Unresolved):
            return kind
        if kind is None or kind.lower() != "redirect":
            continue
        redirect = first_block(action.get("redirect"))
        if isinstance(redirect, Unresolved):
            return redirect
        protocol = as_str(redirect.get("protocol") if redirect else None, f"{where}.protocol")
        if protocol is None:  # "#{protocol}": the request's own protocol is kept
            return False
        if isinstance(protocol, Unresolved):
            return protocol
        return protocol.upper() == "HTTPS"
    return False


def _listener(target: LoadBalancer, source: TerraformResource) -> Mapping[str, Any]:
    if isinstance(target.listeners, Unresolved):
        return {}
    args = source.arguments
    where = source.address
    listener = listener_with_defaults(
        target.load_balancer_type,
        protocol=as_str(args.get("protocol"), f"{where}.protocol"),
        port=as_int(args.get("port"), f"{where}.port"),
        ssl_policy=as_str(args.get("ssl_policy"), f"{where}.ssl_policy"),
        redirects_to_https=redirects_to_https(args.get("default_action"), where),
    )
    return {"listeners": (*target.listeners, listener)}


def joins() -> tuple[JoinSpec, ...]:
    # A load balancer is named by its ARN, known only after apply: only references find it.
    return tuple(
        JoinSpec(kind, LOAD_BALANCER_TYPES, "load_balancer_arn", (), _listener)
        for kind in ("aws_lb_listener", "aws_alb_listener")
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {kind: load_balancer_from_terraform for kind in LOAD_BALANCER_TYPES}
