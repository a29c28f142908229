"""Amazon EKS clusters: API server endpoint access, secrets encryption, control plane logs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

StrOrUnresolved: TypeAlias = str | Unresolved

# Control plane log types EKS can send to CloudWatch Logs.
LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")


@dataclass(frozen=True, kw_only=True)
class Cluster(Resource):
    """An EKS cluster.

    Defaults are what EKS applies to a new cluster:
    - ``endpoint_public_access``: true; ``endpoint_private_access``: false.
    - ``public_access_cidrs``: ``("0.0.0.0/0",)``, the whole internet.
    - ``secrets_kms_key_arn``: ``None``, no envelope encryption of Kubernetes secrets with
      a KMS key the account controls. (Since March 2025 EKS also envelope-encrypts API data
      of clusters on Kubernetes 1.28+ with an AWS owned key; that default gives no key
      policy and no record of use to the account.)
    - ``enabled_log_types``: none; control plane logging is off.
    """

    resource_type = "AWS::EKS::Cluster"

    name: StrOrUnresolved | None = None
    version: StrOrUnresolved | None = None
    endpoint_public_access: bool | Unresolved = True
    endpoint_private_access: bool | Unresolved = False
    public_access_cidrs: tuple[StrOrUnresolved, ...] | Unresolved = ("0.0.0.0/0",)
    secrets_kms_key_arn: StrOrUnresolved | None = None
    enabled_log_types: tuple[StrOrUnresolved, ...] | Unresolved = ()
