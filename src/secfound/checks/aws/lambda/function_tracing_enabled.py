"""Lambda function samples and records requests with active X-Ray tracing

With tracing mode Active, Lambda samples incoming requests and sends traces to X-Ray, so
an investigation can follow a request through the function and the services it calls and
see where it failed or slowed down. PassThrough (the default) traces only requests that
arrive already sampled by an upstream service.

Remediation:
    CloudFormation: TracingConfig: {Mode: Active} on the AWS::Lambda::Function (its role
    also needs xray:PutTraceSegments and xray:PutTelemetryRecords).
    Terraform: tracing_config { mode = "Active" } on aws_lambda_function.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.awslambda import Function
from secfound.model.values import matches_literal


@check(
    severity=Severity.LOW,
    objectives=["requests-traced-end-to-end"],
    checkov=["CKV_AWS_50"],
)
def function_tracing_enabled(function: Function) -> Verdict:
    if matches_literal(function.tracing_mode, "Active"):
        return passed("X-Ray tracing mode is Active")
    return failed(f"X-Ray tracing mode is {function.tracing_mode}, not Active")
