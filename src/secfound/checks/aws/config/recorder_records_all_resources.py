"""AWS Config recorder records every supported resource type, global IAM types included

A recorder limited to a list of types, or excluding some, leaves the rest without history
or rule evaluations, and new resource types stay unrecorded as AWS adds them. Global
resource types (IAM users, roles, groups, policies) are recorded only where
include_global_resource_types is on; recording them in one region is enough, so a
recorder of another region that leaves them out can be suppressed with that reason.

Remediation:
    CloudFormation: RecordingGroup: {AllSupported: true, IncludeGlobalResourceTypes: true}
    and no ResourceTypes or ExclusionByResourceTypes.
    Terraform: recording_group { all_supported = true, include_global_resource_types = true }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.config import ALL_SUPPORTED, ConfigurationRecorder
from secfound.model.values import matches_literal


@check(
    severity=Severity.MEDIUM,
    objectives=["resource-configuration-recorded"],
)
def recorder_records_all_resources(recorder: ConfigurationRecorder) -> Verdict:
    strategy = recorder.recording_strategy
    if strategy is not None and not matches_literal(strategy, ALL_SUPPORTED):
        return failed(f"the recorder records by {strategy}, not every supported type")
    if not recorder.all_supported:
        return failed("the recorder records only the resource types it lists")
    if recorder.excluded_resource_types:
        count = len(recorder.excluded_resource_types)
        return failed(f"the recorder excludes {count} resource type(s)")
    if not recorder.include_global_resource_types:
        return failed("the recorder leaves out global resource types (IAM)")
    return passed("the recorder records every supported resource type, global ones included")
