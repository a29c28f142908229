"""GuardDuty detectors from Terraform (``aws_guardduty_detector``).

The ``datasources`` block becomes features by their API names, as CloudFormation's
``DataSources`` does; each ``aws_guardduty_detector_feature`` is joined in by
``detector_id`` and wins over the data source it replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from secfound.collect.terraform.joins import JoinSpec
from secfound.collect.terraform.resources.convert import (
    TerraformResource,
    as_bool,
    as_str,
    dig,
    first_block,
    identity,
    set_if,
)
from secfound.model.aws.guardduty import Detector, sorted_features
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

# datasources path -> the feature name that replaced it.
_DATA_SOURCES = (
    (("s3_logs", "enable"), "S3_DATA_EVENTS"),
    (("kubernetes", "audit_logs", "enable"), "EKS_AUDIT_LOGS"),
    (
        ("malware_protection", "scan_ec2_instance_with_findings", "ebs_volumes", "enable"),
        "EBS_MALWARE_PROTECTION",
    ),
)


def _data_sources(value: Any, where: str) -> dict[str, Any] | Unresolved:
    block = first_block(value)
    if isinstance(block, Unresolved):
        return block
    found: dict[str, Any] = {}
    if block is None:
        return found
    for path, name in _DATA_SOURCES:
        enabled = dig(block.get(path[0]), *path[1:])
        converted = as_bool(enabled, f"{where}.{'.'.join(path)}")
        if converted is not None:
            found[name] = converted
    return found


def detector_from_terraform(resource: TerraformResource) -> Detector:
    args = resource.arguments
    where = resource.address
    fields = identity(resource)
    set_if(fields, "is_enabled", as_bool(args.get("enable"), f"{where}.enable"))
    frequency = as_str(args.get("finding_publishing_frequency"), where)
    set_if(fields, "finding_publishing_frequency", frequency)
    found = _data_sources(args.get("datasources"), f"{where}.datasources")
    fields["features"] = found if isinstance(found, Unresolved) else sorted_features(found)
    return Detector(**fields)


def _feature(detector: Detector, source: TerraformResource) -> Mapping[str, Any]:
    if isinstance(detector.features, Unresolved):
        return {}
    name = as_str(source.arguments.get("name"), f"{source.address}.name")
    if not isinstance(name, str):
        return {"features": Unresolved(f"{source.address}.name")}
    status = source.arguments.get("status")
    enabled: Any = (
        status.upper() == "ENABLED"
        if isinstance(status, str)
        else Unresolved(f"{source.address}.status")
    )
    current: dict[str, Any] = {}
    for feature in detector.features:
        if not isinstance(feature.name, str):
            return {}
        current[feature.name] = feature.enabled
    current[name] = enabled
    return {"features": sorted_features(current)}


def joins() -> tuple[JoinSpec, ...]:
    return (
        JoinSpec(
            "aws_guardduty_detector_feature",
            "aws_guardduty_detector",
            "detector_id",
            (),
            _feature,
        ),
    )


def normalizers() -> dict[str, Callable[[TerraformResource], Resource]]:
    """The Terraform resource types this module normalizes."""
    return {
        "aws_guardduty_detector": detector_from_terraform,
    }
