"""OpenSearch and legacy Elasticsearch domains from Terraform, with their domain policies
joined in.

A ``domain_endpoint_options`` block without ``enforce_https`` enforces HTTPS: the
provider's default for that argument is ``true``. Without the block nothing is sent and
AWS's default (not enforced) applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    as_str_tuple,
    first_block,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.opensearch import Domain
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

# block -> ((argument, model field, conversion), ...)
_BLOCKS: dict[str, tuple[tuple[str, str, Any], ...]] = {
    "encrypt_at_rest": (
        ("enabled", "encryption_at_rest_enabled", as_bool),
        ("kms_key_id", "kms_key_id", as_str),
    ),
    "node_to_node_encryption": (("enabled", "node_to_node_encryption_enabled", as_bool),),
    "domain_endpoint_options": (
        ("enforce_https", "enforce_https", as_bool),
        ("tls_security_policy", "tls_security_policy", as_str),
    ),
}


def domain_from_terraform(resource: TerraformResource) -> Domain:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("domain_name"), f"{where}.domain_name")
    version = args.get("engine_version", args.get("elasticsearch_version"))
    fields["engine_version"] = as_str(version, f"{where}.engine_version")
    for name, arguments in _BLOCKS.items():
        block = first_block(args.get(name))
        if isinstance(block, Unresolved):
            fields[arguments[0][1]] = block
            continue
        if block is None:
            continue
        if name == "domain_endpoint_options":
            fields["enforce_https"] = True
        for argument, field, convert in arguments:
            set_if(fields, field, convert(block.get(argument), f"{where}.{name}.{argument}"))
    vpc = first_block(args.get("vpc_options"))
    if isinstance(vpc, Unresolved):
        fields["vpc_subnet_ids"] = vpc
    elif vpc is not None:
        subnets = as_str_tuple(vpc.get("subnet_ids"), f"{where}.vpc_options.subnet_ids")
        fields["vpc_subnet_ids"] = () if subnets is None else subnets
    set_if(fields, "access_policy", policy(args.get("access_policies")))
    return Domain(**fields)


def _domain_policy(_: Domain, source: TerraformResource) -> Mapping[str, Any]:
    return {"access_policy": policy(source.arguments.get("access_policies"))}


def joins() -> tuple[JoinSpec, ...]:
    keys = ("domain_name",)
    return (
        JoinSpec(
            "aws_opensearch_domain_policy",
            "aws_opensearch_domain",
            "domain_name",
            keys,
            _domain_policy,
        ),
        JoinSpec(
            "aws_elasticsearch_domain_policy",
            "aws_elasticsearch_domain",
            "domain_name",
            keys,
            _domain_policy,
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_opensearch_domain": domain_from_terraform,
        "aws_elasticsearch_domain": domain_from_terraform,
    }
