"""KMS keys from Terraform (``aws_kms_key``)."""

from __future__ import annotations

from collections.abc import Callable

from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_int,
    as_str,
    identity,
    policy,
    set_if,
)
from secfound.model.aws.kms import Key
from secfound.model.resource import Resource


def key_from_terraform(resource: TerraformResource) -> Key:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["description"] = as_str(args.get("description"), f"{where}.description")
    spec = args.get("customer_master_key_spec")
    if spec is None:
        spec = args.get("key_spec")
    set_if(fields, "key_spec", as_str(spec, f"{where}.customer_master_key_spec"))
    set_if(fields, "key_usage", as_str(args.get("key_usage"), f"{where}.key_usage"))
    set_if(fields, "enabled", as_bool(args.get("is_enabled"), f"{where}.is_enabled"))
    set_if(
        fields,
        "rotation_enabled",
        as_bool(args.get("enable_key_rotation"), f"{where}.enable_key_rotation"),
    )
    set_if(
        fields,
        "deletion_window_days",
        as_int(args.get("deletion_window_in_days"), f"{where}.deletion_window_in_days"),
    )
    set_if(fields, "multi_region", as_bool(args.get("multi_region"), f"{where}.multi_region"))
    fields["policy"] = policy(args.get("policy"))
    return Key(**fields)


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_kms_key": key_from_terraform,
    }
