"""Live CloudFront distributions: parity with the CloudFormation fixture, faults, and the
checks. moto drops a few fields AWS reports; the fixture answers them as AWS does."""

from __future__ import annotations

import dataclasses
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, OTHER_REGION, REGION
from live_faults import fail_calls
from live_parity import assert_same, cfn_objects, cfn_result, of_type, run_collectors, verdicts

from secfound.model.aws.cloudfront import Distribution
from secfound.model.location import CloudLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

COLLECTOR = "cloudfront.distributions"
WEB_ACL = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/site/1"
CERTIFICATE = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
LOG_BUCKET = "logs.s3.amazonaws.com"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
# What moto leaves out of an origin, as AWS reports it (by origin id).
S3_ORIGINS = {
    "site-bucket": {"OriginAccessControlId": "E2QWRUHAPOMQZL", "S3OriginConfig": {}},
    "old-bucket": {
        "S3OriginConfig": {
            "OriginAccessIdentity": "origin-access-identity/cloudfront/E127EXAMPLE51Z"
        }
    },
    "public-bucket": {"S3OriginConfig": {}},
}
IGNORE: dict[str, dict[str, str]] = {
    "site-bucket": {"logging_bucket": "!Ref LogBucket has no value in the template"},
    "old-bucket": {},
    "public-bucket": {},
}


def _listing(*items: Any) -> dict[str, Any]:
    return {"Quantity": len(items), "Items": list(items)}


def _s3_origin(origin_id: str, domain: str) -> dict[str, Any]:
    return {"Id": origin_id, "DomainName": domain, "S3OriginConfig": {"OriginAccessIdentity": ""}}


def _custom_origin(origin_id: str, domain: str, policy: str, *protocols: str) -> dict[str, Any]:
    return {
        "Id": origin_id,
        "DomainName": domain,
        "CustomOriginConfig": {
            "HTTPPort": 80,
            "HTTPSPort": 443,
            "OriginProtocolPolicy": policy,
            "OriginSslProtocols": _listing(*protocols),
        },
    }


def _behavior(origin_id: str, policy: str, **extra: Any) -> dict[str, Any]:
    return {
        "TargetOriginId": origin_id,
        "ViewerProtocolPolicy": policy,
        "CachePolicyId": CACHING_OPTIMIZED,
        **extra,
    }


def _acm(version: str) -> dict[str, Any]:
    return {
        "ACMCertificateArn": CERTIFICATE,
        "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": version,
    }


def _create_parity_distributions(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/parity/cloudfront/template.yaml, created in moto."""
    cloudfront = boto3.client("cloudfront", region_name=REGION)
    common = {"Comment": ""}
    cloudfront.create_distribution(
        DistributionConfig={
            **common,
            "CallerReference": "site",
            "Enabled": True,
            "WebACLId": WEB_ACL,
            "Logging": {
                "Enabled": True,
                "IncludeCookies": False,
                "Bucket": LOG_BUCKET,
                "Prefix": "",
            },
            "ViewerCertificate": _acm("TLSv1.2_2021"),
            "Origins": _listing(
                _s3_origin("site-bucket", "site.s3.us-east-1.amazonaws.com"),
                _custom_origin("api", "api.example.com", "https-only", "TLSv1.2"),
            ),
            "DefaultCacheBehavior": _behavior("site-bucket", "redirect-to-https"),
            "CacheBehaviors": _listing(
                _behavior("api", "https-only", PathPattern="/api/*"),
            ),
        }
    )
    cloudfront.create_distribution(
        DistributionConfig={
            **common,
            "CallerReference": "legacy",
            "Enabled": True,
            "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
            "Origins": _listing(
                _s3_origin("old-bucket", "old.s3.amazonaws.com"),
                _custom_origin(
                    "backend", "backend.example.com", "match-viewer", "TLSv1", "TLSv1.2"
                ),
            ),
            "DefaultCacheBehavior": _behavior("old-bucket", "allow-all"),
        }
    )
    cloudfront.create_distribution(
        DistributionConfig={
            **common,
            "CallerReference": "open",
            "Enabled": False,
            "ViewerCertificate": _acm("TLSv1.2_2019"),
            "Origins": _listing(
                _s3_origin("public-bucket", "public.s3.amazonaws.com"),
                _custom_origin("plain", "plain.example.com", "http-only", "TLSv1.2"),
            ),
            "DefaultCacheBehavior": _behavior("public-bucket", "https-only"),
        }
    )
    _as_aws_answers(monkeypatch)


def _as_aws_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto drops origin access control ids and ``S3OriginConfig`` from the listing and
    reports the default certificate next to an ACM one; AWS does neither."""
    from botocore.client import BaseClient

    real = BaseClient._make_api_call

    def answer(self: Any, operation: str, params: Any) -> Any:
        found = real(self, operation, params)
        if operation == "ListDistributions":
            for summary in found["DistributionList"].get("Items", []):
                for origin in summary["Origins"]["Items"]:
                    origin.update(S3_ORIGINS.get(origin["Id"], {}))
                certificate = summary["ViewerCertificate"]
                if certificate.get("ACMCertificateArn"):
                    certificate["CloudFrontDefaultCertificate"] = False
        return found

    monkeypatch.setattr(BaseClient, "_make_api_call", answer)


def _first_origin(resource: Resource) -> Any:
    assert isinstance(resource, Distribution) and isinstance(resource.origins, tuple)
    return resource.origins[0].origin_id


def _live(regions: tuple[str, ...] = (REGION,)) -> tuple[dict[str, Distribution], Any]:
    run = run_collectors(COLLECTOR, regions=regions)
    return {_first_origin(d): d for d in of_type(run, Distribution)}, run


def test_distributions_match_the_cloudformation_fixture(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_distributions(monkeypatch)
    live, run = _live()
    cfn = {_first_origin(d): d for d in cfn_objects("cloudfront").values()}
    assert sorted(live) == sorted(cfn) == ["old-bucket", "public-bucket", "site-bucket"]
    # AWS requires OriginSslProtocols on every custom origin; the template leaves them out
    # for the http-only origin, and the normalizer keeps none.
    opened = live["public-bucket"]
    assert isinstance(opened.origins, tuple)
    plain = dataclasses.replace(opened.origins[1], ssl_protocols=())
    live["public-bucket"] = dataclasses.replace(opened, origins=(opened.origins[0], plain))
    for key, distribution in live.items():
        assert_same(distribution, cfn[key], ignore=IGNORE[key])
    site = live["site-bucket"]
    assert site.logging_bucket == LOG_BUCKET
    assert live["old-bucket"].logging_bucket is None
    assert site.address.startswith(f"arn:aws:cloudfront::{ACCOUNT}:distribution/")
    assert site.location == CloudLocation(account=ACCOUNT, region=REGION, arn=site.address)
    assert run.gaps == ()
    assert run.calls_by_operation["cloudfront:GetDistributionConfig"] == 3


def test_distributions_are_read_once_per_account(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_distributions(monkeypatch)
    live, run = _live(regions=(REGION, OTHER_REGION))
    assert len(of_type(run, Distribution)) == len(live) == 3
    assert run.calls_by_operation["cloudfront:ListDistributions"] == 1


def test_checks_give_the_same_verdicts_as_on_the_template(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_distributions(monkeypatch)
    _, run = _live()
    live = verdicts(run.results, "aws.cloudfront.", _first_origin)
    from_cfn = verdicts([cfn_result("cloudfront")], "aws.cloudfront.", _first_origin)
    # The template's log bucket is a reference: logging is on, whichever bucket it is.
    assert live == from_cfn
    assert ("aws.cloudfront.distribution_logging_enabled", "site-bucket", "passed") in live
    assert ("aws.cloudfront.distribution_uses_modern_tls", "old-bucket", "failed") in live


def test_a_denied_configuration_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_distributions(monkeypatch)
    fail_calls(monkeypatch, "GetDistributionConfig", message="no")
    live, run = _live()
    assert all(isinstance(d.logging_bucket, Unresolved) for d in live.values())
    assert live["site-bucket"].web_acl_id == WEB_ACL  # the listing is still read
    assert {(g.service, g.reason) for g in run.gaps} == {
        ("cloudfront", "cloudfront:GetDistributionConfig: AccessDenied: no")
    }
    found = verdicts(run.results, "aws.cloudfront.distribution_logging_enabled", _first_origin)
    assert {status for _, _, status in found} == {"unknown"}
