"""The judgement every ``aws.services.<service>_enabled`` check shares.

A check judges only its own service's resource, and only where the blueprint expects the
service: an optional service that is off is a fact for the inventory, not a finding.
"""

from __future__ import annotations

from secfound.checks import Verdict, failed, not_applicable, passed
from secfound.model.aws.services import SecurityService


def expected_on(service: SecurityService, service_id: str) -> Verdict:
    """Passed when enabled or delegated, failed when off; an unresolved state raises, and
    the engine makes it unknown."""
    if service.service != service_id:
        return not_applicable(f"judges {service_id}, not {service.service}")
    if service.expected is not True:
        return not_applicable(f"{service.name or service_id} is optional in the blueprint")
    where = "the account" if service.region == "global" else service.region
    if service.state == "delegated":
        return passed(
            f"{service.name} is on in {where}, managed by account {service.administrator}"
            + _detail(service)
        )
    if service.state == "enabled":
        return passed(f"{service.name} is on in {where}" + _detail(service))
    why = f" ({', '.join(service.detail)})" if service.detail else ""
    return failed(
        f"{service.name} is off in {where}{why}, where the blueprint expects it: it "
        f"{service.purpose}. Turn it on: {service.enable}"
    )


def _detail(service: SecurityService) -> str:
    return f" ({', '.join(service.detail)})" if service.detail else ""
