"""The rule matcher and the rule file loader: every operator and predicate, errors at
file:line, facts not stated, determinism, user rule files."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from secfound.errors import ConfigError
from secfound.threats.matcher import Graph, compile_condition, known_fields, raise_threats
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
from secfound.threats.rules import load_rule_file, load_rules, packaged_rule_files
from secfound.threats.threat import Rule, Stride

OBJECTIVES = frozenset({"data-in-transit-encrypted", "least-privilege-permissions"})


def _asset(ident: str, classification: Classification, integrity: Need = Need.LOW) -> Asset:
    return Asset(
        id=ident,
        name=ident,
        classification=classification,
        confidentiality=Need.MEDIUM,
        integrity=integrity,
        availability=Need.HIGH if classification is Classification.RESTRICTED else Need.LOW,
    )


MODEL = ThreatModel(
    name="shop",
    version="1",
    path=None,
    assets=(
        _asset("catalog", Classification.PUBLIC),
        _asset("orders", Classification.CONFIDENTIAL, Need.HIGH),
        _asset("cards", Classification.RESTRICTED),
    ),
    boundaries=(
        Boundary(id="internet", name="Internet", kind="internet"),
        Boundary(id="acct-a", name="prod", kind="account", aws_id="111111111111"),
        Boundary(id="acct-b", name="partner", kind="account", aws_id="222222222222"),
        Boundary(id="vpc", name="vpc", kind="vpc", parent="acct-a"),
        Boundary(id="public", name="public", kind="subnet", parent="vpc"),
        Boundary(id="private", name="private", kind="subnet", parent="vpc"),
    ),
    actors=(
        Actor(id="user", name="User", trust="untrusted", boundary="internet"),
        Actor(id="admin", name="Admin", trust="trusted"),
    ),
    components=(
        Component(
            id="lb",
            name="Load balancer",
            kind="aws-service",
            boundary="public",
            resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
            resources=("aws_lb.main",),
            internet_facing=True,
        ),
        Component(
            id="app",
            name="App",
            kind="process",
            boundary="private",
            resource_type="AWS::EC2::Instance",
            resources=("aws_instance.app", "arn:aws:ec2:eu-west-1:111111111111:instance/i-1"),
            processes=("orders",),
            authenticates_callers=False,
            admin_interface=True,
        ),
        Component(
            id="db",
            name="Database",
            kind="datastore",
            boundary="private",
            resource_type="AWS::RDS::DBInstance",
            resources=("aws_db_instance.main",),
            stores=("cards",),
            encrypted_at_rest=False,
            logging=True,
        ),
        Component(
            id="partner",
            name="Partner",
            kind="external-entity",
            boundary="acct-b",
            trust="untrusted",
        ),
        Component(
            id="role",
            name="Role",
            kind="aws-service",
            boundary="acct-a",
            resource_type="AWS::IAM::Role",
        ),
    ),
    flows=(
        Flow(
            id="user-lb",
            source="user",
            target="lb",
            protocol="https",
            port=443,
            encrypted=True,
            data=("catalog",),
        ),
        Flow(
            id="lb-app",
            source="lb",
            target="app",
            protocol="HTTP",
            port=80,
            encrypted=False,
            authenticated=True,
            data=("orders",),
        ),
        Flow(id="app-db", source="app", target="db", data=("cards",)),
        Flow(
            id="partner-role",
            source="partner",
            target="role",
            encrypted=True,
            authenticated=False,
        ),
        Flow(id="admin-app", source="admin", target="app", protocol="ssh", port=22),
    ),
)
GRAPH = Graph(MODEL)
SCOPES: dict[str, Any] = {
    "component": GRAPH.components,
    "actor": GRAPH.actors,
    "boundary": GRAPH.boundaries,
    "flow": {f.id: f for f in MODEL.flows},
}


def matching(condition: Any, scope: str) -> set[str]:
    """The ids of the elements of ``scope`` the condition matches."""
    compiled = compile_condition(condition, scope)  # type: ignore[arg-type]
    return {i for i, element in SCOPES[scope].items() if compiled(GRAPH, element)}


# ---- field tests and facts not stated ------------------------------------------------


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        # user-lb: encrypted True; lb-app: False; app-db, admin-app: not stated (None).
        ({"is": True}, {"user-lb", "partner-role"}),
        ({"is": False}, {"lb-app", "app-db", "admin-app"}),
        ({"is_not": True}, {"lb-app", "app-db", "admin-app"}),
        ({"is_not": False}, {"user-lb", "partner-role"}),
        ({"exists": True}, {"user-lb", "lb-app", "partner-role"}),
        ({"exists": False}, {"app-db", "admin-app"}),
    ],
)
def test_boolean_tests_treat_a_fact_not_stated_as_not_safe(
    test: dict[str, Any], expected: set[str]
) -> None:
    assert matching({"field": "encrypted", **test}, "flow") == expected


def test_not_of_is_false_matches_only_stated_true() -> None:
    assert matching({"not": {"field": "encrypted", "is": False}}, "flow") == {
        "user-lb",
        "partner-role",
    }


def test_eq_and_in_ignore_case_and_never_match_a_missing_value() -> None:
    assert matching({"field": "protocol", "eq": "http"}, "flow") == {"lb-app"}
    assert matching({"field": "protocol", "in": ["HTTPS", "ssh"]}, "flow") == {
        "user-lb",
        "admin-app",
    }
    assert matching({"field": "port", "in": [22, 80]}, "flow") == {"lb-app", "admin-app"}
    # Not stated is not "something else": negation is the way to ask for it.
    assert matching({"not": {"field": "protocol", "in": ["http", "https", "ssh"]}}, "flow") == {
        "app-db",
        "partner-role",
    }


def test_at_least_on_derived_classification_and_needs() -> None:
    assert matching({"field": "classification", "at_least": "confidential"}, "flow") == {
        "lb-app",
        "app-db",
    }
    assert matching({"field": "integrity", "at_least": "high"}, "flow") == {"lb-app"}
    # A component's data: what it stores and processes and what its flows carry.
    assert matching({"field": "classification", "at_least": "restricted"}, "component") == {
        "app",
        "db",
    }
    # No data at all: the classification is not known, and never "at least public".
    assert "role" not in matching({"field": "classification", "at_least": "public"}, "component")
    assert matching({"field": "classification", "exists": False}, "component") == {
        "partner",
        "role",
    }


def test_enum_and_text_fields() -> None:
    assert matching({"field": "trust", "eq": "untrusted"}, "component") == {"partner"}
    assert matching({"field": "trust", "eq": "trusted"}, "actor") == {"admin"}
    assert matching({"field": "boundary_kind", "eq": "subnet"}, "component") == {"lb", "app", "db"}
    assert matching({"field": "aws_id", "exists": True}, "boundary") == {"acct-a", "acct-b"}
    assert matching({"field": "resources", "exists": True}, "component") == {"lb", "app", "db"}


# ---- combinators and element filters ------------------------------------------------


def test_combinators() -> None:
    facing = {"field": "internet_facing", "is": True}
    admin = {"field": "admin_interface", "is": True}
    assert matching({"any": [facing, admin]}, "component") == {"lb", "app"}
    assert matching({"all": [facing, admin]}, "component") == set()
    assert matching({"not": {"any": [facing, admin]}}, "component") == {"db", "partner", "role"}


def test_kind_resource_type_globs_and_within() -> None:
    assert matching({"kind": ["datastore", "external-entity"]}, "component") == {"db", "partner"}
    assert matching({"kind": "account"}, "boundary") == {"acct-a", "acct-b"}
    assert matching({"resource_type": ["AWS::RDS::*", "AWS::IAM::Role"]}, "component") == {
        "db",
        "role",
    }
    assert matching({"resource_type": "AWS::*"}, "component") == {"lb", "app", "db", "role"}
    assert matching({"within": {"kind": "vpc"}}, "component") == {"lb", "app", "db"}
    assert matching({"within": {"id": "acct-a"}}, "component") == {"lb", "app", "db", "role"}
    assert matching({"within": {"kind": "internet"}}, "actor") == {"user"}
    # A boundary is within itself and its parents.
    assert matching({"within": {"kind": "vpc"}}, "boundary") == {"vpc", "public", "private"}


# ---- graph predicates --------------------------------------------------------------


def test_crosses_boundary() -> None:
    assert matching({"crosses_boundary": True}, "flow") == {
        "user-lb",
        "lb-app",
        "partner-role",
        "admin-app",
    }
    assert matching({"crosses_boundary": False}, "flow") == {"app-db"}
    assert matching({"crosses_boundary": {"kind": "internet"}}, "flow") == {"user-lb"}
    assert matching({"crosses_boundary": {"kind": ["account"]}}, "flow") == {
        "user-lb",
        "partner-role",
        "admin-app",
    }


def test_from_internet_cross_account_source_and_target() -> None:
    assert matching({"from_internet": True}, "flow") == {"user-lb"}
    internet_partner = replace(MODEL.components[3], boundary="internet")
    model = replace(
        MODEL, components=(*MODEL.components[:3], internet_partner, MODEL.components[4])
    )
    compiled = compile_condition({"from_internet": True}, "flow")
    assert [f.id for f in model.flows if compiled(Graph(model), f)] == ["user-lb", "partner-role"]
    assert matching({"cross_account": True}, "flow") == {"partner-role"}
    assert matching({"source": {"kind": ["actor"]}}, "flow") == {"user-lb", "admin-app"}
    assert matching({"target": {"field": "admin_interface", "is": True}}, "flow") == {
        "lb-app",
        "admin-app",
    }
    # An actor end lacks component facts: they are not known there.
    assert matching({"source": {"field": "logging", "is": False}}, "flow") == set(SCOPES["flow"])


def test_reachable_from_internet_is_direct() -> None:
    assert matching({"reachable_from_internet": True}, "component") == {"lb"}
    assert matching({"reachable_from_internet": False}, "actor") == {"user", "admin"}


def test_carries_holds_flows_and_contains() -> None:
    assert matching({"carries": {"at_least": "confidential"}}, "flow") == {"lb-app", "app-db"}
    assert matching({"carries": {"at_least": "confidential"}}, "actor") == set()
    assert matching({"holds": {"at_least": "restricted"}}, "component") == {"db"}
    assert matching({"holds": {"at_least": "public"}}, "component") == {"db"}
    assert matching({"flows_in": True}, "component") == {"lb", "app", "db", "role"}
    assert matching({"flows_out": False}, "component") == {"db", "role"}
    cleartext_in = {"flows_in": {"field": "encrypted", "is": False}}
    assert matching(cleartext_in, "component") == {"app", "db"}
    assert matching({"flows_out": {"target": {"kind": "datastore"}}}, "component") == {"app"}
    assert matching({"contains": {"kind": "datastore"}}, "boundary") == {
        "acct-a",
        "vpc",
        "private",
    }
    assert matching({"carries": {"at_least": "restricted"}}, "boundary") == {
        "acct-a",
        "vpc",
        "private",
    }


# ---- errors at compile time --------------------------------------------------------


def _write(tmp_path: Path, when: str, *, applies_to: str = "flow", name: str = "x.yaml") -> Path:
    body = textwrap.indent(textwrap.dedent(when).strip(), " " * 6)
    path = tmp_path / name
    path.write_text(
        "version: 1\n"
        "pack: acme\n"
        "rules:\n"
        "  - id: ACME-FLOW-001\n"
        "    title: A flow rule\n"
        "    description: Something about flows.\n"
        f"    applies_to: {applies_to}\n"
        "    stride: tampering\n"
        "    likelihood: 3\n"
        "    mitigations: [data-in-transit-encrypted]\n"
        "    when:\n"
        f"{body}\n",
        encoding="utf-8",
    )
    return path


def test_unknown_field_is_an_error_at_its_line_listing_the_known_fields(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        all:
          - {field: encrypted, is: false}
          - {field: encrypted_at_rest, is: false}
        """,
    )
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path, objectives=OBJECTIVES)
    error = caught.value
    assert (error.path, error.line) == (str(path), 14)
    assert "unknown field 'encrypted_at_rest' for a flow" in error.message
    assert "authenticated, availability, classification" in error.message
    assert str(error).startswith(f"{path}:14: ")


def test_known_fields_differ_by_element_kind() -> None:
    assert "encrypted" in known_fields("flow")
    assert "encrypted" not in known_fields("component")
    assert "encrypted_at_rest" in known_fields("component")
    assert "kind" in known_fields("end")


@pytest.mark.parametrize(
    ("when", "line", "message"),
    [
        ("{reachable_from_internet: true}", 12, "unknown operator 'reachable_from_internet'"),
        ("{field: encrypted, is: 'no'}", 12, "is takes true or false"),
        ("{field: protocol, is: true}", 12, "is applies to true/false fields"),
        ("{field: classification, at_least: secret}", 12, "expected one of public"),
        ("{field: port, eq: '22'}", 12, "expected a whole number"),
        ("{field: data, eq: x}", 12, "does not apply to the list field data"),
        ("{field: encrypted, is: true, eq: true}", 12, "a field test takes one of"),
        ("{all: []}", 12, "all takes a non-empty list"),
        ("{crosses_boundary: {kind: galaxy}}", 12, "expected one of internet"),
        ("{target: {field: encrypted, is: true}}", 12, "unknown field 'encrypted' for a end"),
        ("{from_internet: true, cross_account: true}", 12, "one operator per condition"),
    ],
)
def test_bad_conditions_are_errors_at_their_line(
    tmp_path: Path, when: str, line: int, message: str
) -> None:
    path = _write(tmp_path, when)
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path, objectives=OBJECTIVES)
    assert caught.value.line == line
    assert message in caught.value.message


def test_operator_of_another_element_kind_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "{holds: {at_least: internal}}", applies_to="boundary")
    with pytest.raises(ConfigError, match="unknown operator 'holds' for a boundary"):
        load_rule_file(path, objectives=OBJECTIVES)


def test_unknown_mitigation_and_rule_key_are_errors_at_their_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "{field: encrypted, is: false}")
    text = path.read_text(encoding="utf-8")
    bad = text.replace("[data-in-transit-encrypted]", "[data-in-transit-encrypted, no-such]")
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match="'no-such' is no control objective") as caught:
        load_rule_file(path, objectives=OBJECTIVES)
    assert caught.value.line == 10
    path.write_text(text.replace("    likelihood: 3\n", "    likelyhood: 3\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown rule key 'likelyhood'") as caught:
        load_rule_file(path, objectives=OBJECTIVES)
    assert caught.value.line == 9


def test_bad_ids_and_scales_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "{field: encrypted, is: false}")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("likelihood: 3", "likelihood: 6"), encoding="utf-8")
    with pytest.raises(ConfigError, match="likelihood") as caught:
        load_rule_file(path, objectives=OBJECTIVES)
    assert caught.value.line == 9
    path.write_text(text.replace("    when:", "    capec: [capec-94]\n    when:"), encoding="utf-8")
    with pytest.raises(ConfigError, match="not of the form CAPEC-<n>"):
        load_rule_file(path, objectives=OBJECTIVES)


# ---- user rule files ---------------------------------------------------------------


def test_user_rule_file_is_loaded_with_its_pack(tmp_path: Path) -> None:
    path = _write(tmp_path, "{field: encrypted, is: false}")
    rules = load_rules([path], objectives=OBJECTIVES, packaged=False)
    assert [(r.id, r.pack, r.source, r.line) for r in rules] == [
        ("ACME-FLOW-001", "acme@1", path, 4)
    ]
    threats = raise_threats(MODEL, rules)
    assert [t.id for t in threats] == [
        "ACME-FLOW-001@admin-app",
        "ACME-FLOW-001@app-db",
        "ACME-FLOW-001@lb-app",
    ]


def test_user_rules_come_after_the_packaged_ones_from_files_and_directories(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    _write(folder, "{field: encrypted, is: false}", name="a.yaml")
    packaged = load_rules()
    both = load_rules([folder])
    assert both[: len(packaged)] == packaged
    assert both[-1].id == "ACME-FLOW-001"


def test_duplicate_rule_id_across_files_is_refused_at_its_line(tmp_path: Path) -> None:
    first = _write(tmp_path, "{field: encrypted, is: false}", name="first.yaml")
    second = _write(tmp_path, "{field: authenticated, is: false}", name="second.yaml")
    with pytest.raises(ConfigError) as caught:
        load_rules([first, second], objectives=OBJECTIVES, packaged=False)
    assert (caught.value.path, caught.value.line) == (str(second), 4)
    assert f"'ACME-FLOW-001' is already defined at {first}:4" in caught.value.message


def test_secfound_rule_ids_are_reserved(tmp_path: Path) -> None:
    path = _write(tmp_path, "{field: encrypted, is: false}")
    path.write_text(path.read_text().replace("ACME-FLOW-001", "SF-FLOW-001"), encoding="utf-8")
    with pytest.raises(ConfigError, match="ids starting SF- are secfound's own"):
        load_rules([path])


def test_missing_rule_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such rule file"):
        load_rules([tmp_path / "nowhere.yaml"])


# ---- raising threats ---------------------------------------------------------------


def _rule(ident: str, applies_to: str, when: Any, impact_floor: int = 1) -> Rule:
    return Rule(
        id=ident,
        title=ident,
        description=ident,
        applies_to=applies_to,  # type: ignore[arg-type]
        stride=Stride.TAMPERING,
        likelihood=3,
        impact_floor=impact_floor,
        mitigations=("data-in-transit-encrypted",),
        condition=when,
    )


def test_threat_resources_data_and_scores() -> None:
    rules = [
        _rule("T-FLOW-001", "flow", {"field": "encrypted", "is": False}),
        _rule("T-COMP-001", "component", {"kind": "external-entity"}, impact_floor=3),
        _rule("T-BND-001", "boundary", {"kind": "vpc"}),
    ]
    threats = {t.id: t for t in raise_threats(MODEL, rules)}
    lb_app = threats["T-FLOW-001@lb-app"]
    assert lb_app.resources == (
        "aws_lb.main",
        "aws_instance.app",
        "arn:aws:ec2:eu-west-1:111111111111:instance/i-1",
    )
    assert (lb_app.data, lb_app.likelihood, lb_app.impact, lb_app.inherent) == (
        ("orders",),
        3,
        4,
        12,
    )
    assert lb_app.element_name == "Load balancer -> App"
    assert threats["T-FLOW-001@app-db"].impact == 5
    admin = threats["T-FLOW-001@admin-app"]
    assert (admin.resources, admin.data, admin.impact) == (
        ("aws_instance.app", "arn:aws:ec2:eu-west-1:111111111111:instance/i-1"),
        (),
        1,
    )
    partner = threats["T-COMP-001@partner"]
    assert (partner.data, partner.impact, partner.element_kind) == ((), 3, "component")
    vpc = threats["T-BND-001@vpc"]
    assert vpc.data == ("catalog", "orders", "cards")
    assert vpc.resources[0] == "aws_lb.main" and "aws_db_instance.main" in vpc.resources


def test_threats_are_ordered_whatever_the_order_of_rules_and_model() -> None:
    rules = list(load_rules())
    first = raise_threats(MODEL, rules)
    shuffled = replace(
        MODEL,
        components=tuple(reversed(MODEL.components)),
        flows=tuple(reversed(MODEL.flows)),
        actors=tuple(reversed(MODEL.actors)),
    )
    again = raise_threats(shuffled, list(reversed(rules)))
    assert [t.id for t in first] == [t.id for t in again]
    assert first == raise_threats(MODEL, rules)
    keys = [(t.rule.id, t.element_id) for t in first]
    assert keys == sorted(keys, key=lambda k: (k[0],)) and len(set(keys)) == len(keys)


def test_a_rule_without_a_condition_is_refused() -> None:
    rule = _rule("T-FLOW-002", "flow", None)
    with pytest.raises(ConfigError, match="no compiled condition"):
        raise_threats(MODEL, [rule])


def test_packaged_rule_files_exist_and_load() -> None:
    assert [p.name for p in packaged_rule_files()] == ["core.yaml"]
    assert all(r.pack == "secfound-core@1" for r in load_rules())


def test_the_rule_file_example_in_the_docs_loads(tmp_path: Path) -> None:
    from secfound.threats.rules import DOCS_FILE

    section = DOCS_FILE.read_text(encoding="utf-8").split("\n## Rules\n", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "acme.yaml"
    path.write_text(example, encoding="utf-8")
    (rule,) = load_rules([path], packaged=False)
    assert (rule.id, rule.pack, rule.applies_to) == ("ACME-DB-001", "acme-policies@1", "component")
