"""Faults are data: a failed AWS call becomes a coverage gap that says what and why.

AccessDenied, a region that is not opted in, a service absent in a region, throttling
that outlasted the retries, an endpoint that did not answer: each is recorded with its
error code for the service and region it hit, and the run goes on.
"""

from __future__ import annotations

# Codes that mean "the caller may not": reported as such so a reader can fix the policy.
DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "AuthFailure",
    }
)
# Codes that mean the region or service is not available to this account.
UNAVAILABLE = frozenset({"OptInRequired", "SubscriptionRequiredException", "InvalidClientTokenId"})


def error_code(exc: BaseException) -> str | None:
    """The AWS error code of a botocore failure; None for anything else (a bug)."""
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "ClientError")
    if isinstance(exc, BotoCoreError):
        return type(exc).__name__
    return None


def fault_reason(exc: BaseException, action: str) -> str:
    """``<action>: <code>: <message>``, in one line."""
    from botocore.exceptions import ClientError

    code = error_code(exc) or type(exc).__name__
    if isinstance(exc, ClientError):
        message = str(exc.response.get("Error", {}).get("Message") or "").strip()
    else:
        message = str(exc).strip()
    if code in DENIED:
        message = message or "the credentials may not call it"
    text = f"{action}: {code}"
    if message:
        text += f": {message.splitlines()[0]}"
    return text
