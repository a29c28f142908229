"""Redshift clusters from Terraform, with ``aws_redshift_logging`` joined in.

Absent ``encrypted`` and ``publicly_accessible`` keep the model's defaults (encrypted, not
public): what AWS applies today, and what AWS provider v6 sends. Provider v5 sent the old
defaults (unencrypted, public); a configuration pinned to v5 should say both explicitly.
The v5 inline ``logging`` block is read too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.redshift import Cluster
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def cluster_from_terraform(resource: TerraformResource) -> Cluster:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    fields["name"] = as_str(args.get("cluster_identifier"), where)
    set_if(fields, "encrypted", as_bool(args.get("encrypted"), f"{where}.encrypted"))
    set_if(fields, "kms_key_id", as_str(args.get("kms_key_id"), f"{where}.kms_key_id"))
    set_if(fields, "publicly_accessible", as_bool(args.get("publicly_accessible"), where))
    logging = first_block(args.get("logging"))
    if isinstance(logging, Unresolved):
        fields["logging_enabled"] = logging
    elif logging is not None:
        enabled = as_bool(logging.get("enable"), f"{where}.logging.enable")
        fields["logging_enabled"] = False if enabled is None else enabled
        if enabled is not False:
            fields["logging_destination"] = _destination(logging, where)
    return Cluster(**fields)


def _destination(arguments: Mapping[str, Any], where: str) -> str | Unresolved:
    destination = as_str(arguments.get("log_destination_type"), where)
    return "s3" if destination is None else destination


def _logging(_: Cluster, source: TerraformResource) -> Mapping[str, Any]:
    return {
        "logging_enabled": True,
        "logging_destination": _destination(source.arguments, source.address),
    }


def joins() -> tuple[JoinSpec, ...]:
    keys = ("cluster_identifier",)
    return (
        JoinSpec(
            "aws_redshift_logging", "aws_redshift_cluster", "cluster_identifier", keys, _logging
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_redshift_cluster": cluster_from_terraform}
