"""GuardDuty detectors: one per account and region where GuardDuty is on.

No detector means GuardDuty is off in the region; ``Status`` DISABLED means suspended.
Protection plans come from ``Features`` by their API names, as the IaC sources name them.
"""

from __future__ import annotations

from collections.abc import Iterator

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.guardduty import Detector, sorted_features


@collector(service="guardduty", actions=["guardduty:ListDetectors", "guardduty:GetDetector"])
def detectors(ctx: LiveContext) -> Iterator[Detector]:
    client = ctx.client()
    for page in client.get_paginator("list_detectors").paginate():
        for detector_id in page.get("DetectorIds", []):
            detail = client.get_detector(DetectorId=detector_id)
            features = {
                str(f["Name"]): str(f.get("Status", "")).upper() == "ENABLED"
                for f in detail.get("Features", [])
                if "Name" in f
            }
            arn = ctx.target.arn("guardduty", f"detector/{detector_id}")
            yield Detector(
                address=arn,
                location=ctx.location(arn),
                is_enabled=str(detail.get("Status", "")).upper() == "ENABLED",
                finding_publishing_frequency=str(
                    detail.get("FindingPublishingFrequency", "SIX_HOURS")
                ),
                features=sorted_features(features),
            )
