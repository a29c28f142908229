"""The data-flow diagram: Mermaid and DOT structure, colours by residual band, escaping of
hostile names, the SVG that Graphviz renders, and ``secfound threats diagram``.

Tests that run Graphviz skip outside CI when ``dot`` is missing (``apt-get install
graphviz``, as .ci/run does); under ``CI=true`` they fail instead. No Mermaid renderer is
installed: each Mermaid line is checked against the small grammar the builder writes, with
quotes and brackets balanced, which is what a hostile name would break.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import secfound.cli.threats_diagram as cli_diagram
from secfound.cli.threats_diagram import diagram as diagram_command
from secfound.threats.diagram import (
    BAND_STYLES,
    DiagramError,
    dot_string,
    find_dot,
    mermaid_text,
    render_svg,
    summarize_risk,
    to_dot,
    to_mermaid,
)
from secfound.threats.model import Actor, Boundary, Component, Flow, ThreatModel

HOSTILE = (
    'Evil "x"]; click c_db call alert(1) %% <script>alert(2)</script> #60; |end|\n\\N & &lt; {{'
)
HOSTILE_ID = 'evil"]-->x[('


def sample_model(web_name: str = "Web servers") -> ThreatModel:
    return ThreatModel(
        name="orders",
        version="1",
        path=None,
        boundaries=(
            Boundary(id="internet", name="Internet", kind="internet"),
            Boundary(id="prod-account", name="orders-prod", kind="account"),
            Boundary(id="orders-vpc", name="orders VPC", kind="vpc", parent="prod-account"),
            Boundary(id="app-subnet", name="app subnet", kind="subnet", parent="orders-vpc"),
        ),
        actors=(
            Actor(id="customer", name="Customer", trust="untrusted", boundary="internet"),
            Actor(id="operator", name="Operator", trust="trusted"),
        ),
        components=(
            Component(id="load-balancer", name="Load balancer", kind="aws-service",
                      boundary="orders-vpc"),
            Component(id="web", name=web_name, kind="process", boundary="app-subnet"),
            Component(id="orders-db", name="Orders database", kind="datastore",
                      boundary="app-subnet"),
            Component(id="payment-api", name="Payment API", kind="external-entity",
                      boundary="internet"),
        ),
        flows=(
            Flow(id="customer-to-lb", source="customer", target="load-balancer",
                 protocol="https", port=443, encrypted=True),
            Flow(id="lb-to-web", source="load-balancer", target="web", protocol="http",
                 port=80, encrypted=False),
            Flow(id="web-to-db", source="web", target="orders-db", protocol="postgresql",
                 port=5432),
            Flow(id="web-to-payment", source="web", target="payment-api", protocol="https",
                 encrypted=True),
            Flow(id="operator-to-web", source="operator", target="web", protocol="ssh", port=22,
                 encrypted=True),
        ),
    )  # fmt: skip


RISK = {
    "orders-db": ("critical", 3),
    "web": ("high", 2),
    "load-balancer": ("medium", 1),
    "payment-api": ("low", 1),
    "customer": ("none", 2),
    "lb-to-web": ("high", 1),
    "orders-vpc": ("medium", 1),
}


# --- a Mermaid grammar for what the builder writes ----------------------------------------

KEY = r"[A-Za-z][A-Za-z0-9_]*"
LABEL = r'"[^"]*"'
SHAPES = [("(", ")"), ("[(", ")]"), ("[", "]"), ("{{", "}}"), ("([", "])"), ("[/", "/]")]
NODE = "|".join(re.escape(opening) + LABEL + re.escape(closing) for opening, closing in SHAPES)
GRAMMAR = [
    re.compile(r"flowchart LR"),
    re.compile(rf"\s*subgraph {KEY}\[{LABEL}\]"),
    re.compile(r"\s*end"),
    re.compile(rf"\s*{KEY}(?:{NODE})"),
    re.compile(rf"\s*{KEY} -->\|{LABEL}\| {KEY}"),
    re.compile(r"\s*classDef risk_[a-z]+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}"),
    re.compile(rf"\s*class {KEY}(?:,{KEY})* risk_[a-z]+"),
    re.compile(rf"\s*style {KEY} stroke:#[0-9a-f]{{6}},stroke-width:2px"),
    re.compile(r"\s*linkStyle \d+ stroke:#[0-9a-f]{6},stroke-width:2px"),
]
PAIRS = {")": "(", "]": "[", "}": "{"}


def assert_mermaid_well_formed(text: str) -> None:
    """Every line is one the builder means to write; quotes and brackets balance."""
    assert text.endswith("\n")
    depth = 0
    for line in text.splitlines():
        assert any(rule.fullmatch(line) for rule in GRAMMAR), f"unexpected line: {line!r}"
        assert line.count('"') % 2 == 0, line
        outside = re.sub(LABEL, "", line)
        stack: list[str] = []
        for char in outside:
            if char in "([{":
                stack.append(char)
            elif char in ")]}":
                assert stack and stack.pop() == PAIRS[char], line
        assert not stack, line
        # Inside labels: nothing Mermaid or HTML would read as structure.
        for label in re.findall(LABEL, line):
            plain = re.sub(r"#\d+;", "", label[1:-1].replace("<br/>", ""))
            assert not set(plain) & set('"<>[]{}()|;#%`&\n\r'), label
        if re.fullmatch(r"\s*subgraph .*", line):
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0
    assert depth == 0


def decode_mermaid(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


def node_lines(text: str) -> dict[str, str]:
    """Node key -> its whole line."""
    found = {}
    for line in text.splitlines():
        match = re.fullmatch(rf"\s*({KEY})(?:{NODE})", line)
        if match:
            found[match.group(1)] = line
    return found


# --- Mermaid ----------------------------------------------------------------------------


def test_mermaid_nests_boundaries_by_parent() -> None:
    text = to_mermaid(sample_model())
    assert_mermaid_well_formed(text)
    lines = text.splitlines()
    opened = [line.strip().split("[")[0] for line in lines if "subgraph" in line]
    assert opened == [
        "subgraph b_internet",
        "subgraph b_prod_account",
        "subgraph b_orders_vpc",
        "subgraph b_app_subnet",
    ]

    def indent_of(fragment: str) -> int:
        line = next(line for line in lines if fragment in line)
        return len(line) - len(line.lstrip())

    # account > vpc > subnet: each one level deeper; members one level inside their group
    assert indent_of("subgraph b_prod_account") == 2
    assert indent_of("subgraph b_orders_vpc") == 4
    assert indent_of("subgraph b_app_subnet") == 6
    assert indent_of("c_web(") == 8
    assert indent_of("c_load_balancer{{") == 6
    assert indent_of("a_operator(") == 2  # no boundary: top level
    # the subnet's end comes before the vpc's, which comes before the account's
    vpc_open = lines.index(next(line for line in lines if "subgraph b_orders_vpc" in line))
    subnet_open = lines.index(next(line for line in lines if "subgraph b_app_subnet" in line))
    closes = [i for i, line in enumerate(lines) if line.strip() == "end"]
    assert vpc_open < subnet_open < closes[1] < closes[2] < closes[3]


def test_mermaid_one_node_per_element_with_its_shape() -> None:
    text = to_mermaid(sample_model())
    nodes = node_lines(text)
    assert sorted(nodes) == sorted(
        ["a_customer", "a_operator", "c_load_balancer", "c_web", "c_orders_db", "c_payment_api"]
    )
    assert '{{"Load balancer"}}' in nodes["c_load_balancer"]  # aws-service: hexagon
    assert '("Web servers")' in nodes["c_web"]  # process: rounded
    assert '[("Orders database")]' in nodes["c_orders_db"]  # datastore: cylinder
    assert '["Payment API"]' in nodes["c_payment_api"]  # external entity: rectangle
    assert '(["Customer"])' in nodes["a_customer"]  # actor: stadium


def test_mermaid_one_edge_per_flow_with_protocol_port_and_encryption() -> None:
    text = to_mermaid(sample_model())
    edges = [line.strip() for line in text.splitlines() if "-->" in line]
    assert edges == [
        'a_customer -->|"https:443 #128274; encrypted"| c_load_balancer',
        'c_load_balancer -->|"http:80 unencrypted"| c_web',
        'c_web -->|"postgresql:5432 encryption not stated"| c_orders_db',
        'c_web -->|"https #128274; encrypted"| c_payment_api',
        'a_operator -->|"ssh:22 #128274; encrypted"| c_web',
    ]


def test_mermaid_colours_by_band_and_counts_threats() -> None:
    text = to_mermaid(sample_model(), RISK)
    assert_mermaid_well_formed(text)
    for band, style in BAND_STYLES.items():
        assert f"classDef risk_{band} fill:{style.fill}," in text
    assert "  class c_orders_db risk_critical" in text
    assert "  class c_web risk_high" in text
    assert "  class c_load_balancer risk_medium" in text
    assert "  class c_payment_api risk_low" in text
    assert "  class a_customer risk_none" in text
    assert "a_operator" not in "".join(line for line in text.splitlines() if "class " in line)
    nodes = node_lines(text)
    assert "3 threats, residual critical" in nodes["c_orders_db"]
    assert "1 threat, residual medium" in nodes["c_load_balancer"]
    # a flow with threats: its edge (the second) is coloured and counted
    assert f"linkStyle 1 stroke:{BAND_STYLES['high'].fill}" in text
    assert 'c_load_balancer -->|"http:80 unencrypted<br/>1 threat, residual high"| c_web' in text
    # a boundary with threats
    assert f"style b_orders_vpc stroke:{BAND_STYLES['medium'].fill}" in text
    # same colours as the HTML report's severities
    css = Path("src/secfound/report/templates/report.css").read_text(encoding="utf-8")
    for band in ("critical", "high", "medium", "low"):
        assert f"--{band}: {BAND_STYLES[band].fill};" in css


def test_mermaid_without_risk_has_no_colours() -> None:
    text = to_mermaid(sample_model())
    assert "classDef" not in text and "class " not in text and "linkStyle" not in text
    assert "threat" not in text


def test_unknown_band_is_not_drawn_as_a_colour() -> None:
    text = to_mermaid(sample_model(), {"web": ("severe", 2)})
    assert "class c_web" not in text


def test_mermaid_escapes_hostile_names_and_ids() -> None:
    model = sample_model(web_name=HOSTILE)
    model = ThreatModel(
        name=HOSTILE,
        version="1",
        path=None,
        boundaries=(*model.boundaries, Boundary(id=HOSTILE_ID, name=HOSTILE, kind="other")),
        components=(
            *model.components,
            Component(id=HOSTILE_ID, name=HOSTILE, kind="datastore", boundary=HOSTILE_ID),
        ),
        actors=model.actors,
        flows=(
            *model.flows,
            Flow(id=HOSTILE_ID, source="web", target=HOSTILE_ID, protocol=HOSTILE, port=1),
        ),
    )
    text = to_mermaid(model, {HOSTILE_ID: ("high", 1)})
    assert_mermaid_well_formed(text)
    assert "<script>" not in text and "alert(" not in text
    nodes = node_lines(text)
    assert "c_evil_____x__" in nodes  # the id reduced to [A-Za-z0-9_]
    label = re.search(LABEL, nodes["c_web"])
    assert label is not None
    assert decode_mermaid(label.group(0)[1:-1]) == HOSTILE.replace("\n", " ")
    assert "class c_evil_____x__ risk_high" in text


def test_ids_made_unique_after_reduction() -> None:
    model = ThreatModel(
        name="m",
        version="1",
        path=None,
        components=(
            Component(id="a-b", name="one", kind="process"),
            Component(id="a_b", name="two", kind="process"),
        ),
        flows=(Flow(id="f", source="a_b", target="a-b"),),
    )
    text = to_mermaid(model)
    assert set(node_lines(text)) == {"c_a_b", "c_a_b_2"}
    assert "c_a_b_2 -->" in text and "--> |" not in text
    assert text.splitlines()[-1].strip().endswith("| c_a_b")


def test_flow_to_an_undeclared_element_still_draws() -> None:
    model = ThreatModel(
        name="m",
        version="1",
        path=None,
        components=(Component(id="a", name="A", kind="process"),),
        flows=(Flow(id="f", source="a", target="ghost"),),
    )
    text = to_mermaid(model)
    assert_mermaid_well_formed(text)
    assert 'x_ghost[/"ghost"/]' in text
    assert "c_a -->" in text and "| x_ghost" in text


def test_boundary_parent_cycle_is_drawn_once() -> None:
    model = ThreatModel(
        name="m",
        version="1",
        path=None,
        boundaries=(
            Boundary(id="a", name="A", kind="other", parent="b"),
            Boundary(id="b", name="B", kind="other", parent="a"),
        ),
        components=(Component(id="c", name="C", kind="process", boundary="a"),),
    )
    text = to_mermaid(model)
    assert_mermaid_well_formed(text)
    assert text.count("subgraph b_a[") == 1 and text.count("subgraph b_b[") == 1
    assert text.count("c_c(") == 1


def test_output_is_stable() -> None:
    assert to_mermaid(sample_model(), RISK) == to_mermaid(sample_model(), dict(RISK))
    assert to_dot(sample_model(), RISK) == to_dot(sample_model(), dict(RISK))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_mermaid_text_round_trips(text: str) -> None:
    escaped = mermaid_text(text)
    assert not set(re.sub(r"#\d+;", "", escaped)) & set('"<>[]{}()|;#%`&\n\r\t')
    expected = "".join(" " if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 else c for c in text)
    decoded = decode_mermaid(escaped)
    assert len(decoded) == len(text)
    assert all(d in (e, " ") for d, e in zip(decoded, expected, strict=True))


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=30), flow_protocol=st.text(max_size=12))
def test_mermaid_well_formed_for_any_name(name: str, flow_protocol: str) -> None:
    model = sample_model(web_name=name)
    model = ThreatModel(
        name=name,
        version="1",
        path=None,
        boundaries=model.boundaries,
        components=model.components,
        actors=model.actors,
        flows=(*model.flows, Flow(id="x", source="web", target="customer", protocol=flow_protocol)),
    )
    assert_mermaid_well_formed(to_mermaid(model, RISK))


# --- DOT --------------------------------------------------------------------------------

DOT_STRING = r'"(?:[^"\\]|\\.)*"'


def unescape_dot(quoted: str) -> str:
    body = quoted[1:-1]
    return re.sub(r"\\(.)", lambda m: m.group(1), body).replace("&amp;", "&")


def test_dot_structure() -> None:
    text = to_dot(sample_model(), RISK)
    lines = text.splitlines()
    assert lines[0] == "digraph threatmodel {" and lines[-1] == "}"
    clusters = re.findall(r'subgraph "(cluster_[A-Za-z0-9_]+)" \{', text)
    assert clusters == [
        "cluster_b_internet",
        "cluster_b_prod_account",
        "cluster_b_orders_vpc",
        "cluster_b_app_subnet",
    ]
    assert text.count("{") == text.count("}")
    node_pattern = rf"^\s*({DOT_STRING}) \[label={DOT_STRING}, (.*)\];$"
    nodes = dict(re.findall(node_pattern, text, re.M))
    assert set(nodes) == {
        '"a_customer"', '"a_operator"', '"c_load_balancer"', '"c_web"', '"c_orders_db"',
        '"c_payment_api"',
    }  # fmt: skip
    assert 'shape="hexagon"' in nodes['"c_load_balancer"']
    assert 'shape="cylinder"' in nodes['"c_orders_db"']
    assert 'style="filled,rounded"' in nodes['"c_web"']
    assert f'fillcolor="{BAND_STYLES["critical"].fill}"' in nodes['"c_orders_db"']
    assert "fillcolor" not in nodes['"a_operator"']
    edges = re.findall(rf"^\s*({DOT_STRING}) -> ({DOT_STRING}) \[(.*)\];$", text, re.M)
    assert [(s, t) for s, t, _ in edges] == [
        ('"a_customer"', '"c_load_balancer"'),
        ('"c_load_balancer"', '"c_web"'),
        ('"c_web"', '"c_orders_db"'),
        ('"c_web"', '"c_payment_api"'),
        ('"a_operator"', '"c_web"'),
    ]
    assert 'label="http:80 unencrypted\\n1 threat, residual high"' in edges[1][2]
    assert f'color="{BAND_STYLES["high"].fill}"' in edges[1][2]
    assert 'style="dashed"' in edges[2][2]  # encryption not stated: dashed as unencrypted
    assert "dashed" not in edges[0][2]


def test_dot_escapes_hostile_names() -> None:
    text = to_dot(sample_model(web_name=HOSTILE))
    line = next(line for line in text.splitlines() if line.strip().startswith('"c_web"'))
    label = re.search(rf"label=({DOT_STRING})", line)
    assert label is not None
    assert unescape_dot(label.group(1)) == HOSTILE.replace("\n", " ")
    assert "\\\\N" in label.group(1)  # a backslash in the name is not a Graphviz escape


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_dot_string_round_trips(text: str) -> None:
    quoted = dot_string(text)
    assert re.fullmatch(DOT_STRING, quoted, re.S)
    assert "\n" not in quoted and "\r" not in quoted
    decoded = unescape_dot(quoted)
    assert len(decoded) == len(text)


def test_summarize_risk_takes_the_worst_and_counts() -> None:
    risk = summarize_risk([("db", 4), ("db", 20), ("web", 0), ("db", 6), ("web", 12)])
    assert risk == {"db": ("critical", 3), "web": ("high", 2)}
    assert risk["db"].band == "critical" and risk["db"].threats == 3
    assert summarize_risk([("lb", 0)]) == {"lb": ("none", 1)}


# --- Graphviz ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dot() -> str:
    found = find_dot()
    if found is None:
        message = "Graphviz is not installed: apt-get install graphviz (as .ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must run the diagram tests", pytrace=False)
        pytest.skip(message)
    return found


def svg_texts(svg: str) -> Iterator[str]:
    root = ET.fromstring(svg)
    for element in root.iter():
        assert not element.tag.endswith("script"), "a script element in the SVG"
        assert not any(name.lower().startswith("on") for name in element.attrib)
        if element.tag.endswith("}text") and element.text:
            yield element.text


def test_svg_renders_every_label(dot: str) -> None:
    svg = render_svg(to_dot(sample_model(), RISK), executable=dot)
    texts = list(svg_texts(svg))
    for name in (
        "Customer",
        "Operator",
        "Load balancer",
        "Web servers",
        "Orders database",
        "Payment API",
        "internet: Internet",
        "vpc: orders VPC",
        "subnet: app subnet",
    ):
        assert name in texts, name  # fmt: skip
    assert "3 threats, residual critical" in texts
    assert "http:80 unencrypted" in texts
    assert BAND_STYLES["critical"].fill in svg


def test_svg_keeps_a_hostile_name_as_text(dot: str) -> None:
    svg = render_svg(to_dot(sample_model(web_name=HOSTILE)), executable=dot)
    texts = list(svg_texts(svg))  # well-formed XML, no script element, no on* attribute
    shown = HOSTILE.replace("\n", " ")
    # Graphviz decodes an entity the name spells out (&lt;) once: the rest is verbatim.
    assert any(text.startswith('Evil "x"]; click c_db call alert(1) %% <script>') for text in texts)
    assert any("\\N" in text and "{{" in text for text in texts), shown


@settings(max_examples=15, deadline=None)
@given(name=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=25))
def test_svg_well_formed_for_any_name(dot: str, name: str) -> None:
    svg = render_svg(to_dot(sample_model(web_name=name), RISK), executable=dot)
    assert list(svg_texts(svg))


def test_render_error_is_a_diagram_error(dot: str) -> None:
    with pytest.raises(DiagramError, match="Graphviz failed"):
        render_svg("digraph { this is not dot ", executable=dot)


def test_render_missing_executable(tmp_path: Path) -> None:
    with pytest.raises(DiagramError, match="could not run Graphviz"):
        render_svg("digraph {}", executable=str(tmp_path / "no-dot"))


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """The command with the model loader and the register replaced by the sample."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_diagram, "load_threat_model", lambda path: sample_model())
    monkeypatch.setattr(cli_diagram, "residual_risk_by_element", lambda model, db, rules: RISK)
    return CliRunner()


def test_cli_prints_mermaid(cli: CliRunner) -> None:
    done = cli.invoke(diagram_command, [], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("flowchart LR\n")
    assert "class c_orders_db risk_critical" in done.stdout


def test_cli_no_risk_reads_no_register(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(model: object, db: object, rules: object) -> None:
        raise AssertionError("the register was read")

    monkeypatch.setattr(cli_diagram, "residual_risk_by_element", refuse)
    done = cli.invoke(diagram_command, ["--no-risk", "--format", "dot"], catch_exceptions=False)
    assert done.exit_code == 0
    assert (
        done.stdout.startswith("digraph threatmodel {") and 'fillcolor="#7f1d1d"' not in done.stdout
    )


def test_cli_svg_without_graphviz_writes_mermaid(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("secfound.threats.diagram.find_dot", lambda: None)
    done = cli.invoke(diagram_command, ["--format", "svg", "-o", "out/flows.svg"])
    assert done.exit_code == 0
    written = tmp_path / "out" / "flows.mmd"
    assert done.stderr.strip() == (
        "secfound: Graphviz is not installed (apt install graphviz); "
        f"wrote Mermaid instead to {Path('out/flows.mmd')}"
    )
    assert written.read_text(encoding="utf-8").startswith("flowchart LR\n")
    assert not (tmp_path / "out" / "flows.svg").exists()
    assert done.stdout == ""


def test_cli_svg_without_graphviz_and_no_output(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("secfound.threats.diagram.find_dot", lambda: None)
    done = cli.invoke(diagram_command, ["model/orders.yaml", "--format", "svg"])
    assert done.exit_code == 0 and done.stdout == ""
    assert (tmp_path / "orders.mmd").read_text(encoding="utf-8").startswith("flowchart LR")


def test_cli_writes_svg(cli: CliRunner, dot: str, tmp_path: Path) -> None:
    done = cli.invoke(
        diagram_command, ["--format", "svg", "-o", "flows.svg"], catch_exceptions=False
    )
    assert done.exit_code == 0, done.stderr
    svg = (tmp_path / "flows.svg").read_text(encoding="utf-8")
    assert "Orders database" in list(svg_texts(svg))
    assert "wrote the SVG diagram to flows.svg" in done.stderr


def test_cli_unwritable_output_exits_2(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    done = cli.invoke(diagram_command, ["-o", "file/sub/x.mmd"])
    assert done.exit_code == 2
    assert "cannot write the diagram" in done.stderr


# --- the docs and the real loader --------------------------------------------------------

MODEL_YAML = """\
version: 1
name: orders
assets:
  - id: customer-orders
    name: Customer orders
    classification: confidential
    confidentiality: high
    integrity: high
    availability: medium
boundaries:
  - {id: internet, name: Internet, kind: internet}
  - {id: prod-account, name: orders-prod, kind: account}
  - {id: orders-vpc, name: orders VPC, kind: vpc, parent: prod-account}
actors:
  - {id: customer, name: Customer, trust: untrusted, boundary: internet}
components:
  - id: load-balancer
    name: Load balancer
    kind: aws-service
    boundary: orders-vpc
    internet_facing: true
    waf: false
  - {id: web, name: Web servers, kind: process, boundary: orders-vpc,
     processes: [customer-orders]}
  - {id: orders-db, name: Orders database, kind: datastore, boundary: orders-vpc,
     stores: [customer-orders], encrypted_at_rest: false}
flows:
  - {id: customer-to-lb, from: customer, to: load-balancer, protocol: https, port: 443,
     encrypted: true, data: [customer-orders]}
  - {id: lb-to-web, from: load-balancer, to: web, protocol: http, port: 80,
     encrypted: false, data: [customer-orders]}
  - {id: web-to-db, from: web, to: orders-db, protocol: postgresql, port: 5432,
     data: [customer-orders]}
"""


def test_docs_example_is_what_the_builder_writes(tmp_path: Path) -> None:
    from secfound.threats.schema import load_model

    path = tmp_path / "threatmodel.yaml"
    path.write_text(MODEL_YAML, encoding="utf-8")
    risk = {
        "load-balancer": ("medium", 2),
        "web": ("high", 3),
        "orders-db": ("low", 1),
        "lb-to-web": ("high", 1),
    }
    docs = Path("docs/threats.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Diagram") :]
    block = re.search(r"```mermaid\n(.*?)```", section, re.S)
    assert block is not None
    assert to_mermaid(load_model(path), risk) == block.group(1)


def test_cli_through_the_threats_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from secfound.cli.main import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "threatmodel.yaml").write_text(MODEL_YAML, encoding="utf-8")
    done = CliRunner().invoke(main, ["threats", "diagram", "--no-risk", "--format", "dot"])
    assert done.exit_code == 0, done.output
    assert 'subgraph "cluster_b_orders_vpc" {' in done.stdout
    assert '"c_load_balancer" -> "c_web"' in done.stdout
    missing = CliRunner().invoke(main, ["threats", "diagram", "nope.yaml", "--no-risk"])
    assert missing.exit_code == 2
    assert "nope.yaml" in missing.stderr


def test_cli_colours_agree_with_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No run stored: every threat open; each element's colour and count are the register's."""
    import json

    from secfound.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SECFOUND_DB", raising=False)
    (tmp_path / "threatmodel.yaml").write_text(MODEL_YAML, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'none.db'}"
    register = CliRunner().invoke(
        main, ["threats", "register", "--db", db, "--no-store", "--format", "json"]
    )
    assert register.exit_code == 0, register.output
    entries = json.loads(register.stdout)["threats"]
    assert entries, "the packaged rules raise threats on this model"
    expected = summarize_risk(
        (entry["element"]["id"], entry["residual"])
        for entry in entries
        if entry["status"] != "false-positive"
    )
    done = CliRunner().invoke(main, ["threats", "diagram", "--db", db])
    assert done.exit_code == 0, done.output
    assert "every threat counts as open" in done.stderr
    assert to_mermaid(load_sample_yaml(tmp_path), expected) == done.stdout
    assert re.search(r"^  class [a-z_,]*c_orders_db[a-z_,]* risk_[a-z]+$", done.stdout, re.M)
    assert done.stderr.count("every threat counts as open") == 1

    # A false positive is not a threat: it leaves the element's count and colour.
    on_db = [entry["id"] for entry in entries if entry["element"]["id"] == "orders-db"]
    decided = CliRunner().invoke(
        main,
        ["threats", "accept", on_db[0], "--as", "false-positive", "--by", "alice",
         "--reason", "not applicable here", "--until", "2999-12-31", "--db", db],
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    again = CliRunner().invoke(main, ["threats", "diagram", "--db", db])
    assert again.exit_code == 0, again.output
    before = expected["orders-db"].threats
    assert f"Orders database<br/>{before - 1} threat" in again.stdout
    assert f"Orders database<br/>{before} threat" in done.stdout


def load_sample_yaml(folder: Path) -> ThreatModel:
    from secfound.threats.schema import load_model

    return load_model(folder / "threatmodel.yaml")
