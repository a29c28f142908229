"""Probes of the detection services: GuardDuty, Security Hub, Inspector, Macie, Detective,
IAM Access Analyzer, Security Lake and Audit Manager.

Each answers with the call the service documents for "am I on?" (see
docs/services.md for the table); "delegated" when the service names an administrator
account other than this one (an organization member managed centrally).
"""

from __future__ import annotations

from typing import Any

from secfound.collect.live.collector import LiveContext
from secfound.collect.live.services.inventory_base import (
    OFF,
    Observation,
    arn_account,
    items,
    on,
)
from secfound.model.values import Unresolved


def guardduty(ctx: LiveContext) -> Observation:
    """A detector with ``Status`` ENABLED; its protection plans are the enabled features."""
    client = ctx.client()
    ids = ctx.optional(
        lambda: items(client, "list_detectors", "DetectorIds"), action="guardduty:ListDetectors"
    )
    if isinstance(ids, Unresolved):
        return Observation(ids)
    if not ids:
        return OFF
    detector_id = ids[0]
    detector = ctx.optional(
        lambda: client.get_detector(DetectorId=detector_id), action="guardduty:GetDetector"
    )
    if isinstance(detector, Unresolved):
        return Observation(detector)
    if str(detector.get("Status", "")).upper() != "ENABLED":
        return Observation("off", ("detector suspended",))
    plans = [
        f["Name"]
        for f in detector.get("Features", [])
        if str(f.get("Status", "")).upper() == "ENABLED" and "Name" in f
    ]
    administrator = ctx.optional(
        lambda: (
            client.get_administrator_account(DetectorId=detector_id)
            .get("Administrator", {})
            .get("AccountId")
        ),
        action="guardduty:GetAdministratorAccount",
    )
    return on(ctx, plans, administrator)


def securityhub(ctx: LiveContext) -> Observation:
    """``DescribeHub`` answers when subscribed (``InvalidAccessException`` when not); the
    detail is the enabled standards, by their ARN's name and version."""
    client = ctx.client()
    hub = ctx.optional(
        client.describe_hub,
        action="securityhub:DescribeHub",
        absent=("InvalidAccessException", "ResourceNotFoundException"),
    )
    if hub is None:
        return OFF
    if isinstance(hub, Unresolved):
        return Observation(hub)
    standards = ctx.optional(
        lambda: [
            _standard_name(str(s.get("StandardsArn", "")))
            for s in items(client, "get_enabled_standards", "StandardsSubscriptions")
            if s.get("StandardsStatus") in ("READY", "PENDING", "INCOMPLETE")
        ],
        action="securityhub:GetEnabledStandards",
    )
    administrator = ctx.optional(
        lambda: client.get_administrator_account().get("Administrator", {}).get("AccountId"),
        action="securityhub:GetAdministratorAccount",
    )
    return on(ctx, [] if isinstance(standards, Unresolved) else standards, administrator)


def _standard_name(arn: str) -> str:
    """``…:standards/aws-foundational-security-best-practices/v/1.0.0`` → the part after
    ``standards/`` (or ``ruleset/``, as CIS 1.2 is named)."""
    for marker in ("standards/", "ruleset/"):
        if marker in arn:
            return arn.split(marker, 1)[1]
    return arn


def inspector(ctx: LiveContext) -> Observation:
    """``BatchGetAccountStatus`` for this account: its state, and the resource types
    (ec2, ecr, lambda, lambdaCode) it scans."""
    account_id = ctx.target.account_id
    answer = ctx.optional(
        lambda: ctx.client().batch_get_account_status(accountIds=[account_id]),
        action="inspector2:BatchGetAccountStatus",
    )
    if isinstance(answer, Unresolved):
        return Observation(answer)
    mine = [a for a in answer.get("accounts", []) if a.get("accountId") == account_id]
    if not mine or mine[0].get("state", {}).get("status") != "ENABLED":
        return OFF
    scanned = [
        name
        for name, state in mine[0].get("resourceState", {}).items()
        if isinstance(state, dict) and state.get("status") == "ENABLED"
    ]
    return on(ctx, scanned)


def macie(ctx: LiveContext) -> Observation:
    """``GetMacieSession``: ENABLED or PAUSED. AWS answers AccessDeniedException "Macie is
    not enabled" when it is off, so that one message is off and any other denial a gap."""
    client = ctx.client()
    session = ctx.optional(
        lambda: _macie_session(client),
        action="macie2:GetMacieSession",
        absent=("ResourceNotFoundException",),
    )
    if session is None:
        return OFF
    if isinstance(session, Unresolved):
        return Observation(session)
    if session.get("status") != "ENABLED":
        return Observation("off", (f"session {str(session.get('status', '')).lower()}",))
    administrator = ctx.optional(
        lambda: client.get_administrator_account().get("administrator", {}).get("accountId"),
        action="macie2:GetAdministratorAccount",
    )
    return on(ctx, (), administrator)


def _macie_session(client: Any) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        return dict(client.get_macie_session())
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") == "AccessDeniedException" and "not enabled" in str(
            error.get("Message", "")
        ):
            return None
        raise


def detective(ctx: LiveContext) -> Observation:
    """A behaviour graph of its own (``ListGraphs``: this account administers Detective),
    else an accepted invitation (``ListInvitations`` status ENABLED: a member)."""
    client = ctx.client()
    graphs = ctx.optional(
        lambda: items(client, "list_graphs", "GraphList"), action="detective:ListGraphs"
    )
    if isinstance(graphs, Unresolved):
        return Observation(graphs)
    if graphs:
        return on(ctx, ["behavior graph"])
    invitations = ctx.optional(
        lambda: items(client, "list_invitations", "Invitations"),
        action="detective:ListInvitations",
    )
    if isinstance(invitations, Unresolved):
        return Observation(invitations)
    for invitation in invitations:
        if invitation.get("Status") == "ENABLED":
            return on(ctx, ["member"], arn_account(str(invitation.get("GraphArn", ""))))
    return OFF


def access_analyzer(ctx: LiveContext) -> Observation:
    """ACTIVE analyzers; the detail is their types (ACCOUNT, ORGANIZATION, …_UNUSED_ACCESS).
    An organization analyzer lives in the delegated administrator account only."""
    analyzers = ctx.optional(
        lambda: items(ctx.client(), "list_analyzers", "analyzers"),
        action="access-analyzer:ListAnalyzers",
    )
    if isinstance(analyzers, Unresolved):
        return Observation(analyzers)
    active = [str(a.get("type", "")) for a in analyzers if a.get("status") == "ACTIVE"]
    return on(ctx, active) if active else OFF


def security_lake(ctx: LiveContext) -> Observation:
    """A data lake in this region whose creation COMPLETED."""
    region = ctx.target.region
    lakes = ctx.optional(
        lambda: ctx.client().list_data_lakes(regions=[region]).get("dataLakes", []),
        action="securitylake:ListDataLakes",
        absent=("ResourceNotFoundException",),
        default=[],
    )
    if isinstance(lakes, Unresolved):
        return Observation(lakes)
    done = [lake for lake in lakes if lake.get("createStatus") == "COMPLETED"]
    return on(ctx, ["data lake"]) if done else OFF


def audit_manager(ctx: LiveContext) -> Observation:
    """``GetAccountStatus``: ACTIVE when the account is registered."""
    status = ctx.optional(
        lambda: ctx.client().get_account_status().get("status"),
        action="auditmanager:GetAccountStatus",
    )
    if isinstance(status, Unresolved):
        return Observation(status)
    return on(ctx) if status == "ACTIVE" else OFF
