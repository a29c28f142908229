"""CloudFront distribution requires HTTPS from viewers on every cache behavior

A cache behavior with viewer protocol policy allow-all serves content and accepts
cookies and form posts over plain HTTP; redirect-to-https or https-only on the default
and every ordered behavior keeps each exchange with viewers encrypted.

Remediation:
    CloudFormation: ViewerProtocolPolicy: redirect-to-https (or https-only) in
    DefaultCacheBehavior and each CacheBehaviors entry.
    Terraform: viewer_protocol_policy = "redirect-to-https" in default_cache_behavior and
    each ordered_cache_behavior.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudfront import CacheBehavior, Distribution
from secfound.model.values import definitely_matching, matches_literal


def _allows_http(behavior: CacheBehavior) -> bool:
    return matches_literal(behavior.viewer_protocol_policy, "allow-all")


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"], checkov=["CKV_AWS_34"])
def distribution_requires_https_viewers(distribution: Distribution) -> Verdict:
    open_behaviors = definitely_matching(distribution.cache_behaviors, _allows_http)
    if open_behaviors:
        patterns = ", ".join(str(b.path_pattern) for b in open_behaviors)
        return failed(f"cache behavior(s) allow plain HTTP: {patterns}")
    return passed("every cache behavior requires HTTPS or redirects to it")
