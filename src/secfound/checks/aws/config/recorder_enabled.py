"""AWS Config recorder is recording

A configuration recorder that exists but is stopped records nothing: no configuration
history, no Config rules evaluated, no evidence of what changed. Terraform creates
recorders stopped; aws_config_configuration_recorder_status starts them. CloudFormation
starts a recorder once a delivery channel is available.

Remediation:
    CloudFormation: declare an AWS::Config::DeliveryChannel beside the recorder.
    Terraform: aws_config_configuration_recorder_status with name = the recorder's name and
    is_enabled = true (depends_on the aws_config_delivery_channel).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.config import ConfigurationRecorder


@check(
    severity=Severity.MEDIUM,
    objectives=["resource-configuration-recorded"],
)
def recorder_enabled(recorder: ConfigurationRecorder) -> Verdict:
    if recorder.is_enabled:
        return passed("the configuration recorder is recording")
    return failed("the configuration recorder is stopped")
