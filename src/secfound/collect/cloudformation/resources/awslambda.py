"""``AWS::Lambda::Function`` to ``Function``; permissions and function URLs are merged in.

``AWS::Lambda::Permission`` names its function by ``FunctionName`` (a name, an ARN or a
reference); ``AWS::Lambda::Url`` by ``TargetFunctionArn``. (The module is not named
``lambda``: that is a Python keyword.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_int,
    to_str,
    to_str_tuple,
)
from secfound.model.aws.awslambda import Function, Permission
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join
    from secfound.collect.cloudformation.resources import Normalizer


def environment_variables(value: Any) -> Mapping[str, Any] | Unresolved:
    """``Environment.Variables`` as a mapping (values may be unresolved)."""
    variables = dig(value, "Variables")
    if variables is MISSING:
        return {}
    if isinstance(variables, Unresolved):
        return variables
    if not isinstance(variables, Mapping):
        return Unresolved("Environment.Variables: expected a mapping")
    return {str(k): v for k, v in variables.items()}


def function_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Function:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "name", properties, "FunctionName", to_str)
    set_if_present(fields, "package_type", properties, "PackageType", to_str)
    set_if_present(fields, "runtime", properties, "Runtime", to_str)
    mode = dig(properties, "TracingConfig", "Mode")
    if mode is not MISSING:
        fields["tracing_mode"] = to_str(mode, "TracingConfig.Mode")
    for key, field in (
        ("SubnetIds", "vpc_subnet_ids"),
        ("SecurityGroupIds", "vpc_security_group_ids"),
    ):
        found = dig(properties, "VpcConfig", key)
        if found is not MISSING:
            fields[field] = to_str_tuple(found, f"VpcConfig.{key}")
    if "Environment" in properties:
        fields["environment_variables"] = environment_variables(properties["Environment"])
    set_if_present(
        fields,
        "reserved_concurrent_executions",
        properties,
        "ReservedConcurrentExecutions",
        to_int,
    )
    target = dig(properties, "DeadLetterConfig", "TargetArn")
    if target is not MISSING:
        fields["dead_letter_target_arn"] = to_str(target, "DeadLetterConfig.TargetArn")
    return Function(**fields)


def permission_from_properties(properties: Mapping[str, Any]) -> Permission:
    """The ``Permission`` an ``AWS::Lambda::Permission`` declares."""
    fields: dict[str, Any] = {
        "principal": to_str(properties.get("Principal", MISSING), "Principal"),
    }
    set_if_present(fields, "action", properties, "Action", to_str)
    set_if_present(fields, "source_arn", properties, "SourceArn", to_str)
    set_if_present(fields, "source_account", properties, "SourceAccount", to_str)
    set_if_present(fields, "principal_org_id", properties, "PrincipalOrgID", to_str)
    set_if_present(fields, "function_url_auth_type", properties, "FunctionUrlAuthType", to_str)
    return Permission(**fields)


def with_permission(function: Function, properties: Mapping[str, Any]) -> Function:
    """The function with one more grant in its resource-based policy."""
    if isinstance(function.permissions, Unresolved):
        return function
    added = permission_from_properties(properties)
    return dataclasses.replace(function, permissions=(*function.permissions, added))


def with_url(function: Function, properties: Mapping[str, Any]) -> Function:
    """The function with the URL an ``AWS::Lambda::Url`` gives it."""
    auth = to_str(properties.get("AuthType", MISSING), "AuthType")
    return dataclasses.replace(function, url_auth_type=auth)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {"AWS::Lambda::Function": function_from_cfn}


def joins() -> tuple[Join, ...]:
    """The configuring resources this module merges into their targets."""
    from secfound.collect.cloudformation.joins import Join

    return (
        Join(
            "AWS::Lambda::Permission", "AWS::Lambda::Function", ("FunctionName",), with_permission
        ),
        Join("AWS::Lambda::Url", "AWS::Lambda::Function", ("TargetFunctionArn",), with_url),
    )
