"""AWS Config is recording where the blueprint expects it

Without a recording Config recorder and a delivery channel no configuration history is
kept: investigations, drift detection and Config rules have nothing to read.

Remediation:
    CloudFormation: AWS::Config::ConfigurationRecorder and AWS::Config::DeliveryChannel.
    Terraform: aws_config_configuration_recorder, aws_config_delivery_channel and
    aws_config_configuration_recorder_status (is_enabled = true).
    CLI: Create a configuration recorder and a delivery channel, then
    aws configservice start-configuration-recorder (StackSets for every account).
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.HIGH, objectives=["resource-configuration-recorded"])
def config_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "config")
