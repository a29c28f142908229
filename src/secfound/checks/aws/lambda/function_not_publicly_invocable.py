"""Lambda function policy lets no unknown caller invoke the function

Each Lambda permission adds a statement to the function's resource-based policy. One for
principal "*" lets any AWS account (for a function URL with auth type NONE, anyone on the
internet) invoke the function, unless it is narrowed by a source account, an organization,
or a source ARN that names an account. A permission for a service principal
(sns.amazonaws.com, events.amazonaws.com...) without such a condition lets that service
invoke the function on behalf of any customer's resource: the confused deputy. S3 bucket
ARNs carry no account, so for s3.amazonaws.com only aws:SourceAccount (or an organization)
narrows. The lambda:FunctionUrlAuthType condition does not narrow who calls.

Remediation:
    CloudFormation: on each AWS::Lambda::Permission, name an account or role as Principal,
    or add SourceAccount (and SourceArn) or PrincipalOrgID.
    Terraform: the same with principal, source_account, source_arn or principal_org_id on
    aws_lambda_permission.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.awslambda import Function, Permission, is_service_principal
from secfound.model.values import Unresolved, definitely_matching, matches_literal

S3_SERVICE = "s3.amazonaws.com"


@check(severity=Severity.CRITICAL, objectives=["workloads-invocable-only-by-trusted-callers"])
def function_not_publicly_invocable(function: Function) -> Verdict:
    if isinstance(function.permissions, Unresolved):
        function.permissions._refuse("permission list")
    if not function.permissions:
        return passed("no permission grants invocation beyond the owning account")
    reasons: list[str] = []

    def is_open(permission: Permission) -> bool:
        reason = _why_open(permission)
        if reason is not None:
            reasons.append(reason)
        return reason is not None

    if definitely_matching(function.permissions, is_open):
        return failed("; ".join(reasons))
    return passed("every permission names a trusted principal or is narrowed by a condition")


def _why_open(permission: Permission) -> str | None:
    """Why this permission admits unknown callers, or None when it does not."""
    principal = permission.principal
    if matches_literal(principal, "*"):
        if _narrowed_by_account(permission) or _pins_account(permission.source_arn):
            return None
        return "a permission lets any principal (*) invoke it without a narrowing condition"
    if not _is_service(principal):
        return None  # an account id or an IAM ARN: a named principal
    if _narrowed_by_account(permission):
        return None
    if not matches_literal(principal, S3_SERVICE) and _pins_account(permission.source_arn):
        return None
    return (
        f"a permission lets {principal} invoke it for any account's resources "
        "(no source account or organization condition)"
    )


def _given(value: str | Unresolved | None) -> bool:
    """True when a condition value is set and is not the wildcard ``*``."""
    return value is not None and not matches_literal(value, "*")


def _narrowed_by_account(permission: Permission) -> bool:
    return _given(permission.source_account) or _given(permission.principal_org_id)


def _pins_account(arn: str | Unresolved | None) -> bool:
    """True when a source ARN names one account (its fifth field is set, without wildcards)."""
    if arn is None:
        return False
    if isinstance(arn, Unresolved):
        if arn.template is None:
            if arn.identifier:
                return True  # the ARN of a resource the template declares: this account
            arn._refuse("source ARN account")
        text = arn.template
    else:
        text = arn
    fields = text.split(":", 5)
    return len(fields) > 4 and bool(fields[4]) and "*" not in fields[4]


def _is_service(principal: str | Unresolved) -> bool:
    """True for a service principal; an unresolved one is judged by its known text."""
    if isinstance(principal, Unresolved):
        if principal.template is None:
            if principal.identifier:
                return False  # the ARN or id of a declared resource
            principal._refuse("principal kind")
        return is_service_principal(principal.template)
    return is_service_principal(principal)
