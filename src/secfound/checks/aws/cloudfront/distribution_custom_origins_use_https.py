"""CloudFront distribution connects to its custom origins over HTTPS

Between the edge and a custom origin, origin protocol policy http-only sends every
request and response in clear text across the internet; match-viewer does the same for
every viewer that uses HTTP, which a cache behavior with allow-all permits. Distributions
without custom origins are not judged.

Remediation:
    CloudFormation: CustomOriginConfig: {OriginProtocolPolicy: https-only} on each custom
    origin.
    Terraform: custom_origin_config { origin_protocol_policy = "https-only" }.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.cloudfront import Distribution, Origin
from secfound.model.values import definitely_matching, matches_literal


def _allows_http_viewers(distribution: Distribution) -> bool:
    return bool(
        definitely_matching(
            distribution.cache_behaviors,
            lambda b: matches_literal(b.viewer_protocol_policy, "allow-all"),
        )
    )


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"])
def distribution_custom_origins_use_https(distribution: Distribution) -> Verdict:
    custom = [origin for origin in distribution.origins if origin.kind == "custom"]
    if not custom:
        return not_applicable("no custom origin")

    def plain(origin: Origin) -> bool:
        policy = origin.origin_protocol_policy
        if policy is None or matches_literal(policy, "http-only"):
            return True
        return matches_literal(policy, "match-viewer") and _allows_http_viewers(distribution)

    found = definitely_matching(custom, plain)
    if found:
        names = ", ".join(f"{o.origin_id} ({o.origin_protocol_policy})" for o in found)
        return failed(f"custom origin(s) reached over plain HTTP: {names}")
    return passed("every custom origin is reached over HTTPS")
