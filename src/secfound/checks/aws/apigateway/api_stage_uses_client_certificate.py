"""API Gateway REST API stage presents a client certificate to its backend

A client certificate lets the backend verify that a request comes from this API stage
and not from anyone who found the backend's address, so the API's authorization cannot
be bypassed by calling the backend directly.

Remediation:
    CloudFormation: ClientCertificateId: !Ref <AWS::ApiGateway::ClientCertificate> on the
    AWS::ApiGateway::Stage, and verify the certificate at the backend.
    Terraform: client_certificate_id = aws_api_gateway_client_certificate.<name>.id on
    aws_api_gateway_stage.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.apigateway import Stage


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"])
def api_stage_uses_client_certificate(stage: Stage) -> Verdict:
    # `is None`: a certificate given by an unresolved reference is still a certificate.
    if stage.client_certificate_id is None:
        return failed("no client certificate is presented to the backend")
    return passed(f"client certificate {stage.client_certificate_id} is presented")
