"""EKS clusters from Terraform: ``aws_eks_cluster``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    as_str_tuple,
    blocks,
    dig,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.eks import Cluster
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def secrets_key(value: Any, where: str) -> str | Unresolved | None:
    """The KMS key of the ``encryption_config`` that covers ``secrets``, if any."""
    configs = blocks(value)
    if isinstance(configs, Unresolved):
        return configs
    for config in configs:
        resources = as_str_tuple(config.get("resources"), f"{where}.resources")
        if isinstance(resources, Unresolved):
            return resources
        if any(isinstance(r, Unresolved) for r in resources or ()):
            return Unresolved(f"{where}.resources: unresolved")
        if resources and "secrets" in resources:
            key = as_str(dig(config.get("provider"), "key_arn"), f"{where}.provider.key_arn")
            return Unresolved(f"{where} without key_arn") if key is None else key
    return None


def _vpc(fields: dict[str, Any], vpc: Mapping[str, Any] | Unresolved | None, where: str) -> None:
    if vpc is None:
        return
    if isinstance(vpc, Unresolved):
        fields["endpoint_public_access"] = vpc
        fields["public_access_cidrs"] = vpc
        return
    set_if(fields, "endpoint_public_access", as_bool(vpc.get("endpoint_public_access"), where))
    set_if(fields, "endpoint_private_access", as_bool(vpc.get("endpoint_private_access"), where))
    cidrs = as_str_tuple(vpc.get("public_access_cidrs"), f"{where}.public_access_cidrs")
    set_if(fields, "public_access_cidrs", cidrs)


def cluster_from_terraform(resource: TerraformResource) -> Cluster:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("name"), f"{where}.name")
    fields["version"] = as_str(args.get("version"), f"{where}.version")
    _vpc(fields, first_block(args.get("vpc_config")), f"{where}.vpc_config")
    fields["secrets_kms_key_arn"] = secrets_key(
        args.get("encryption_config"), f"{where}.encryption_config"
    )
    types = as_str_tuple(
        args.get("enabled_cluster_log_types"), f"{where}.enabled_cluster_log_types"
    )
    set_if(fields, "enabled_log_types", types)
    return Cluster(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_eks_cluster": cluster_from_terraform}
