"""Lambda functions: paginated ``ListFunctions``, then per function its policy
(``GetPolicy``), its URL (``GetFunctionUrlConfig``) and its reserved concurrency
(``GetFunctionConcurrency``). Lambda has no batch read for any of the three.

The listing gives runtime, package type, tracing, VPC, environment and dead-letter
target. The per-function answers, in the model's terms:

- ``GetPolicy`` ``ResourceNotFoundException``: no permissions, only the owning account's
  IAM principals may invoke. Otherwise each statement AWS wrote for an ``AddPermission``
  becomes a ``Permission``: the principal (``*``, ``{"Service": …}`` or ``{"AWS": …}``;
  AWS writes an account id given as principal as ``arn:aws:iam::<id>:root``, kept as
  written) and the conditions Lambda knows (``AWS:SourceArn``, ``AWS:SourceAccount``,
  ``aws:PrincipalOrgID``, ``lambda:FunctionUrlAuthType``). Other conditions are not
  modelled: a statement narrowed only by them reads as not narrowed, never the reverse.
- ``GetFunctionUrlConfig`` ``ResourceNotFoundException``: no function URL.
- ``GetFunctionConcurrency`` without ``ReservedConcurrentExecutions``: none reserved.

Only the unqualified function (``$LATEST`` and its policy) is read, as the templates
describe it. A denied read leaves its field unresolved, with a gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.awslambda import Function, Permission
from secfound.model.values import Unresolved

_NOT_FOUND = ("ResourceNotFoundException",)
# Condition keys AWS writes for AddPermission parameters -> Permission fields.
_CONDITIONS = {
    "aws:sourcearn": "source_arn",
    "aws:sourceaccount": "source_account",
    "aws:principalorgid": "principal_org_id",
    "lambda:functionurlauthtype": "function_url_auth_type",
}


@collector(
    service="lambda",
    actions=[
        "lambda:ListFunctions",
        "lambda:GetPolicy",
        "lambda:GetFunctionUrlConfig",
        "lambda:GetFunctionConcurrency",
    ],
)
def functions(ctx: LiveContext) -> Iterator[Function]:
    client = ctx.client()
    for page in client.get_paginator("list_functions").paginate():
        for entry in page.get("Functions", []):
            yield _function(ctx, client, entry)


def _function(ctx: LiveContext, client: Any, entry: Mapping[str, Any]) -> Function:
    name = str(entry["FunctionName"])
    return function_from_listing(
        ctx,
        entry,
        permissions=ctx.optional(
            lambda: permissions(client.get_policy(FunctionName=name)["Policy"]),
            action="lambda:GetPolicy",
            absent=_NOT_FOUND,
            default=(),
        ),
        url_auth_type=ctx.optional(
            lambda: str(client.get_function_url_config(FunctionName=name)["AuthType"]),
            action="lambda:GetFunctionUrlConfig",
            absent=_NOT_FOUND,
        ),
        reserved=ctx.optional(
            lambda: _reserved(client.get_function_concurrency(FunctionName=name)),
            action="lambda:GetFunctionConcurrency",
        ),
    )


def function_from_listing(
    ctx: LiveContext,
    entry: Mapping[str, Any],
    *,
    permissions: tuple[Permission, ...] | Unresolved,
    url_auth_type: str | Unresolved | None,
    reserved: int | Unresolved | None,
) -> Function:
    """A ``Function`` from one entry of ``ListFunctions`` and its per-function answers."""
    arn = str(entry["FunctionArn"])
    vpc = entry.get("VpcConfig") or {}
    return Function(
        address=arn,
        location=ctx.location(arn),
        name=str(entry["FunctionName"]),
        package_type=str(entry.get("PackageType") or "Zip"),
        runtime=str(entry["Runtime"]) if entry.get("Runtime") else None,
        tracing_mode=str((entry.get("TracingConfig") or {}).get("Mode") or "PassThrough"),
        vpc_subnet_ids=tuple(str(s) for s in vpc.get("SubnetIds") or ()),
        vpc_security_group_ids=tuple(str(s) for s in vpc.get("SecurityGroupIds") or ()),
        environment_variables=dict((entry.get("Environment") or {}).get("Variables") or {}),
        reserved_concurrent_executions=reserved,
        dead_letter_target_arn=(entry.get("DeadLetterConfig") or {}).get("TargetArn") or None,
        permissions=permissions,
        url_auth_type=url_auth_type,
    )


def _reserved(answer: Mapping[str, Any]) -> int | None:
    value = answer.get("ReservedConcurrentExecutions")
    return int(value) if value is not None else None


def permissions(policy_text: str) -> tuple[Permission, ...] | Unresolved:
    """The function policy's Allow statements as permissions, one per principal and action."""
    import json

    try:
        policy = json.loads(policy_text)
    except ValueError:
        return Unresolved(f"function policy that is not JSON: {policy_text[:60]!r}")
    statements = policy.get("Statement", [])
    found: list[Permission] = []
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement.get("Effect") != "Allow":
            continue
        conditions = _conditions(statement.get("Condition") or {})
        for action in _values(statement.get("Action")):
            for principal in _principals(statement.get("Principal")):
                found.append(Permission(action=action, principal=principal, **conditions))
    return tuple(found)


def _principals(principal: Any) -> list[str]:
    """``"*"``, ``{"AWS": …}``, ``{"Service": …}`` -> the principals, in order."""
    if isinstance(principal, Mapping):
        return [value for kind in principal.values() for value in _values(kind)]
    return _values(principal)


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _conditions(condition: Mapping[str, Any]) -> dict[str, str | Unresolved]:
    """The conditions a Permission holds, from every operator block that names them."""
    fields: dict[str, str | Unresolved] = {}
    for block in condition.values():
        if not isinstance(block, Mapping):
            continue
        for key, value in block.items():
            field = _CONDITIONS.get(str(key).lower())
            if field is None:
                continue
            values = _values(value)
            fields[field] = (
                values[0] if len(values) == 1 else Unresolved(f"{key} with values {values}")
            )
    return fields
