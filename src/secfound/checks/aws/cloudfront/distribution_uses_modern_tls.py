"""CloudFront distribution accepts TLS 1.2 and newer from viewers (TLSv1.2_2021 or newer)

The viewer security policy sets the oldest protocol and the ciphers CloudFront accepts.
TLSv1.2_2021 and newer drop TLS 1.0 and 1.1 and the weak ciphers earlier TLS 1.2 policies
kept. The default *.cloudfront.net certificate always accepts TLSv1, whatever the
configuration says, so a distribution needs its own certificate to pass.

Remediation:
    CloudFormation: ViewerCertificate: {AcmCertificateArn: <certificate>,
    SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021}.
    Terraform: viewer_certificate { acm_certificate_arn = <certificate>,
    ssl_support_method = "sni-only", minimum_protocol_version = "TLSv1.2_2021" }.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudfront import PROTOCOL_VERSIONS, Distribution
from secfound.model.values import known

MINIMUM = "TLSv1.2_2021"


@check(severity=Severity.MEDIUM, objectives=["data-in-transit-encrypted"])
def distribution_uses_modern_tls(distribution: Distribution) -> Verdict:
    if distribution.uses_default_certificate:
        return failed("the default CloudFront certificate accepts TLSv1")
    version = known(distribution.minimum_protocol_version, "minimum protocol version")
    if version not in PROTOCOL_VERSIONS:
        return failed(f"security policy {version} is not a known CloudFront policy")
    if PROTOCOL_VERSIONS.index(version) < PROTOCOL_VERSIONS.index(MINIMUM):
        return failed(f"security policy {version} is older than {MINIMUM}")
    return passed(f"security policy {version}")
