"""Listener questions shared by the load balancer checks in this folder.

Listener protocols and policies are compared with ``known()`` first: set membership on an
unresolved value would answer False by hash instead of refusing.
"""

from __future__ import annotations

from secfound.model.aws.elbv2 import ENCRYPTED_PROTOCOLS, Listener
from secfound.model.values import known

# Policies whose protocols are TLS 1.2 and newer only (AWS's predefined ELB policies).
TLS12_OR_NEWER_POLICIES = frozenset(
    {
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS-1-2-2017-01",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "ELBSecurityPolicy-FS-1-2-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    }
)


def is_encrypted(listener: Listener) -> bool:
    """True for HTTPS and TLS listeners; raises when the protocol is unresolved."""
    protocol = listener.protocol
    return protocol is not None and known(protocol, "listener protocol") in ENCRYPTED_PROTOCOLS


def has_weak_policy(listener: Listener) -> bool:
    """True for an HTTPS or TLS listener whose policy allows protocols older than TLS 1.2."""
    if not is_encrypted(listener):
        return False
    policy = listener.ssl_policy
    return policy is None or known(policy, "SSL policy") not in TLS12_OR_NEWER_POLICIES
