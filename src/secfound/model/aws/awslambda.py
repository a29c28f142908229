"""AWS Lambda functions, with the permissions and the function URL that configure them.

The module is not named ``lambda`` because that is a Python keyword. A function's
resource-based policy is the sum of its permissions (``AWS::Lambda::Permission``,
``aws_lambda_permission``): each is one statement, kept here in the source's own terms
(principal, source ARN, source account, organization) and also readable as a
``PolicyDocument`` so the shared policy questions apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

StrOrUnresolved = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class Permission:
    """One grant of a function's resource-based policy.

    ``principal`` is ``*``, an account id or ARN, or a service principal
    (``s3.amazonaws.com``). The other fields become conditions of the statement AWS writes:
    ``source_arn`` (aws:SourceArn), ``source_account`` (aws:SourceAccount),
    ``principal_org_id`` (aws:PrincipalOrgID), ``function_url_auth_type``
    (lambda:FunctionUrlAuthType, for ``lambda:InvokeFunctionUrl`` grants).
    """

    action: StrOrUnresolved = "lambda:InvokeFunction"
    principal: StrOrUnresolved
    source_arn: StrOrUnresolved | None = None
    source_account: StrOrUnresolved | None = None
    principal_org_id: StrOrUnresolved | None = None
    function_url_auth_type: StrOrUnresolved | None = None

    def statement_json(self) -> dict[str, Any]:
        """The statement AWS adds to the function policy for this permission."""
        principal = self.principal
        if isinstance(principal, str) and principal != "*":
            kind = "Service" if is_service_principal(principal) else "AWS"
            principal_json: Any = {kind: principal}
        else:
            principal_json = principal
        conditions: dict[str, dict[str, Any]] = {}
        if self.source_arn is not None:
            conditions.setdefault("ArnLike", {})["AWS:SourceArn"] = self.source_arn
        for key, value in (
            ("AWS:SourceAccount", self.source_account),
            ("aws:PrincipalOrgID", self.principal_org_id),
            ("lambda:FunctionUrlAuthType", self.function_url_auth_type),
        ):
            if value is not None:
                conditions.setdefault("StringEquals", {})[key] = value
        statement: dict[str, Any] = {
            "Effect": "Allow",
            "Principal": principal_json,
            "Action": self.action,
            "Resource": "*",
        }
        if conditions:
            statement["Condition"] = conditions
        return statement


def is_service_principal(principal: str) -> bool:
    """Service principals are DNS-like names (``sns.amazonaws.com``), never ids or ARNs."""
    return "." in principal and not principal.startswith("arn:")


@dataclass(frozen=True, kw_only=True)
class Function(Resource):
    """A Lambda function.

    Defaults are AWS's for a new function: ``package_type`` ``Zip``; ``runtime`` none only
    for container images (a .zip function must name one); X-Ray ``tracing_mode``
    ``PassThrough`` (not sampled by Lambda itself); not attached to a VPC (no subnets, no
    security groups); no environment variables; no reserved concurrency (``None``: the
    function draws on the account's unreserved pool); no dead-letter target; no
    permissions, so only the owning account's IAM principals can invoke it; no function
    URL (``url_auth_type`` none; ``AWS_IAM`` or ``NONE`` once a URL is declared).
    ``environment_variables`` keeps names and values for checks that look for secrets.
    """

    resource_type = "AWS::Lambda::Function"

    name: StrOrUnresolved | None = None
    package_type: StrOrUnresolved = "Zip"
    runtime: StrOrUnresolved | None = None
    tracing_mode: StrOrUnresolved = "PassThrough"
    vpc_subnet_ids: tuple[StrOrUnresolved, ...] | Unresolved = ()
    vpc_security_group_ids: tuple[StrOrUnresolved, ...] | Unresolved = ()
    environment_variables: Mapping[str, Any] | Unresolved = field(default_factory=dict)
    reserved_concurrent_executions: int | Unresolved | None = None
    dead_letter_target_arn: StrOrUnresolved | None = None
    permissions: tuple[Permission, ...] | Unresolved = ()
    url_auth_type: StrOrUnresolved | None = None

    def policy(self) -> PolicyDocument | Unresolved:
        """The function's resource-based policy, built from its permissions."""
        if isinstance(self.permissions, Unresolved):
            return self.permissions
        return parse_policy(
            {
                "Version": "2012-10-17",
                "Statement": [p.statement_json() for p in self.permissions],
            }
        )
