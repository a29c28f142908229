"""The security services of an account, one resource per service and account region.

A live assessment reads each service of the catalog (``secfound.controls.blueprint``) in
every account and region (global services once per account, with ``region`` "global") and
says whether it is ``enabled`` here, ``delegated`` (on, and managed by another account: the
organization's administrator for that service) or ``off``; a denied call leaves the state
``Unresolved`` so the checks say unknown, never off or on.

One resource per service, not one aggregate per region: a finding names one service, so
suppressions, baselines and history follow that service alone. The blueprint's judgement
(``expected``) and the catalog's words (``purpose``, ``enable``) are stamped on the resource
when it is collected, which keeps the checks pure functions of the resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

ServiceState: TypeAlias = Literal["enabled", "delegated", "off"]
SERVICE_STATES: tuple[ServiceState, ...] = ("enabled", "delegated", "off")
GLOBAL_REGION = "global"


@dataclass(frozen=True, kw_only=True)
class SecurityService(Resource):
    """One security service in one account and region.

    ``service`` is the catalog id (``guardduty``); ``detail`` lists what is on within it
    (protection plans, standards, analyzer types, trail names), sorted; ``administrator``
    is the account that manages it when that is another account. ``expected`` is true when
    the blueprint expects the service on, false when it is optional, None when no blueprint
    was applied.
    """

    resource_type = "AWS::Account::SecurityService"

    service: str
    name: str = ""
    account_id: str = ""
    region: str = ""
    state: ServiceState | Unresolved = "off"
    detail: tuple[str, ...] = ()
    administrator: str | None = None
    expected: bool | None = None
    purpose: str = ""
    enable: str = ""

    @property
    def is_on(self) -> bool:
        """Enabled here or delegated; raises on an unresolved state (unknown, not off)."""
        return self.state in ("enabled", "delegated")
