"""Amazon GuardDuty detectors.

One detector per account and region turns GuardDuty on there; ``is_enabled`` false
suspends it (``Enable: false``). Protection plans are ``features`` by their API names
(``S3_DATA_EVENTS``, ``EKS_AUDIT_LOGS``, ``EBS_MALWARE_PROTECTION``, ``RDS_LOGIN_EVENTS``,
``LAMBDA_NETWORK_LOGS``, ``RUNTIME_MONITORING``…); the older ``DataSources`` settings are
read into the same names. Only features the source states are listed: what AWS turns on
by default for a new detector depends on the account and is not assumed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class DetectorFeature:
    """One protection plan of a detector, and whether it is on."""

    name: StrOrUnresolved
    enabled: BoolOrUnresolved


@dataclass(frozen=True, kw_only=True)
class Detector(Resource):
    """A GuardDuty detector.

    ``is_enabled`` defaults to true (Terraform's ``enable``; CloudFormation requires
    ``Enable``). Findings are published to EventBridge every six hours unless
    ``finding_publishing_frequency`` says otherwise (the API default, ``SIX_HOURS``).
    ``features`` is sorted by name.
    """

    resource_type = "AWS::GuardDuty::Detector"

    is_enabled: BoolOrUnresolved = True
    finding_publishing_frequency: StrOrUnresolved = "SIX_HOURS"
    features: tuple[DetectorFeature, ...] | Unresolved = ()


def sorted_features(enabled_by_name: Mapping[str, BoolOrUnresolved]) -> tuple[DetectorFeature, ...]:
    """Features from ``{name: enabled}``, sorted by name as ``Detector.features`` keeps them."""
    return tuple(
        DetectorFeature(name=name, enabled=enabled_by_name[name])
        for name in sorted(enabled_by_name)
    )
