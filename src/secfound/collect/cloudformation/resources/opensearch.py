"""OpenSearch and legacy Elasticsearch domains to ``Domain``.

``AWS::Elasticsearch::Domain`` spells the version ``ElasticsearchVersion`` and otherwise
shares the properties secfound reads with ``AWS::OpenSearchService::Domain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_policy,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.opensearch import Domain
from secfound.model.location import FileLocation

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer

# (property path, model field, conversion)
_NESTED: tuple[tuple[tuple[str, str], str, Any], ...] = (
    (("EncryptionAtRestOptions", "Enabled"), "encryption_at_rest_enabled", to_bool),
    (("EncryptionAtRestOptions", "KmsKeyId"), "kms_key_id", to_str),
    (("NodeToNodeEncryptionOptions", "Enabled"), "node_to_node_encryption_enabled", to_bool),
    (("DomainEndpointOptions", "EnforceHTTPS"), "enforce_https", to_bool),
    (("DomainEndpointOptions", "TLSSecurityPolicy"), "tls_security_policy", to_str),
)


def domain_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Domain:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "DomainName", to_str)
    set_if_present(fields, "engine_version", properties, "EngineVersion", to_str)
    set_if_present(fields, "engine_version", properties, "ElasticsearchVersion", to_str)
    for path, field, convert in _NESTED:
        value = dig(properties, *path)
        if value is not MISSING:
            fields[field] = convert(value, path[-1])
    if "VPCOptions" in properties:
        subnets = dig(properties, "VPCOptions", "SubnetIds")
        fields["vpc_subnet_ids"] = () if subnets is MISSING else to_str_tuple(subnets, "SubnetIds")
    if "AccessPolicies" in properties:
        fields["access_policy"] = to_policy(properties["AccessPolicies"])
    return Domain(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::OpenSearchService::Domain": domain_from_cfn,
        "AWS::Elasticsearch::Domain": domain_from_cfn,
    }
