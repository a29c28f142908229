"""``AWS::ElasticLoadBalancingV2::LoadBalancer`` to ``LoadBalancer``; listeners join in.

Access logs, invalid-header dropping and deletion protection are key/value
``LoadBalancerAttributes`` whose values are text (``"true"``). Each
``AWS::ElasticLoadBalancingV2::Listener`` is merged into the load balancer its
``LoadBalancerArn`` names. The WAF association is joined in ``wafv2``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_int,
    to_str,
)
from secfound.model.aws.elbv2 import LoadBalancer, listener_with_defaults
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer

# LoadBalancerAttributes key -> (model field, conversion).
_ATTRIBUTES: dict[str, tuple[str, Any]] = {
    "access_logs.s3.enabled": ("access_logs_enabled", to_bool),
    "access_logs.s3.bucket": ("access_logs_bucket", to_str),
    "routing.http.drop_invalid_header_fields.enabled": ("drop_invalid_header_fields", to_bool),
    "deletion_protection.enabled": ("deletion_protection_enabled", to_bool),
}


def _attributes(fields: dict[str, Any], value: Any) -> None:
    if isinstance(value, Unresolved):
        # Nobody knows which attributes the list sets: each of them is unknown.
        fields.update({name: value for name, _ in _ATTRIBUTES.values()})
        return
    if not isinstance(value, list):
        value = [value]
    for item in value:
        key = dig(item, "Key")
        if isinstance(key, Unresolved):
            fields.update({name: key for name, _ in _ATTRIBUTES.values()})
            continue
        if key not in _ATTRIBUTES:
            continue
        name, convert = _ATTRIBUTES[key]
        raw = dig(item, "Value")
        fields[name] = (
            convert(raw, key) if raw is not MISSING else Unresolved(f"{key} without Value")
        )


def load_balancer_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> LoadBalancer:
    """A ``LoadBalancer`` from the resolved properties of its CloudFormation resource."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "Name", to_str)
    set_if_present(fields, "load_balancer_type", properties, "Type", to_str)
    set_if_present(fields, "scheme", properties, "Scheme", to_str)
    if "LoadBalancerAttributes" in properties:
        _attributes(fields, properties["LoadBalancerAttributes"])
    return LoadBalancer(**fields)


def redirects_to_https(actions: Any) -> bool | Unresolved:
    """True when a default action is a redirect whose protocol is ``HTTPS``."""
    if isinstance(actions, Unresolved):
        return actions
    if actions is MISSING:
        return False
    for action in actions if isinstance(actions, list) else [actions]:
        kind = dig(action, "Type")
        if isinstance(kind, Unresolved):
            return kind
        if not isinstance(kind, str) or kind.lower() != "redirect":
            continue
        protocol = dig(action, "RedirectConfig", "Protocol")
        if protocol is MISSING:  # "#{protocol}": the request's own protocol is kept
            return False
        if isinstance(protocol, Unresolved):
            return protocol
        return str(protocol).upper() == "HTTPS"
    return False


def with_listener(target: LoadBalancer, properties: Mapping[str, Any]) -> LoadBalancer:
    """The load balancer with one more listener."""
    if isinstance(target.listeners, Unresolved):
        return target
    protocol = dig(properties, "Protocol")
    port = dig(properties, "Port")
    policy = dig(properties, "SslPolicy")
    listener = listener_with_defaults(
        target.load_balancer_type,
        protocol=None if protocol is MISSING else to_str(protocol, "Protocol"),
        port=None if port is MISSING else to_int(port, "Port"),
        ssl_policy=None if policy is MISSING else to_str(policy, "SslPolicy"),
        redirects_to_https=redirects_to_https(dig(properties, "DefaultActions")),
    )
    return dataclasses.replace(target, listeners=(*target.listeners, listener))


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::ElasticLoadBalancingV2::LoadBalancer": load_balancer_from_cfn}


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join(
            "AWS::ElasticLoadBalancingV2::Listener",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            ("LoadBalancerArn",),
            with_listener,
        ),
    )
