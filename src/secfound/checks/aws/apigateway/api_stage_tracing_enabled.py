"""API Gateway REST API stage traces requests with AWS X-Ray

Active tracing follows each request from the stage through the services it calls, so a
suspicious request or a failure can be followed past the API's own logs.

Remediation:
    CloudFormation: TracingEnabled: true on the AWS::ApiGateway::Stage.
    Terraform: xray_tracing_enabled = true on aws_api_gateway_stage.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.apigateway import Stage


@check(severity=Severity.LOW, objectives=["requests-traced-end-to-end"], checkov=["CKV_AWS_73"])
def api_stage_tracing_enabled(stage: Stage) -> Verdict:
    if stage.tracing_enabled:
        return passed("X-Ray active tracing is on")
    return failed("X-Ray active tracing is off")
