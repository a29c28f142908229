"""AWS Config configuration recorders, with whether each records.

A region has at most one customer managed recorder. ``DescribeConfigurationRecorders``
says what it would record; ``DescribeConfigurationRecorderStatus`` whether it is
recording now (a denied status call leaves ``is_enabled`` unresolved, never assumed).
Service-linked recorders, which other AWS services manage for their own needs, are not
the account's recorder and are left out. Delivery channels are not part of the model.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.config import ConfigurationRecorder
from secfound.model.values import Unresolved


@collector(
    service="config",
    actions=[
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
    ],
)
def recorders(ctx: LiveContext) -> Iterator[ConfigurationRecorder]:
    client = ctx.client()
    found = [
        r
        for r in client.describe_configuration_recorders().get("ConfigurationRecorders", [])
        if not r.get("servicePrincipal")
    ]
    if not found:
        return
    status: dict[str, bool] | Unresolved = ctx.optional(
        lambda: {
            str(s["name"]): bool(s.get("recording", False))
            for s in client.describe_configuration_recorder_status().get(
                "ConfigurationRecordersStatus", []
            )
        },
        action="config:DescribeConfigurationRecorderStatus",
    )
    for recorder in found:
        name = str(recorder.get("name", "default"))
        arn = str(recorder.get("arn") or ctx.target.arn("config", f"configuration-recorder/{name}"))
        enabled = status if isinstance(status, Unresolved) else status.get(name, False)
        yield ConfigurationRecorder(
            address=arn,
            location=ctx.location(arn),
            name=name,
            role_arn=recorder.get("roleARN"),
            is_enabled=enabled,
            **_recording(recorder),
        )


def _recording(recorder: Mapping[str, Any]) -> dict[str, Any]:
    """The recording group and mode as model fields; absent parts keep the API's defaults."""
    group = recorder.get("recordingGroup") or {}
    fields: dict[str, Any] = {}
    for key, field in (
        ("allSupported", "all_supported"),
        ("includeGlobalResourceTypes", "include_global_resource_types"),
    ):
        if group.get(key) is not None:
            fields[field] = bool(group[key])
    fields["resource_types"] = tuple(str(t) for t in group.get("resourceTypes", []))
    excluded = (group.get("exclusionByResourceTypes") or {}).get("resourceTypes", [])
    fields["excluded_resource_types"] = tuple(str(t) for t in excluded)
    strategy = (group.get("recordingStrategy") or {}).get("useOnly")
    if strategy:
        fields["recording_strategy"] = str(strategy)
    frequency = (recorder.get("recordingMode") or {}).get("recordingFrequency")
    if frequency:
        fields["recording_frequency"] = str(frequency)
    return fields
