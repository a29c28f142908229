"""The Well-Architected Tool client, and its errors as one line each.

The client is made the way live collection makes every client (``collect.live.session``):
the standard credential chain or ``--profile``, adaptive retries (a throttled call is
retried with back-off before it becomes an error), ``--endpoint-url``. The Tool keeps
workloads per region, so a region is required; it comes from ``--region``, else from
the profile or ``AWS_REGION``.

Every call goes through ``call``, which turns the Tool's refusals into an
``IntegrationError`` that says what to do (the IAM actions to grant, the region to check)
rather than a traceback; the command line prints it on one line and exits 2.
"""

from __future__ import annotations

from typing import Any

from secfound.collect.live.session import AccessSettings, AccountAccess
from secfound.errors import ConfigError, CredentialsError, IntegrationError

__all__ = ["REQUIRED_ACTIONS", "call", "open_client"]

# What ``wa answer`` calls; ``assess`` never needs these (DESIGN.md, principle 4).
REQUIRED_ACTIONS = (
    "wellarchitected:GetAnswer",
    "wellarchitected:UpdateAnswer",
    "wellarchitected:CreateMilestone",
)

_DENIED = {"AccessDeniedException", "AccessDenied", "UnauthorizedOperation"}
_THROTTLED = {"ThrottlingException", "Throttling", "TooManyRequestsException"}


def open_client(settings: AccessSettings, region: str | None) -> Any:
    """A ``wellarchitected`` client for ``region`` (or the profile's region)."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        session = boto3.Session(profile_name=settings.profile, region_name=region)
    except ProfileNotFound as exc:
        raise CredentialsError(f"{exc}; 'aws configure list-profiles' lists them") from None
    chosen = region or session.region_name
    if not chosen:
        raise ConfigError(
            "no region: the Well-Architected Tool keeps workloads per region; "
            "give --region or set AWS_REGION"
        )
    if session.get_credentials() is None:
        raise CredentialsError(
            "no AWS credentials found: set AWS_PROFILE or --profile, run 'aws sso login', "
            "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    return AccountAccess(session, settings, account_id="").client("wellarchitected", chosen)


def call(client: Any, method: str, **params: Any) -> dict[str, Any]:
    """``client.<method>(**params)``; a refusal becomes a ``SecfoundError`` with advice."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    operation = _operation(client, method)
    try:
        answer: dict[str, Any] = getattr(client, method)(**params)
    except ClientError as exc:
        raise _client_error(exc, operation, params, _region(client)) from None
    except NoCredentialsError as exc:
        raise CredentialsError(f"wellarchitected:{operation}: {exc}") from None
    except BotoCoreError as exc:
        raise IntegrationError(f"wellarchitected:{operation} failed: {exc}") from None
    return answer


def _operation(client: Any, method: str) -> str:
    mapping = getattr(getattr(client, "meta", None), "method_to_api_mapping", None) or {}
    name = mapping.get(method)
    return str(name) if name else "".join(part.title() for part in method.split("_"))


def _region(client: Any) -> str:
    return str(getattr(getattr(client, "meta", None), "region_name", None) or "?")


def _client_error(
    exc: Any, operation: str, params: dict[str, Any], region: str
) -> IntegrationError:
    response = getattr(exc, "response", {}) or {}
    error = response.get("Error", {})
    code = str(error.get("Code", "")) or "error"
    message = str(error.get("Message", "")).strip() or str(exc)
    action = f"wellarchitected:{operation}"
    if code in _DENIED:
        return IntegrationError(
            f"access denied to {action} in {region}: {message}; "
            f"'secfound wa answer' needs {', '.join(REQUIRED_ACTIONS)}"
        )
    if code == "ResourceNotFoundException":
        kind = str(response.get("ResourceType") or error.get("ResourceType") or "").lower()
        workload = params.get("WorkloadId", "?")
        if kind and kind != "workload":
            where = f"{kind} not found for workload {workload} in {region}"
        else:
            where = f"workload {workload} not found in {region} (workloads are per region)"
        return IntegrationError(f"{action}: {where}: {message}; check --region and --workload-id")
    if code in _THROTTLED:
        return IntegrationError(
            f"{action} was throttled in {region} beyond the retries: {message}; try again later"
        )
    if code == "ConflictException":
        return IntegrationError(
            f"{action}: {message} (the answer changed meanwhile; run the command again)"
        )
    if code == "ValidationException":
        return IntegrationError(f"{action} was rejected: {message}")
    return IntegrationError(f"{action} failed in {region}: {code}: {message}")
