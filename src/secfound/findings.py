"""Findings: a check's verdict on one resource, with a fingerprint that survives edits.

The fingerprint hashes the canonical check id (never an alias), the resource type and
address, and the path relative to the repository root for IaC, or the account, region and
resource id for live resources. Line numbers never enter it, so moving unrelated lines,
checking out elsewhere or renaming a check (its old id kept as an alias) changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from secfound.checks import Severity, Status
from secfound.model.location import CloudLocation, FileLocation, Location


@dataclass(frozen=True, kw_only=True)
class ResourceRef:
    """The resource a finding is about, as it is named in its source."""

    type: str
    address: str


@dataclass(frozen=True, kw_only=True)
class Suppression:
    """Why a failing finding does not count: who said so, why, and until when."""

    by: str  # inline | baseline | config | mutelist
    reason: str
    owner: str | None = None
    until: str | None = None


@dataclass(frozen=True, kw_only=True)
class Finding:
    check_id: str
    status: Status
    severity: Severity
    message: str
    resource: ResourceRef
    location: Location
    fingerprint: str
    conditional: bool = False
    suppressed: Suppression | None = None


@dataclass(frozen=True, kw_only=True)
class InputError:
    """An input that could not be read or parsed: reported in every output, never dropped."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class Gap:
    """Something a live run could not look at (a denied call, a service absent in a
    region): reported in every output, never taken for a pass."""

    account: str
    region: str
    service: str
    reason: str


def fingerprint(check_id: str, resource: ResourceRef, location: Location) -> str:
    """A stable id for (check, resource); see the module docstring for what goes in."""
    if isinstance(location, FileLocation):
        parts = [check_id, resource.type, resource.address, location.path]
    elif isinstance(location, CloudLocation):
        parts = [check_id, location.account, location.region, location.arn or resource.address]
    else:  # pragma: no cover - Location is a closed union
        raise TypeError(f"unknown location {location!r}")
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]
