"""AWS WAF has web ACLs where the blueprint expects them

Without a web ACL, injection, bots and request floods reach the application directly.

Remediation:
    CloudFormation: AWS::WAFv2::WebACL (Scope: REGIONAL) and AWS::WAFv2::WebACLAssociation.
    Terraform: aws_wafv2_web_acl and aws_wafv2_web_acl_association.
    CLI: aws wafv2 create-web-acl --scope REGIONAL with the AWS managed rule groups, then
    aws wafv2 associate-web-acl with the load balancers and APIs.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.MEDIUM, objectives=["web-requests-filtered"])
def waf_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "waf")
