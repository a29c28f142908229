"""API Gateway REST API stage is protected by an AWS WAF web ACL

A web ACL inspects each request for injection, known exploits and abusive rates before
API Gateway passes it to the integration, and gives one place to block an attack while
the backend is fixed.

Remediation:
    CloudFormation: AWS::WAFv2::WebACLAssociation with ResourceArn:
    !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage} and
    WebACLArn: <web ACL ARN>.
    Terraform: aws_wafv2_web_acl_association with
    resource_arn = aws_api_gateway_stage.<name>.arn.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.apigateway import Stage
from secfound.model.values import is_set


@check(severity=Severity.MEDIUM, objectives=["web-requests-filtered"])
def api_stage_protected_by_waf(stage: Stage) -> Verdict:
    # is_set: an ACL given by an unresolved reference is still an ACL.
    if is_set(stage.web_acl_arn):
        return passed(f"web ACL {stage.web_acl_arn} is associated")
    return failed("no AWS WAF web ACL is associated")
