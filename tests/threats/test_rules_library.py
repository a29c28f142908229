"""The packaged rule library as a whole: size, metadata, STRIDE coverage, and every rule
raising a threat on a weak model and none on its hardened variant."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from secfound.controls.objectives import load_objectives
from secfound.threats import rules as rules_module
from secfound.threats.matcher import raise_threats
from secfound.threats.model import (
    Actor,
    Asset,
    Boundary,
    Classification,
    Component,
    Flow,
    Need,
    ThreatModel,
)
from secfound.threats.rules import load_rules, render_table
from secfound.threats.threat import STRIDE, Rule

RULES = load_rules()


def _asset(
    ident: str, classification: Classification, *, integrity: Need, availability: Need
) -> Asset:
    return Asset(
        id=ident,
        name=ident,
        classification=classification,
        confidentiality=Need.HIGH,
        integrity=integrity,
        availability=availability,
    )


def _weak_component(
    ident: str, kind: str, boundary: str, resource_type: str | None, **facts: object
) -> Component:
    """A component with every fact stated unsafe, unless ``facts`` says otherwise."""
    stated: dict[str, object] = {
        "internet_facing": False,
        "encrypted_at_rest": False,
        "logging": False,
        "waf": False,
        "admin_interface": False,
        "secrets_in_environment": False,
        "authenticates_callers": False,
    }
    stated.update(facts)
    return Component(
        id=ident,
        name=ident.title(),
        kind=kind,  # type: ignore[arg-type]
        boundary=boundary,
        resource_type=resource_type,
        resources=(f"res.{ident}",),
        **stated,  # type: ignore[arg-type]
    )


def _flow(ident: str, source: str, target: str, *data: str, **facts: object) -> Flow:
    stated: dict[str, object] = {"protocol": "http", "port": 80, "encrypted": False}
    stated["authenticated"] = False
    stated.update(facts)
    return Flow(id=ident, source=source, target=target, data=data, **stated)  # type: ignore[arg-type]


def weak_model() -> ThreatModel:
    """The sample workload with everything left open."""
    return ThreatModel(
        name="shop",
        version="1",
        path=None,
        assets=(
            _asset("catalog", Classification.PUBLIC, integrity=Need.LOW, availability=Need.LOW),
            _asset(
                "orders", Classification.CONFIDENTIAL, integrity=Need.HIGH, availability=Need.MEDIUM
            ),
            _asset("cards", Classification.RESTRICTED, integrity=Need.HIGH, availability=Need.HIGH),
        ),
        boundaries=(
            Boundary(id="internet", name="Internet", kind="internet"),
            Boundary(id="prod", name="prod", kind="account", aws_id="111111111111"),
            Boundary(id="partner-account", name="partner", kind="account", aws_id="222222222222"),
            Boundary(id="vpc", name="vpc", kind="vpc", parent="prod"),
            Boundary(id="public", name="public", kind="subnet", parent="vpc"),
            Boundary(id="private", name="private", kind="subnet", parent="vpc"),
        ),
        actors=(
            Actor(id="customer", name="Customer", trust="untrusted", boundary="internet"),
            Actor(id="admin", name="Admin", trust="trusted", boundary="internet"),
        ),
        components=(
            _weak_component(
                "lb",
                "aws-service",
                "public",
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                internet_facing=True,
                processes=("orders",),
            ),
            _weak_component(
                "web",
                "process",
                "public",
                "AWS::EC2::Instance",
                internet_facing=True,
                admin_interface=True,
                secrets_in_environment=True,
                processes=("orders",),
            ),
            _weak_component(
                "db",
                "datastore",
                "private",
                "AWS::RDS::DBInstance",
                internet_facing=True,
                stores=("orders", "cards"),
            ),
            _weak_component("queue", "datastore", "private", "AWS::SQS::Queue", stores=("orders",)),
            _weak_component(
                "fn", "aws-service", "private", "AWS::Lambda::Function", secrets_in_environment=True
            ),
            _weak_component(
                "bucket", "datastore", "public", "AWS::S3::Bucket", stores=("catalog",)
            ),
            _weak_component(
                "logs", "datastore", "private", "AWS::Logs::LogGroup", stores=("orders",)
            ),
            _weak_component("role", "aws-service", "prod", "AWS::IAM::Role"),
            Component(
                id="api",
                name="Payments API",
                kind="external-entity",
                boundary="internet",
                trust="untrusted",
            ),
            Component(
                id="partner",
                name="Partner",
                kind="external-entity",
                boundary="partner-account",
                trust="untrusted",
            ),
        ),
        flows=(
            _flow("customer-lb", "customer", "lb", "orders"),
            _flow("customer-web", "customer", "web", "orders", authenticated=True),
            _flow("admin-web", "admin", "web", protocol="ssh", port=22),
            _flow("lb-web", "lb", "web", "orders"),
            _flow("web-db", "web", "db", "orders", "cards"),
            _flow("web-queue", "web", "queue", "orders"),
            _flow("web-logs", "web", "logs", "orders"),
            _flow("queue-fn", "queue", "fn", "orders"),
            _flow("fn-api", "fn", "api", "orders"),
            _flow("api-fn", "api", "fn"),
            _flow("customer-fn", "customer", "fn"),
            _flow("customer-db", "customer", "db"),
            _flow("customer-bucket", "customer", "bucket", "catalog"),
            _flow("partner-role", "partner", "role", protocol="https", port=443),
        ),
    )


SAFE_FACTS = {
    "encrypted_at_rest": True,
    "logging": True,
    "waf": True,
    "admin_interface": False,
    "secrets_in_environment": False,
    "authenticates_callers": True,
}


def hardened_model() -> ThreatModel:
    """The same workload with every stated fact safe and no data store on the internet."""
    weak = weak_model()
    components = []
    for component in weak.components:
        if component.kind == "external-entity":
            components.append(component)
            continue
        facing = component.id == "lb"  # the one public entry point, behind a WAF
        components.append(replace(component, **SAFE_FACTS, internet_facing=facing))
    flows = tuple(
        replace(flow, encrypted=True, authenticated=True, protocol="https", port=443)
        for flow in weak.flows
        if flow.id not in ("customer-db", "customer-bucket")
    )
    return replace(weak, components=tuple(components), flows=flows)


def test_the_library_has_at_least_sixty_rules() -> None:
    assert len(RULES) >= 60


def test_ids_are_unique_well_formed_and_grouped_by_element() -> None:
    ids = [r.id for r in RULES]
    assert len(set(ids)) == len(ids)
    prefixes = {"FLOW": "flow", "ACT": "actor", "BND": "boundary"}
    for rule in RULES:
        match = re.fullmatch(r"SF-(FLOW|PROC|DS|EXT|IAM|ACT|BND)-(\d{3})", rule.id)
        assert match, rule.id
        assert rule.applies_to == prefixes.get(match.group(1), "component"), rule.id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_is_complete(rule: Rule) -> None:
    objectives = load_objectives()
    assert rule.stride in STRIDE
    assert rule.title and rule.description and rule.pack == "secfound-core@1"
    assert rule.capec and all(re.fullmatch(r"CAPEC-[1-9]\d*", c) for c in rule.capec)
    assert rule.cwe and all(re.fullmatch(r"CWE-[1-9]\d*", c) for c in rule.cwe)
    assert rule.attack and all(re.fullmatch(r"T\d{4}(\.\d{3})?", a) for a in rule.attack)
    assert rule.mitigations and set(rule.mitigations) <= set(objectives)
    assert 1 <= rule.likelihood <= 5 and 1 <= rule.impact_floor <= 5
    assert rule.source is not None and rule.line is not None


def test_mitigations_exist_in_the_whole_catalog() -> None:
    from secfound.controls.catalog import load_catalog

    catalog = load_catalog()
    for rule in RULES:
        for objective in rule.mitigations:
            catalog.objective(objective)


@pytest.mark.parametrize("applies_to", ["component", "flow"])
def test_every_stride_category_appears_for_components_and_flows(applies_to: str) -> None:
    found = {r.stride for r in RULES if r.applies_to == applies_to}
    assert found == set(STRIDE)


def test_every_rule_fires_on_the_weak_model() -> None:
    fired = Counter(t.rule.id for t in raise_threats(weak_model(), RULES))
    silent = sorted(r.id for r in RULES if not fired[r.id])
    assert silent == []


def test_no_rule_fires_on_the_hardened_model() -> None:
    assert [t.id for t in raise_threats(hardened_model(), RULES)] == []


@pytest.mark.parametrize(
    "expected",
    [
        "SF-FLOW-001@customer-lb",  # unauthenticated flow crossing a boundary
        "SF-FLOW-002@web-db",  # unencrypted flow with confidential data
        "SF-DS-001@db",  # data store without encryption at rest
        "SF-PROC-003@lb",  # public entry point without WAF
        "SF-PROC-005@web",  # admin interface reachable from the internet
        "SF-PROC-006@fn",  # secrets in environment variables
        "SF-PROC-008@web",  # no logging where sensitive data is handled
        "SF-FLOW-010@partner-role",  # cross-account trust too broad
        "SF-FLOW-007@fn-api",  # third-party API over plain HTTP
        "SF-FLOW-008@api-fn",  # no integrity validation from an external entity
        "SF-DS-007@queue",  # queue without encryption
        "SF-PROC-007@fn",  # Lambda with secrets
    ],
)
def test_the_issue_examples_fire_where_expected(expected: str) -> None:
    assert expected in {t.id for t in raise_threats(weak_model(), RULES)}


# The CAPEC ids pytm's architecture-level rules cite, and the kind of element they target
# there (pytm/threatlib/threats.json): the comparison needs a rule on the same kind of
# element citing the same id.
PYTM_ARCHITECTURE_CAPEC = {
    "flow": {"CAPEC-117", "CAPEC-157", "CAPEC-102", "CAPEC-148", "CAPEC-216", "CAPEC-220"},
    "process": {
        "CAPEC-114",
        "CAPEC-195",
        "CAPEC-21",
        "CAPEC-22",
        "CAPEC-122",
        "CAPEC-180",
        "CAPEC-233",
        "CAPEC-234",
        "CAPEC-125",
        "CAPEC-130",
        "CAPEC-169",
        "CAPEC-217",
        "CAPEC-16",
        "CAPEC-13",
    },
    "datastore": {"CAPEC-122", "CAPEC-124", "CAPEC-130", "CAPEC-268"},
}


def test_the_capec_ids_of_pytm_architecture_rules_are_covered_on_the_same_element() -> None:
    cited = {
        "flow": {c for r in RULES if r.applies_to == "flow" for c in r.capec},
        "process": {c for r in RULES if re.match(r"SF-(PROC|IAM)-", r.id) for c in r.capec},
        "datastore": {c for r in RULES if r.id.startswith("SF-DS-") for c in r.capec},
    }
    for element, wanted in PYTM_ARCHITECTURE_CAPEC.items():
        assert wanted - cited[element] == set(), element


def test_the_docs_table_is_current() -> None:
    text = rules_module.DOCS_FILE.read_text(encoding="utf-8")
    assert render_table(RULES) in text
    assert rules_module.main(["--check"]) == 0
