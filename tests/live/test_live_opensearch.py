"""Live OpenSearch domains: parity with tests/parity/opensearch, batched reads, a denied
batch, and the checks on live domains."""

from __future__ import annotations

import dataclasses
import json
from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    RUN_CALLS,
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    template_properties,
    verdicts,
)

from secfound.collect.live.collector import builtin_collectors
from secfound.model.aws.opensearch import Domain
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "opensearch.domains"
LEGACY_VERSION = {
    "engine_version": "the OpenSearch API writes Elasticsearch_7.10 where the legacy type "
    "writes ElasticsearchVersion 7.10",
}
OPEN_LEFT_OPEN = {
    "encryption_at_rest_enabled": "!Ref EncryptOpen has no value in the template",
    "engine_version": "the template leaves the version to AWS, which reports the one it chose",
    "tls_security_policy": "the template leaves the policy to AWS, which reports its default",
}


def _policy(logical_id: str) -> str:
    return json.dumps(template_properties("opensearch", logical_id)["AccessPolicies"])


def _create_parity_domains() -> str:
    """tests/parity/opensearch/template.yaml, created in moto; the ARN of alias/search."""
    kms = boto3.client("kms", region_name=REGION)
    key = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName="alias/search", TargetKeyId=key)
    search = boto3.client("opensearch", region_name=REGION)
    search.create_domain(
        DomainName="search",
        EngineVersion="OpenSearch_2.11",
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": key},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={
            "EnforceHTTPS": True,
            "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10",
        },
        VPCOptions={
            "SubnetIds": ["subnet-0a1b2c3d4e5f60718"],
            "SecurityGroupIds": ["sg-0123456789abcdef0"],
        },
        AccessPolicies=_policy("SearchDomain"),
    )
    # The legacy type's domain, as the OpenSearch API (which answers for both) names it.
    search.create_domain(
        DomainName="legacy",
        EngineVersion="Elasticsearch_7.10",
        DomainEndpointOptions={"EnforceHTTPS": True},
        AccessPolicies=_policy("LegacyDomain"),
    )
    search.create_domain(DomainName="open")  # EncryptOpen chosen false
    return key


def _live() -> tuple[dict[str, Domain], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Domain), "name"), run


def test_domains_match_the_template(aws: None) -> None:
    key = _create_parity_domains()
    live, run = _live()
    cfn = {d.name: d for d in cfn_objects("opensearch").values() if isinstance(d, Domain)}
    assert sorted(live) == sorted(cfn) == ["legacy", "open", "search"]
    search = live["search"]
    assert search.kms_key_id == key
    assert_same(dataclasses.replace(search, kms_key_id="alias/search"), cfn["search"])
    assert_same(live["legacy"], cfn["legacy"], ignore=LEGACY_VERSION)
    assert live["legacy"].engine_version == "Elasticsearch_7.10"
    assert_same(live["open"], cfn["open"], ignore=OPEN_LEFT_OPEN)
    assert live["open"].encryption_at_rest_enabled is False
    assert live["open"].tls_security_policy == "Policy-Min-TLS-1-0-2019-07"
    assert live["open"].vpc_subnet_ids is None
    arn = f"arn:aws:es:{REGION}:{ACCOUNT}:domain/search"
    assert search.address == arn
    assert search.location == CloudLocation(account=ACCOUNT, region=REGION, arn=arn)
    assert run.gaps == ()
    assert run.calls_by_operation["opensearch:DescribeDomains"] == 1


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_domains()
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.opensearch.", name)
    from_cfn = verdicts([cfn_result("opensearch")], "aws.opensearch.", name)
    at_rest = "aws.opensearch.domain_encrypted_at_rest"
    tls = "aws.opensearch.domain_requires_tls_1_2"
    assert {(at_rest, "open", "unknown"), (tls, "open", "failed")} <= from_cfn
    # Live knows what the template leaves open; the verdicts stay the same (failed).
    expected = (from_cfn - {(at_rest, "open", "unknown")}) | {(at_rest, "open", "failed")}
    assert live == expected
    assert ("aws.opensearch.domain_access_policy_not_public", "legacy", "failed") in live
    assert ("aws.opensearch.domain_in_vpc", "search", "passed") in live


def test_domains_are_described_five_at_a_time(aws: None) -> None:
    search = boto3.client("opensearch", region_name=REGION)
    for number in range(7):
        search.create_domain(DomainName=f"domain-{number}")
    live, run = _live()
    assert len(live) == 7
    assert run.calls_by_operation["opensearch:ListDomainNames"] == 1
    assert run.calls_by_operation["opensearch:DescribeDomains"] == 2


def test_a_denied_batch_is_unresolved_and_a_gap(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_domains()
    fail_calls(monkeypatch, "DescribeDomains", code="AccessDeniedException", message="no")
    live, run = _live()
    assert sorted(live) == ["legacy", "open", "search"]
    open_domain = live["open"]
    assert open_domain.address == f"arn:aws:es:{REGION}:{ACCOUNT}:domain/open"
    assert isinstance(open_domain.vpc_subnet_ids, Unresolved)
    assert isinstance(open_domain.access_policy, Unresolved)
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "opensearch", "es:DescribeDomains: AccessDeniedException: no")
    ]
    found = verdicts(run.results, "aws.opensearch.", attrgetter("name"))
    # A domain nobody could read is neither in a VPC nor free of a public policy.
    assert {s for c, n, s in found if n == "open"} == {"unknown"}
    assert ("aws.opensearch.domain_in_vpc", "open", "unknown") in found


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    _create_parity_domains()
    _, run = _live()
    (spec,) = [s for s in builtin_collectors() if s.id == COLLECTOR]
    called = {op.split(":", 1)[1] for op in run.calls_by_operation if op.startswith("opensearch:")}
    # kms:ListAliases tells AWS managed keys from the customer's (managed_keys)
    own = {f"opensearch:{name}" for name in called}
    assert set(run.calls_by_operation) - RUN_CALLS == own | {"kms:ListAliases"}
    assert {f"es:{name}" for name in called} | {"kms:ListAliases"} == set(spec.actions)
