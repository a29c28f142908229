"""The AWS Organization as an aggregate, and the blueprint it is judged against (SEC01 BP01).

A live assessment reads the organization once, in the management account (or in a
delegated administrator for AWS Organizations): its OUs, accounts (with their tags), service
control policies (with where they are attached), delegated administrators, organization
trails, and a count of workload resources running in the management account itself.

``OrganizationBlueprint`` is the declared intent: which OUs should exist and what each
groups (function and environment), which named accounts sit where, which guardrails every
member account must be under, and which account administers the security services. The
collector stamps the blueprint on the ``Organization`` (as the services inventory stamps
``expected``), so the checks stay pure functions of one object. Its defaults here *are* the
documented default (``controls/blueprint/default.yaml``; a test keeps the two equal), so a
case file that leaves ``blueprint`` out is judged against the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

Environment: TypeAlias = Literal["prod", "nonprod"]


@dataclass(frozen=True, kw_only=True)
class Guardrail:
    """A preventive control every member account must be under: an SCP Deny covering
    ``actions`` (all of them; the minimum that turns the control off, fuller SCPs deny more).
    """

    id: str
    denies: str  # completes "an SCP denies ..."
    actions: tuple[str, ...]


# The guardrails a blueprint may require, by permanent id. Region restriction is not listed:
# it applies exactly when the blueprint names regions (``OrganizationBlueprint.regions``).
GUARDRAILS: Mapping[str, Guardrail] = {
    g.id: g
    for g in (
        Guardrail(
            id="deny-leaving-organization",
            denies="leaving the organization",
            actions=("organizations:LeaveOrganization",),
        ),
        Guardrail(
            id="deny-disabling-cloudtrail",
            denies="stopping or deleting CloudTrail trails",
            actions=("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"),
        ),
        Guardrail(
            id="deny-disabling-config",
            denies="stopping or deleting the AWS Config recorder",
            actions=("config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder"),
        ),
        Guardrail(
            id="deny-disabling-guardduty",
            denies="deleting the GuardDuty detector",
            actions=("guardduty:DeleteDetector",),
        ),
        Guardrail(
            id="deny-disabling-securityhub",
            denies="disabling Security Hub",
            actions=("securityhub:DisableSecurityHub",),
        ),
        Guardrail(
            id="deny-root-user",
            denies="every action of the member accounts' root users",
            actions=("*",),
        ),
    )
}
REGION_GUARDRAIL = "deny-outside-regions"


@dataclass(frozen=True, kw_only=True)
class ExpectedOU:
    """An OU the blueprint expects, by path (``Workloads/Prod``).

    ``environment`` is the environment of every account in it (None: not a workload
    environment, such as Security); ``accounts`` names accounts that must sit in it.
    """

    path: str
    environment: Environment | None = None
    accounts: tuple[str, ...] = ()


DEFAULT_OUS = (
    ExpectedOU(path="Security", accounts=("log-archive", "security-tooling")),
    ExpectedOU(path="Infrastructure"),
    ExpectedOU(path="Workloads/Prod", environment="prod"),
    ExpectedOU(path="Workloads/NonProd", environment="nonprod"),
    ExpectedOU(path="Sandbox", environment="nonprod"),
    ExpectedOU(path="PolicyStaging"),
    ExpectedOU(path="Suspended"),
)


@dataclass(frozen=True, kw_only=True)
class OrganizationBlueprint:
    """The organization part of the account blueprint (AWS's recommended OU structure).

    An account belongs to the deepest listed OU at or above its own: an account in
    ``Workloads/Prod/Payments`` is in ``Workloads/Prod``; one in ``Workloads`` (listed only
    as the parent of others) or at the root is in none. ``regions`` empty: no region
    restriction is expected.
    """

    ous: tuple[ExpectedOU, ...] = DEFAULT_OUS
    suspended_ou: str = "Suspended"
    security_account: str = "security-tooling"
    environment_tag: str = "Environment"
    production_values: tuple[str, ...] = ("prod", "production", "prd")
    nonproduction_values: tuple[str, ...] = (
        "nonprod",
        "non-prod",
        "dev",
        "development",
        "test",
        "testing",
        "qa",
        "staging",
        "stage",
        "uat",
        "sandbox",
    )
    guardrails: tuple[str, ...] = tuple(GUARDRAILS)
    regions: tuple[str, ...] = ()
    delegated_services: tuple[str, ...] = (
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
        "inspector2.amazonaws.com",
        "access-analyzer.amazonaws.com",
    )

    def ou(self, path: str) -> ExpectedOU | None:
        wanted = path.casefold()
        return next((o for o in self.ous if o.path.casefold() == wanted), None)

    def placement(self, ou_path: str) -> ExpectedOU | None:
        """The deepest listed OU at or above ``ou_path`` ("" is the root: None)."""
        parts = ou_path.split("/") if ou_path else []
        for end in range(len(parts), 0, -1):
            found = self.ou("/".join(parts[:end]))
            if found is not None:
                return found
        return None

    def environment_of_value(self, value: str) -> Environment | None:
        """The environment a tag value means (case-insensitive), None when neither."""
        text = value.strip().casefold()
        if text in (v.casefold() for v in self.production_values):
            return "prod"
        if text in (v.casefold() for v in self.nonproduction_values):
            return "nonprod"
        return None


@dataclass(frozen=True, kw_only=True)
class OrganizationalUnit:
    """One OU; ``path`` joins the names from the root down (``Workloads/Prod``)."""

    id: str
    path: str
    parent_id: str = ""


@dataclass(frozen=True, kw_only=True)
class OrganizationAccount:
    """One account of the organization; ``parent_id`` is its OU's id, or the root's."""

    id: str
    name: str = ""
    status: str = "ACTIVE"  # ACTIVE, SUSPENDED, PENDING_CLOSURE
    parent_id: str = ""
    tags: Mapping[str, str] | Unresolved = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ServiceControlPolicy:
    """One SCP; ``targets`` are the root, OU and account ids it is attached to."""

    id: str
    name: str = ""
    aws_managed: bool = False
    document: PolicyDocument | Unresolved = field(default_factory=PolicyDocument)
    targets: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class OrganizationTrail:
    """A CloudTrail trail with ``IsOrganizationTrail``: it records every member account."""

    name: str
    home_region: str = ""
    multi_region: bool = False
    logging: bool | Unresolved = False


@dataclass(frozen=True, kw_only=True)
class WorkloadCount:
    """How many workload resources of one kind run in the management account in a region."""

    kind: str  # "EC2 instances", "Lambda functions"
    region: str
    count: int | Unresolved


@dataclass(frozen=True, kw_only=True)
class Organization(Resource):
    """The organization as one object: its tree, SCPs, delegations and trails.

    ``scps``, ``delegated_administrators`` (service principal -> account ids) and
    ``trails`` are ``Unresolved`` when the call that lists them was denied; ``trails`` and
    ``management_workloads`` are also ``Unresolved`` when the organization was read from a
    delegated administrator, which cannot see into the management account.
    """

    resource_type = "AWS::Organizations::Organization"

    id: str = ""
    management_account_id: str = ""
    root_id: str = ""
    scp_enabled: bool = True
    ous: tuple[OrganizationalUnit, ...] = ()
    accounts: tuple[OrganizationAccount, ...] = ()
    scps: tuple[ServiceControlPolicy, ...] | Unresolved = ()
    delegated_administrators: Mapping[str, tuple[str, ...]] | Unresolved = field(
        default_factory=dict
    )
    trails: tuple[OrganizationTrail, ...] | Unresolved = ()
    management_workloads: tuple[WorkloadCount, ...] | Unresolved = ()
    blueprint: OrganizationBlueprint = field(default_factory=OrganizationBlueprint)

    def ou_path(self, parent_id: str) -> str:
        """The path of the OU ``parent_id`` ("" for the root or an OU not read)."""
        return next((o.path for o in self.ous if o.id == parent_id), "")

    def placement(self, account: OrganizationAccount) -> ExpectedOU | None:
        """The blueprint OU ``account`` belongs to (see ``OrganizationBlueprint``)."""
        return self.blueprint.placement(self.ou_path(account.parent_id))

    def ancestors(self, parent_id: str) -> tuple[str, ...]:
        """``parent_id`` and every OU above it, up to and including the root."""
        by_id = {o.id: o for o in self.ous}
        chain: list[str] = []
        current = parent_id
        while current and current not in chain:
            chain.append(current)
            unit = by_id.get(current)
            current = unit.parent_id if unit is not None else ""
        if self.root_id and self.root_id not in chain:
            chain.append(self.root_id)
        return tuple(chain)

    def member_accounts(self) -> tuple[OrganizationAccount, ...]:
        """Every account but the management account (which SCPs never restrict)."""
        return tuple(a for a in self.accounts if a.id != self.management_account_id)

    def account_named(self, name: str) -> OrganizationAccount | None:
        wanted = name.casefold()
        return next((a for a in self.accounts if a.name.casefold() == wanted), None)

    def label(self, account: OrganizationAccount) -> str:
        """How messages name an account: ``name (id)``."""
        return f"{account.name} ({account.id})" if account.name else account.id
