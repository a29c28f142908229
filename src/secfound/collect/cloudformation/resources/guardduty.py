"""``AWS::GuardDuty::Detector`` to ``Detector``.

``DataSources`` (the older way to switch protection plans) and ``Features`` both become
features by their API names; a ``Features`` entry wins over the data source it replaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from secfound.collect.cloudformation.resources.convert import (
    MISSING,
    dig,
    identity,
    set_if_present,
    to_bool,
    to_str,
)
from secfound.model.aws.guardduty import Detector, DetectorFeature, sorted_features
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from secfound.collect.cloudformation.resources import Normalizer

# DataSources path -> the feature name that replaced it.
_DATA_SOURCES = (
    (("S3Logs", "Enable"), "S3_DATA_EVENTS"),
    (("Kubernetes", "AuditLogs", "Enable"), "EKS_AUDIT_LOGS"),
    (("MalwareProtection", "ScanEc2InstanceWithFindings", "EbsVolumes"), "EBS_MALWARE_PROTECTION"),
)


def _features(properties: Mapping[str, Any]) -> tuple[DetectorFeature, ...] | Unresolved:
    found: dict[str, Any] = {}
    sources = properties.get("DataSources", MISSING)
    if isinstance(sources, Unresolved):
        return sources
    if sources is not MISSING:
        for path, name in _DATA_SOURCES:
            value = dig(sources, *path)
            if value is not MISSING:
                found[name] = to_bool(value, f"DataSources.{'.'.join(path)}")
    listed = properties.get("Features", [])
    if isinstance(listed, Unresolved):
        return listed
    if not isinstance(listed, list):
        return Unresolved("Features: expected a list")
    for index, item in enumerate(listed):
        if not isinstance(item, Mapping) or not isinstance(item.get("Name"), str):
            return Unresolved(f"Features[{index}]: expected a Name")
        status = item.get("Status")
        if isinstance(status, str):
            found[item["Name"]] = status.upper() == "ENABLED"
        else:
            found[item["Name"]] = to_bool(status, f"Features[{index}].Status")
    return sorted_features(found)


def detector_from_cfn(
    address: str,
    properties: Mapping[str, Any],
    *,
    location: FileLocation | None = None,
    conditional: bool = False,
) -> Detector:
    fields = identity(address, properties, location, conditional)
    set_if_present(fields, "is_enabled", properties, "Enable", to_bool)
    set_if_present(
        fields, "finding_publishing_frequency", properties, "FindingPublishingFrequency", to_str
    )
    fields["features"] = _features(properties)
    return Detector(**fields)


def normalizers() -> dict[str, Normalizer]:
    """The CloudFormation resource types this module normalizes."""
    return {
        "AWS::GuardDuty::Detector": detector_from_cfn,
    }
