"""Live load balancers (ELBv2, with their listeners and WAF web ACL): parity with the
CloudFormation fixture, faults, and the checks."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    verdicts,
)

from secfound.model.aws.elbv2 import LoadBalancer
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "elbv2.load_balancers"
FIXED = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}]
# Why a field cannot match, per load balancer.
IGNORE: dict[str, dict[str, str]] = {
    "web": {"web_acl_arn": "!GetAtt WebAcl.Arn is known only once the web ACL exists"},
    "legacy": {"drop_invalid_header_fields": "!Ref DropHeaders has no value in the template"},
    "internal": {},
}


def _create_parity_load_balancers() -> str:
    """tests/parity/elbv2/template.yaml, created in moto; returns the web ACL's ARN."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{z}")[
            "Subnet"
        ]["SubnetId"]
        for i, z in ((1, "a"), (2, "b"))
    ]
    certificate = boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="example.com"
    )["CertificateArn"]
    tls = {"Certificates": [{"CertificateArn": certificate}], "DefaultActions": FIXED}
    elb = boto3.client("elbv2", region_name=REGION)

    def create(name: str, **options: Any) -> str:
        created = elb.create_load_balancer(Name=name, Subnets=subnets, **options)
        return str(created["LoadBalancers"][0]["LoadBalancerArn"])

    web = create("web")
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=web,
        Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": "lb-logs"},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
            {"Key": "deletion_protection.enabled", "Value": "true"},
        ],
    )
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    elb.create_listener(
        LoadBalancerArn=web,
        Port=80,
        Protocol="HTTP",
        DefaultActions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )
    elb.create_listener(
        LoadBalancerArn=web,
        Port=443,
        Protocol="HTTPS",
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        **tls,
    )
    legacy = create("legacy")
    elb.create_listener(LoadBalancerArn=legacy, Port=80, Protocol="HTTP", DefaultActions=FIXED)
    elb.create_listener(LoadBalancerArn=legacy, Port=443, Protocol="HTTPS", **tls)
    internal = create("internal", Type="network", Scheme="internal")
    elb.create_listener(
        LoadBalancerArn=internal,
        Port=443,
        Protocol="TLS",
        SslPolicy="ELBSecurityPolicy-TLS-1-1-2017-01",
        **tls,
    )
    waf = boto3.client("wafv2", region_name=REGION)
    acl = waf.create_web_acl(
        Name="web",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig={
            "SampledRequestsEnabled": True,
            "CloudWatchMetricsEnabled": True,
            "MetricName": "web",
        },
    )["Summary"]["ARN"]
    waf.associate_web_acl(WebACLArn=acl, ResourceArn=web)
    return str(acl)


def _live() -> tuple[dict[str, LoadBalancer], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, LoadBalancer), "name"), run


def test_load_balancers_match_the_cloudformation_fixture(aws: None) -> None:
    acl = _create_parity_load_balancers()
    live, run = _live()
    cfn = {lb.name: lb for lb in cfn_objects("elbv2").values() if isinstance(lb, LoadBalancer)}
    assert sorted(live) == sorted(cfn) == ["internal", "legacy", "web"]
    for name, load_balancer in live.items():
        assert_same(load_balancer, cfn[name], ignore=IGNORE[name])
    web = live["web"]
    assert web.web_acl_arn == acl
    assert live["legacy"].web_acl_arn is None
    assert live["legacy"].drop_invalid_header_fields is False  # AWS's default
    assert web.address.startswith(f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:")
    assert web.location == CloudLocation(account=ACCOUNT, region=REGION, arn=web.address)
    assert run.gaps == ()
    # WAF protects application load balancers only: no WAF call for the network one.
    assert run.calls_by_operation["wafv2:GetWebACLForResource"] == 2


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_load_balancers()
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.elbv2.", name)
    from_cfn = verdicts([cfn_result("elbv2")], "aws.elbv2.", name)
    headers = "aws.elbv2.load_balancer_drops_invalid_headers"
    assert (headers, "legacy", "unknown") in from_cfn
    assert live == (from_cfn - {(headers, "legacy", "unknown")}) | {(headers, "legacy", "failed")}
    assert ("aws.elbv2.load_balancer_protected_by_waf", "web", "passed") in live
    assert ("aws.elbv2.load_balancer_protected_by_waf", "legacy", "failed") in live


def _fails(monkeypatch: pytest.MonkeyPatch, operation_name: str, code: str) -> None:
    fail_calls(
        monkeypatch,
        operation_name,
        code=code,
        message="no",
        when=lambda params: (
            "/legacy/" in str(params.get("LoadBalancerArn") or params.get("ResourceArn") or "")
        ),
    )


@pytest.mark.parametrize(
    ("operation", "action", "field", "check"),
    [
        (
            "DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "access_logs_enabled",
            "load_balancer_access_logs_enabled",
        ),
        (
            "DescribeListeners",
            "elasticloadbalancing:DescribeListeners",
            "listeners",
            "load_balancer_uses_strong_tls_policy",
        ),
        (
            "GetWebACLForResource",
            "wafv2:GetWebACLForResource",
            "web_acl_arn",
            "load_balancer_protected_by_waf",
        ),
    ],
)
def test_a_denied_detail_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch, operation: str, action: str, field: str, check: str
) -> None:
    _create_parity_load_balancers()
    _fails(monkeypatch, operation, "AccessDenied")
    live, run = _live()
    assert isinstance(getattr(live["legacy"], field), Unresolved)
    assert not isinstance(getattr(live["web"], field), Unresolved)
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "elbv2", f"{action}: AccessDenied: no")
    ]
    found = verdicts(run.results, f"aws.elbv2.{check}", attrgetter("name"))
    assert (f"aws.elbv2.{check}", "legacy", "unknown") in found


def test_a_load_balancer_deleted_meanwhile_is_skipped(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_load_balancers()
    _fails(monkeypatch, "DescribeListeners", "LoadBalancerNotFound")
    live, run = _live()
    assert sorted(live) == ["internal", "web"]
    assert run.gaps == ()
