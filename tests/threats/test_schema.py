"""``load_model``: a valid model loads and round-trips; every error says what was expected,
at the line of the offending entry."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from secfound.errors import ConfigError
from secfound.threats.model import Classification, Need, ThreatModel
from secfound.threats.schema import element_ids, load_model, model_to_data

VALID = textwrap.dedent(
    """\
    version: 1
    name: orders
    description: The orders web application.
    assets:
      - id: customer-orders
        name: Customer orders
        classification: confidential
        confidentiality: high
        integrity: high
        availability: medium
      - id: catalog
        name: Product catalog
        classification: public
        confidentiality: low
        integrity: medium
        availability: high
    boundaries:
      - id: internet
        name: Internet
        kind: internet
      - id: prod-ou
        name: Prod
        kind: ou
      - id: prod-account
        name: orders-prod
        kind: account
        parent: prod-ou
        aws_id: "123456789012"
      - id: orders-vpc
        name: orders VPC
        kind: vpc
        parent: prod-account
    actors:
      - id: customer
        name: Customer
        trust: untrusted
        boundary: internet
    components:
      - id: load-balancer
        name: Load balancer
        kind: aws-service
        boundary: orders-vpc
        resource_type: AWS::ElasticLoadBalancingV2::LoadBalancer
        resources: [LoadBalancer, aws_lb.load_balancer]
        internet_facing: true
        waf: false
        processes: [customer-orders]
      - id: orders-db
        name: Orders database
        kind: datastore
        boundary: orders-vpc
        resource_type: AWS::RDS::DBInstance
        resources: [OrdersDatabase]
        stores: [customer-orders, catalog]
        encrypted_at_rest: true
        logging: false
        tags: {team: orders}
      - id: payments-api
        name: Payments API
        kind: external-entity
        trust: trusted
        description: A third party.
    flows:
      - id: customer-to-lb
        from: customer
        to: load-balancer
        protocol: https
        port: 443
        encrypted: true
        authenticated: false
        data: [customer-orders]
      - id: lb-to-db
        from: load-balancer
        to: orders-db
        protocol: postgres
        port: 5432
    assumptions:
      - id: tls-at-lb
        text: TLS terminates at the load balancer.
    accepted:
      - threat: SF-DS-002@orders-db
        by: alice@example.com
        reason: Snapshots are copied nightly.
        until: 2027-03-31
      - threat: SF-FL-001@customer-to-lb
        by: bob@example.com
        reason: Quoted dates are dates too.
        until: "2027-04-30"
    """
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "threatmodel.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_model(_write(tmp_path, text))
    return caught.value


def _line(text: str, marker: str) -> int:
    """The 1-based line of the only line of ``text`` containing ``marker``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(found) == 1, (marker, found)
    return found[0]


def _edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- a valid model ------------------------------------------------------------------------


def test_a_full_model_loads_with_every_reference_linked(tmp_path: Path) -> None:
    model = load_model(_write(tmp_path, VALID))

    assert model.name == "orders"
    assert [a.id for a in model.assets] == ["customer-orders", "catalog"]
    assert model.asset("customer-orders").classification is Classification.CONFIDENTIAL
    assert model.asset("catalog").availability is Need.HIGH
    db = model.element("orders-db")
    assert db.kind == "datastore"
    assert db.stores == ("customer-orders", "catalog")
    assert db.encrypted_at_rest is True
    assert db.internet_facing is None  # left out: not known
    assert dict(db.tags) == {"team": "orders"}
    assert db.line == _line(VALID, "- id: orders-db")
    flow = model.flows[0]
    assert (flow.source, flow.target, flow.port, flow.encrypted) == (
        "customer",
        "load-balancer",
        443,
        True,
    )
    assert [b.id for b in model.boundary_chain("orders-vpc")] == [
        "orders-vpc",
        "prod-account",
        "prod-ou",
    ]
    assert model.boundary("prod-account").aws_id == "123456789012"
    assert [a.until for a in model.accepted] == [date(2027, 3, 31), date(2027, 4, 30)]
    assert model.accepted[0].line == _line(VALID, "SF-DS-002@orders-db")
    assert "customer-to-lb" in set(element_ids(model))


def _without_places(model: ThreatModel) -> ThreatModel:
    return replace(model, path=None)


def test_the_normalized_model_round_trips(tmp_path: Path) -> None:
    model = load_model(_write(tmp_path, VALID))
    data = model_to_data(model)

    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    reloaded = load_model(again)

    assert _without_places(reloaded) == _without_places(model)
    assert data["flows"][0]["from"] == "customer"
    assert "internet_facing" not in data["components"][1]  # not known stays not stated
    assert data["accepted"][0]["until"] == "2027-03-31"


def test_a_minimal_model_needs_only_version_and_name(tmp_path: Path) -> None:
    model = load_model(_write(tmp_path, "version: 1\nname: tiny\n"))
    assert (model.name, model.components, model.flows) == ("tiny", (), ())


# --- shape errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "marker", "expected"),
    [
        pytest.param(
            "name: orders\n",
            "name: orders\nowner: me\n",
            "owner: me",
            ["unknown key 'owner'", "expected one of", "components", "flows", "version"],
            id="unknown-top-level-key",
        ),
        pytest.param(
            "    waf: false\n",
            "    waf: false\n    public: true\n",
            "public: true",
            ["components[0]: unknown key 'public'", "internet_facing", "encrypted_at_rest"],
            id="unknown-component-key",
        ),
        pytest.param(
            "    protocol: postgres\n",
            "    protocol: postgres\n    source: x\n",
            "source: x",
            ["flows[1]: unknown key 'source'", "from", "to", "authenticated"],
            id="unknown-flow-key-names-from-and-to",
        ),
        pytest.param(
            "    classification: public\n",
            "    classification: secret\n",
            "classification: secret",
            ["assets[1].classification", "'public'", "'restricted'"],
            id="classification-enum",
        ),
        pytest.param(
            "    integrity: medium\n",
            "    integrity: average\n",
            "integrity: average",
            ["assets[1].integrity", "'low'", "'high'"],
            id="need-enum",
        ),
        pytest.param(
            "    kind: external-entity\n",
            "    kind: third-party\n",
            "kind: third-party",
            ["components[2].kind", "'process'", "'aws-service'"],
            id="component-kind-enum",
        ),
        pytest.param(
            "    kind: ou\n",
            "    kind: region\n",
            "kind: region",
            ["boundaries[1].kind", "'internet'", "'subnet'"],
            id="boundary-kind-enum",
        ),
        pytest.param(
            "    trust: untrusted\n",
            "    trust: maybe\n",
            "trust: maybe",
            ["actors[0].trust", "'trusted'", "'untrusted'"],
            id="trust-enum",
        ),
        pytest.param(
            "  - id: orders-db\n",
            "  - id: Orders_DB\n",
            "id: Orders_DB",
            ["components[1].id", "kebab-case", "'Orders_DB'"],
            id="id-not-kebab-case",
        ),
        pytest.param(
            "    port: 443\n",
            '    port: "443"\n',
            'port: "443"',
            ["flows[0].port", "whole number", "'443'"],
            id="port-as-text",
        ),
        pytest.param(
            "    port: 443\n",
            "    port: 70000\n",
            "port: 70000",
            ["flows[0].port", "65535"],
            id="port-out-of-range",
        ),
        pytest.param(
            "    port: 443\n",
            "    port: true\n",
            "port: true",
            ["flows[0].port", "whole number"],
            id="port-as-boolean",
        ),
        pytest.param(
            "    encrypted: true\n",
            "    encrypted: sometimes\n",
            "encrypted: sometimes",
            ["flows[0].encrypted", "true or false", "'sometimes'"],
            id="boolean-as-text",
        ),
        pytest.param(
            'until: "2027-04-30"',
            'until: "2027-02-30"',
            'until: "2027-02-30"',
            ["accepted[1].until", "is no day"],
            id="until-no-such-day",
        ),
        pytest.param(
            'until: "2027-04-30"',
            "until: next spring",
            "until: next spring",
            ["accepted[1].until", "expected a date (YYYY-MM-DD)"],
            id="until-not-a-date",
        ),
        pytest.param(
            'until: "2027-04-30"',
            "until: 2027-04-30T10:00:00",
            "until: 2027-04-30T10:00:00",
            ["accepted[1].until", "not a date and time"],
            id="until-a-time",
        ),
        pytest.param(
            '    aws_id: "123456789012"\n',
            "    aws_id: 123456789012\n",
            "aws_id: 123456789012",
            ["boundaries[2].aws_id", 'quote account ids: "123456789012"'],
            id="account-id-unquoted",
        ),
        pytest.param(
            "    trust: trusted\n",
            "    trust: trusted\n    resource_type: rds\n",
            "resource_type: rds",
            ["components[2].resource_type", "AWS::RDS::DBInstance"],
            id="resource-type-not-a-type-name",
        ),
    ],
)
def test_shape_errors_say_what_was_expected_at_their_line(
    tmp_path: Path, old: str, new: str, marker: str, expected: list[str]
) -> None:
    text = _edit(old, new)
    error = _error(tmp_path, text)
    assert error.line == _line(text, marker), error
    assert error.path == str(tmp_path / "threatmodel.yaml")
    for part in expected:
        assert part in error.message, (part, error.message)


def test_a_missing_key_is_reported_at_its_entry(tmp_path: Path) -> None:
    text = _edit("    confidentiality: low\n", "")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "- id: catalog")
    assert "assets[1]: missing required key 'confidentiality'" in error.message


def test_version_must_be_one(tmp_path: Path) -> None:
    text = _edit("version: 1\n", "version: 2\n")
    error = _error(tmp_path, text)
    assert (error.line, "version") == (1, "version")
    assert "1" in error.message and "version" in error.message


def test_an_empty_file_is_not_a_model(tmp_path: Path) -> None:
    error = _error(tmp_path, "")
    assert "expected a mapping" in error.message


def test_a_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    text = _edit("    tags: {team: orders}\n", "    tags: [orders]\n")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "tags: [orders]")
    assert "components[1].tags" in error.message


def test_an_unquoted_impossible_date_is_a_yaml_error_at_its_line(tmp_path: Path) -> None:
    text = _edit("until: 2027-03-31", "until: 2027-13-31")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "until: 2027-13-31")


def test_a_key_given_twice_is_an_error(tmp_path: Path) -> None:
    text = _edit("    waf: false\n", "    waf: false\n    waf: true\n")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "waf: true")
    assert "appears twice" in error.message


# --- references -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "marker", "expected"),
    [
        pytest.param(
            "    to: orders-db\n",
            "    to: order-db\n",
            "to: order-db",
            [
                "flows[1].to: unknown component or actor 'order-db'",
                "did you mean 'orders-db'?",
                "known: customer, load-balancer, orders-db, payments-api",
            ],
            id="flow-target",
        ),
        pytest.param(
            "    from: customer\n",
            "    from: visitor\n",
            "from: visitor",
            ["flows[0].from: unknown component or actor 'visitor'", "known: customer"],
            id="flow-source",
        ),
        pytest.param(
            "    data: [customer-orders]\n",
            "    data: [customer-order]\n",
            "data: [customer-order]",
            ["flows[0].data[0]: unknown asset 'customer-order'", "'customer-orders'"],
            id="flow-data",
        ),
        pytest.param(
            "    stores: [customer-orders, catalog]\n",
            "    stores: [customer-orders, catalogue]\n",
            "stores: [customer-orders, catalogue]",
            ["components[1].stores[1]: unknown asset 'catalogue'", "did you mean 'catalog'?"],
            id="component-stores",
        ),
        pytest.param(
            "    processes: [customer-orders]\n",
            "    processes: [payments]\n",
            "processes: [payments]",
            ["components[0].processes[0]: unknown asset 'payments'"],
            id="component-processes",
        ),
        pytest.param(
            "    waf: false\n",
            "    waf: false\n    boundary: dmz\n",
            "boundary: dmz",
            [],  # a key given twice: the YAML reader's error comes first
            id="key-twice-before-references",
        ),
        pytest.param(
            "    boundary: internet\n",
            "    boundary: internets\n",
            "boundary: internets",
            ["actors[0].boundary: unknown boundary 'internets'", "did you mean 'internet'?"],
            id="actor-boundary",
        ),
        pytest.param(
            "    parent: prod-ou\n",
            "    parent: production-ou\n",
            "parent: production-ou",
            [
                "boundaries[2].parent: unknown boundary 'production-ou'",
                "did you mean 'prod-ou'?",
                "known: internet, orders-vpc",
            ],
            id="boundary-parent",
        ),
        pytest.param(
            "  - threat: SF-DS-002@orders-db\n",
            "  - threat: SF-DS-002@orders-dbs\n",
            "SF-DS-002@orders-dbs",
            ["accepted[0].threat: unknown element 'orders-dbs'", "did you mean 'orders-db'?"],
            id="accepted-element",
        ),
        pytest.param(
            "  - threat: SF-DS-002@orders-db\n",
            "  - threat: SF-DS-002\n",
            "threat: SF-DS-002",
            ["expected <rule id>@<element id>"],
            id="accepted-without-element",
        ),
        pytest.param(
            "  - threat: SF-DS-002@orders-db\n",
            "  - threat: '@orders-db'\n",
            "threat: '@orders-db'",
            ["expected <rule id>@<element id>"],
            id="accepted-without-rule",
        ),
    ],
)
def test_references_must_exist(
    tmp_path: Path, old: str, new: str, marker: str, expected: list[str]
) -> None:
    text = _edit(old, new)
    error = _error(tmp_path, text)
    assert error.line == _line(text, marker), error
    for part in expected:
        assert part in error.message, (part, error.message)


def test_a_component_boundary_must_exist(tmp_path: Path) -> None:
    text = _edit(
        "    boundary: orders-vpc\n    resource_type: AWS::RDS",
        "    boundary: dmz\n    resource_type: AWS::RDS",
    )
    error = _error(tmp_path, text)
    assert error.line == _line(text, "boundary: dmz")
    assert "components[1].boundary: unknown boundary 'dmz'" in error.message
    assert "known: internet, orders-vpc, prod-account, prod-ou" in error.message


def test_duplicate_ids_within_a_section(tmp_path: Path) -> None:
    text = _edit("  - id: catalog\n", "  - id: customer-orders\n")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "name: Product catalog") - 1
    assert "'customer-orders' is already the id of the asset at line 5" in error.message


def test_element_ids_are_unique_across_sections(tmp_path: Path) -> None:
    # A threat id names its element by id alone: a component and an actor may not share one.
    text = _edit("  - id: payments-api\n", "  - id: customer\n")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "name: Payments API") - 1
    assert "'customer' is already the id of the actor at line" in error.message
    assert "among boundaries, components, actors and flows" in error.message


def test_a_boundary_cannot_be_its_own_ancestor(tmp_path: Path) -> None:
    text = _edit("    kind: ou\n", "    kind: ou\n    parent: orders-vpc\n")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "parent: orders-vpc")
    assert "prod-ou -> orders-vpc -> prod-account -> prod-ou" in error.message


def test_a_boundary_that_is_its_own_parent(tmp_path: Path) -> None:
    text = _edit("    kind: internet\n", "    kind: internet\n    parent: internet\n")
    error = _error(tmp_path, text)
    assert error.line == _line(text, "parent: internet")
    assert "(internet -> internet)" in error.message


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_model(tmp_path / "absent.yaml")
