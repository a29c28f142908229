"""CloudFront distribution is protected by an AWS WAF web ACL

A web ACL at the edge inspects each request for injection, known exploits and abusive
rates before it reaches the origin, and gives one place to block an attack while the
application is fixed.

Remediation:
    CloudFormation: WebACLId: <global web ACL ARN> in DistributionConfig.
    Terraform: web_acl_id = aws_wafv2_web_acl.<name>.arn (scope CLOUDFRONT).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudfront import Distribution


@check(severity=Severity.MEDIUM, objectives=["web-requests-filtered"], checkov=["CKV_AWS_68"])
def distribution_protected_by_waf(distribution: Distribution) -> Verdict:
    # `is not None`: an ACL given by an unresolved reference is still an ACL.
    if distribution.web_acl_id is not None:
        return passed(f"web ACL {distribution.web_acl_id} is associated")
    return failed("no AWS WAF web ACL is associated")
