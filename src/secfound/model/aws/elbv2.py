"""Elastic Load Balancing v2: application and network load balancers with their listeners.

Listeners (``AWS::ElasticLoadBalancingV2::Listener``, ``aws_lb_listener``) and the WAF web
ACL association (``AWS::WAFv2::WebACLAssociation``, ``aws_wafv2_web_acl_association``) are
separate resources; sources merge them into the ``LoadBalancer`` they configure, so a check
sees the load balancer as its clients do. Redirects configured by listener rules rather
than a listener's default action are not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
IntOrUnresolved: TypeAlias = int | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved

# Listener protocols whose clients speak TLS to the load balancer.
ENCRYPTED_PROTOCOLS = frozenset({"HTTPS", "TLS"})

# The policy AWS gives an HTTPS or TLS listener created through the API, CloudFormation
# or Terraform without SslPolicy (the console picks a newer one). It still allows TLS 1.0.
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"


@dataclass(frozen=True, kw_only=True)
class Listener:
    """One listener: the protocol and port clients connect to.

    ``protocol`` is AWS's upper-case name (``HTTP``, ``HTTPS``, ``TCP``, ``TLS``, ``UDP``,
    ``TCP_UDP``, ``GENEVE``); a listener that omits it on an application load balancer
    gets ``HTTP``, AWS's default there. ``ssl_policy`` is ``None`` when the source names
    none (AWS then applies its default policy for HTTPS and TLS listeners, see
    ``DEFAULT_SSL_POLICY``). ``redirects_to_https`` is true when the default action
    redirects to the HTTPS protocol.
    """

    protocol: StrOrUnresolved | None = None
    port: IntOrUnresolved | None = None
    ssl_policy: StrOrUnresolved | None = None
    redirects_to_https: BoolOrUnresolved = False

    def describe(self) -> str:
        """``HTTP:80`` for messages; an unresolved part shows its expression."""
        return f"{self.protocol}:{self.port}"


@dataclass(frozen=True, kw_only=True)
class LoadBalancer(Resource):
    """An application, network or gateway load balancer.

    Defaults are what AWS applies to a new load balancer:
    - ``load_balancer_type``: ``application``.
    - ``scheme``: ``internet-facing`` (Terraform: ``internal = false``).
    - ``access_logs_enabled``, ``drop_invalid_header_fields``,
      ``deletion_protection_enabled``: off (attributes ``access_logs.s3.enabled``,
      ``routing.http.drop_invalid_header_fields.enabled``, ``deletion_protection.enabled``).
    - ``listeners``: none until listener resources are merged in.
    - ``web_acl_arn``: ``None``, no AWS WAF web ACL associated.
    """

    resource_type = "AWS::ElasticLoadBalancingV2::LoadBalancer"

    name: StrOrUnresolved | None = None
    load_balancer_type: StrOrUnresolved = "application"
    scheme: StrOrUnresolved = "internet-facing"
    access_logs_enabled: BoolOrUnresolved = False
    access_logs_bucket: StrOrUnresolved | None = None
    drop_invalid_header_fields: BoolOrUnresolved = False
    deletion_protection_enabled: BoolOrUnresolved = False
    listeners: tuple[Listener, ...] | Unresolved = ()
    web_acl_arn: StrOrUnresolved | None = None


def listener_with_defaults(
    load_balancer_type: StrOrUnresolved,
    *,
    protocol: StrOrUnresolved | None,
    port: IntOrUnresolved | None,
    ssl_policy: StrOrUnresolved | None,
    redirects_to_https: BoolOrUnresolved,
) -> Listener:
    """A listener of a load balancer of ``load_balancer_type``, with AWS's defaults filled.

    One place for both sources: an absent protocol is ``HTTP`` on an application load
    balancer (unknown while the type is), and an HTTPS or TLS listener without a policy
    gets ``DEFAULT_SSL_POLICY``.
    """
    if protocol is None:
        if isinstance(load_balancer_type, Unresolved):
            protocol = Unresolved(f"listener protocol (default depends on {load_balancer_type})")
        elif load_balancer_type == "application":
            protocol = "HTTP"
    elif isinstance(protocol, str):
        protocol = protocol.upper()
    if ssl_policy is None and isinstance(protocol, str) and protocol in ENCRYPTED_PROTOCOLS:
        ssl_policy = DEFAULT_SSL_POLICY
    return Listener(
        protocol=protocol, port=port, ssl_policy=ssl_policy, redirects_to_https=redirects_to_https
    )
