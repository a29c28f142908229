"""``AWS::EKS::Cluster`` to ``Cluster``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.eks import Cluster
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer


def secrets_key(configs: Any) -> str | Unresolved | None:
    """The KMS key of the encryption configuration that covers ``secrets``, if any."""
    if isinstance(configs, Unresolved):
        return configs
    for config in configs if isinstance(configs, list) else [configs]:
        resources = to_str_tuple(dig(config, "Resources"), "Resources")
        if isinstance(resources, Unresolved):
            return resources
        if any(isinstance(r, Unresolved) for r in resources):
            return Unresolved("EncryptionConfig.Resources: unresolved")
        if "secrets" in resources:
            key = dig(config, "Provider", "KeyArn")
            return (
                Unresolved("EncryptionConfig without KeyArn")
                if key is MISSING
                else to_str(key, "KeyArn")
            )
    return None


def _log_types(logging: Any) -> tuple[str | Unresolved, ...] | Unresolved:
    types = dig(logging, "ClusterLogging", "EnabledTypes")
    if types is MISSING:
        return ()
    if isinstance(types, Unresolved):
        return types
    out: list[str | Unresolved] = []
    for item in types if isinstance(types, list) else [types]:
        kind = dig(item, "Type")
        out.append(
            Unresolved("EnabledTypes item without Type")
            if kind is MISSING
            else to_str(kind, "Type")
        )
    return tuple(out)


def cluster_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Cluster:
    """A ``Cluster`` from the resolved properties of an ``AWS::EKS::Cluster``."""
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "Name", to_str)
    set_if_present(fields, "version", properties, "Version", to_str)
    vpc = properties.get("ResourcesVpcConfig", {})
    if isinstance(vpc, Unresolved):
        fields["endpoint_public_access"] = vpc
        fields["public_access_cidrs"] = vpc
    elif isinstance(vpc, Mapping):
        set_if_present(fields, "endpoint_public_access", vpc, "EndpointPublicAccess", to_bool)
        set_if_present(fields, "endpoint_private_access", vpc, "EndpointPrivateAccess", to_bool)
        set_if_present(fields, "public_access_cidrs", vpc, "PublicAccessCidrs", to_str_tuple)
    if "EncryptionConfig" in properties:
        fields["secrets_kms_key_arn"] = secrets_key(properties["EncryptionConfig"])
    if "Logging" in properties:
        fields["enabled_log_types"] = _log_types(properties["Logging"])
    return Cluster(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::EKS::Cluster": cluster_from_cfn}
