"""API Gateway REST API stage writes access logs

Access logs record each request to the stage with the caller, identity, path and status,
in a format the owner chooses; they are how abuse of an API and the reach of a leaked key
are investigated.

Remediation:
    CloudFormation: AccessLogSetting: {DestinationArn: <log group ARN>, Format: <format>}
    on the AWS::ApiGateway::Stage.
    Terraform: access_log_settings { destination_arn = <log group ARN>, format = <format> }
    on aws_api_gateway_stage.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.apigateway import Stage


@check(severity=Severity.MEDIUM, objectives=["data-access-logged"], checkov=["CKV_AWS_76"])
def api_stage_access_logging_enabled(stage: Stage) -> Verdict:
    # `is None`: a destination given by an unresolved reference still receives the logs.
    if stage.access_log_destination_arn is None:
        return failed("access logging is not configured")
    return passed(f"access logs go to {stage.access_log_destination_arn}")
