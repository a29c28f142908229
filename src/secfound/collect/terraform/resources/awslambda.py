"""Lambda functions from Terraform: ``aws_lambda_function``, with permissions and URL joined in.

``aws_lambda_permission`` and ``aws_lambda_function_url`` name their function by
``function_name`` (a name, an ARN or a reference). ``reserved_concurrent_executions = -1``
is Terraform's way of saying "no reservation". (The module is not named ``lambda``: that
is a Python keyword.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_int,
    as_str,
    as_str_tuple,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.awslambda import Function, Permission
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


def function_from_terraform(resource: TerraformResource) -> Function:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "name", as_str(args.get("function_name"), f"{where}.function_name"))
    set_if(fields, "package_type", as_str(args.get("package_type"), f"{where}.package_type"))
    set_if(fields, "runtime", as_str(args.get("runtime"), f"{where}.runtime"))
    tracing = first_block(args.get("tracing_config"))
    if isinstance(tracing, Unresolved):
        fields["tracing_mode"] = tracing
    elif tracing is not None:
        set_if(fields, "tracing_mode", as_str(tracing.get("mode"), f"{where}.tracing_config"))
    vpc = first_block(args.get("vpc_config"))
    if isinstance(vpc, Unresolved):
        fields["vpc_subnet_ids"] = vpc
        fields["vpc_security_group_ids"] = vpc
    elif vpc is not None:
        for argument, field in (
            ("subnet_ids", "vpc_subnet_ids"),
            ("security_group_ids", "vpc_security_group_ids"),
        ):
            set_if(fields, field, as_str_tuple(vpc.get(argument), f"{where}.vpc_config"))
    environment = first_block(args.get("environment"))
    if isinstance(environment, Unresolved):
        fields["environment_variables"] = environment
    elif environment is not None:
        fields["environment_variables"] = _variables(environment.get("variables"), where)
    reserved = as_int(args.get("reserved_concurrent_executions"), where)
    if reserved is not None and not (isinstance(reserved, int) and reserved == -1):
        fields["reserved_concurrent_executions"] = reserved
    dead_letter = first_block(args.get("dead_letter_config"))
    if isinstance(dead_letter, Unresolved):
        fields["dead_letter_target_arn"] = dead_letter
    elif dead_letter is not None:
        fields["dead_letter_target_arn"] = as_str(dead_letter.get("target_arn"), where)
    return Function(**fields)


def _variables(value: Any, where: str) -> Mapping[str, Any] | Unresolved:
    if value is None:
        return {}
    if isinstance(value, Unresolved):
        return value
    if not isinstance(value, Mapping):
        return Unresolved(f"{where}.environment.variables (a map expected)")
    return {str(k): v for k, v in value.items()}


def permission_from_terraform(source: TerraformResource) -> Permission:
    """The ``Permission`` an ``aws_lambda_permission`` declares."""
    args = source.arguments
    where = source.address
    principal = as_str(args.get("principal"), f"{where}.principal")
    fields: dict[str, Any] = {
        "principal": principal
        if principal is not None
        else Unresolved(f"{where} without principal"),
    }
    for argument, field in (
        ("action", "action"),
        ("source_arn", "source_arn"),
        ("source_account", "source_account"),
        ("principal_org_id", "principal_org_id"),
        ("function_url_auth_type", "function_url_auth_type"),
    ):
        set_if(fields, field, as_str(args.get(argument), f"{where}.{argument}"))
    return Permission(**fields)


def _permission(function: Function, source: TerraformResource) -> Mapping[str, Any]:
    if isinstance(function.permissions, Unresolved):
        return {}
    return {"permissions": (*function.permissions, permission_from_terraform(source))}


def _url(_: Function, source: TerraformResource) -> Mapping[str, Any]:
    auth = as_str(source.arguments.get("authorization_type"), source.address)
    return {"url_auth_type": auth if auth is not None else Unresolved(source.address)}


def joins() -> tuple[JoinSpec, ...]:
    keys = ("function_name",)
    return (
        JoinSpec(
            "aws_lambda_permission", "aws_lambda_function", "function_name", keys, _permission
        ),
        JoinSpec("aws_lambda_function_url", "aws_lambda_function", "function_name", keys, _url),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {"aws_lambda_function": function_from_terraform}
