"""The data-flow diagram of a threat model: Mermaid text, and Graphviz DOT text for SVG.

Both are built from the same layout: trust boundaries as nested groups (by ``parent``),
one node per component and actor, its shape by kind, one edge per flow labelled with its
protocol, port and whether it is encrypted. When the residual risk of each element is
known (``secfound threats register`` scores it), elements and flows are coloured by their
worst residual band and show how many threats they carry; the colours are the HTML
report's severity colours, so a red box means the same thing everywhere.

Every string that comes from the model is escaped for its format, because a model file
is input: a component named ``x"]; click x call evil()`` must show as that text and
never change the diagram. Node and group ids are never the model's ids themselves but
``c_``/``a_``/``b_`` plus the id reduced to ``[A-Za-z0-9_]`` (made unique), so a hostile
id cannot break out either.

The builders are pure and deterministic (same model, same text: the model's order is
kept, as the author wrote it). ``render_svg`` is the one function that runs a process:
the ``dot`` executable of Graphviz, without a shell and with a timeout. secfound writes
DOT itself rather than depend on a Python binding: the format is small.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from secfound.errors import DiagramError
from secfound.threats.model import Boundary, Flow, ThreatModel
from secfound.threats.threat import risk_band

__all__ = [
    "BANDS",
    "BAND_STYLES",
    "BandStyle",
    "DiagramError",
    "ElementRisk",
    "RiskMap",
    "dot_string",
    "find_dot",
    "mermaid_text",
    "render_svg",
    "summarize_risk",
    "to_dot",
    "to_mermaid",
]

BANDS = ("critical", "high", "medium", "low", "none")


class ElementRisk(NamedTuple):
    """The worst residual band among an element's threats, and how many threats it has.

    A plain ``(band, count)`` tuple works wherever an ``ElementRisk`` is expected.
    """

    band: str
    threats: int


# Element id (component, actor, flow or boundary) -> (worst residual band, threat count).
RiskMap = Mapping[str, tuple[str, int]]


@dataclass(frozen=True)
class BandStyle:
    fill: str
    stroke: str
    text: str


# critical/high/medium/low are the HTML report's severity colours (report.css); "none"
# (every threat mitigated, residual 0) is green. Text colours keep a readable contrast.
BAND_STYLES: Mapping[str, BandStyle] = {
    "critical": BandStyle("#7f1d1d", "#450a0a", "#ffffff"),
    "high": BandStyle("#dc2626", "#7f1d1d", "#ffffff"),
    "medium": BandStyle("#d97706", "#78350f", "#111827"),
    "low": BandStyle("#2563eb", "#1e3a8a", "#ffffff"),
    "none": BandStyle("#dcfce7", "#16a34a", "#14532d"),
}
_BOUNDARY_COLOUR = "#64748b"
_LOCK = "\N{LOCK}"


def summarize_risk(scores: Iterable[tuple[str, int]]) -> dict[str, ElementRisk]:
    """``(element id, residual score)`` per threat → worst band and count per element.

    The band is ``risk_band`` of the highest residual score, so the colour is the worst
    threat left on the element, not an average that would hide it.
    """
    worst: dict[str, int] = {}
    counts: dict[str, int] = {}
    for element_id, score in scores:
        worst[element_id] = max(score, worst.get(element_id, score))
        counts[element_id] = counts.get(element_id, 0) + 1
    return {key: ElementRisk(risk_band(worst[key]), counts[key]) for key in worst}


# --- escaping --------------------------------------------------------------------------

_MERMAID_PLAIN = frozenset(" .,:/-+=@!?'")


def _is_control(char: str) -> bool:
    # Line breaks, tabs, NUL, bidi overrides, unassigned and private-use code points.
    return unicodedata.category(char).startswith("C")


def mermaid_text(text: str) -> str:
    """``text`` safe inside a double-quoted Mermaid label.

    Letters, digits, space and a little punctuation stay; everything else (quotes,
    brackets, ``<``, ``#``, ``%``, ``;``, ``|``, any non-ASCII character) becomes a
    Mermaid entity code ``#<decimal>;``, which Mermaid shows as the character itself.
    Line breaks and other control characters become spaces.
    """
    out: list[str] = []
    for char in text:
        if _is_control(char):
            out.append(" ")
        elif char.isascii() and (char.isalnum() or char in _MERMAID_PLAIN):
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string, shown literally by Graphviz.

    Backslashes are doubled (so ``\\N`` or ``\\l`` in a name are not Graphviz escapes),
    double quotes escaped, ``&`` written ``&amp;`` (Graphviz reads entities in every
    string), control characters turned into spaces and lone surrogates replaced.
    """
    out: list[str] = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "&":
            out.append("&amp;")
        elif unicodedata.category(char) == "Cs":
            out.append("\N{REPLACEMENT CHARACTER}")
        elif _is_control(char):
            out.append(" ")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


# --- layout shared by both formats -------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    key: str  # the diagram's own id
    element_id: str
    name: str
    shape: str  # process | datastore | external-entity | aws-service | actor | unknown


@dataclass(frozen=True)
class _Edge:
    flow: Flow
    source: str  # node keys
    target: str


@dataclass(frozen=True)
class _Layout:
    """What both formats draw, in the model's order."""

    boundaries: tuple[Boundary, ...]
    boundary_keys: Mapping[str, str]  # boundary id -> its group's key
    children: Mapping[str | None, tuple[str, ...]]  # boundary id (None: top) -> boundary ids
    members: Mapping[str | None, tuple[_Node, ...]]  # boundary id (None: top) -> nodes
    edges: tuple[_Edge, ...]


class _Keys:
    """Diagram ids: a prefix and the model id reduced to ``[A-Za-z0-9_]``, made unique."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def make(self, prefix: str, element_id: str) -> str:
        base = prefix + re.sub(r"[^A-Za-z0-9_]", "_", element_id)
        key, number = base, 1
        while key in self._used:
            number += 1
            key = f"{base}_{number}"
        self._used.add(key)
        return key


def _layout(model: ThreatModel) -> _Layout:
    keys = _Keys()
    boundary_ids = {b.id for b in model.boundaries}
    boundary_keys: dict[str, str] = {}
    for boundary in model.boundaries:
        boundary_keys.setdefault(boundary.id, keys.make("b_", boundary.id))

    def home(boundary: str | None) -> str | None:
        return boundary if boundary in boundary_ids else None

    children: dict[str | None, list[str]] = {}
    for boundary in model.boundaries:
        parent = home(boundary.parent)
        if parent == boundary.id:
            parent = None
        children.setdefault(parent, []).append(boundary.id)

    members: dict[str | None, list[_Node]] = {}
    by_component: dict[str, str] = {}
    by_actor: dict[str, str] = {}
    for component in model.components:
        node = _Node(keys.make("c_", component.id), component.id, component.name, component.kind)
        by_component.setdefault(component.id, node.key)
        members.setdefault(home(component.boundary), []).append(node)
    for actor in model.actors:
        node = _Node(keys.make("a_", actor.id), actor.id, actor.name, "actor")
        by_actor.setdefault(actor.id, node.key)
        members.setdefault(home(actor.boundary), []).append(node)

    def end(element_id: str) -> str:
        # Components first, as ThreatModel.element resolves a flow end; an end the model
        # does not declare (the loader refuses those) still gets a node, marked unknown.
        if element_id in by_component:
            return by_component[element_id]
        if element_id in by_actor:
            return by_actor[element_id]
        node = _Node(keys.make("x_", element_id), element_id, element_id, "unknown")
        by_component[element_id] = node.key
        members.setdefault(None, []).append(node)
        return node.key

    edges = tuple(_Edge(flow, end(flow.source), end(flow.target)) for flow in model.flows)
    return _Layout(
        boundaries=model.boundaries,
        boundary_keys=boundary_keys,
        children={k: tuple(v) for k, v in children.items()},
        members={k: tuple(v) for k, v in members.items()},
        edges=edges,
    )


class _Step(NamedTuple):
    """One step of drawing the groups: ``open`` a boundary, draw the ``members`` of one
    (``boundary`` None: the top level), ``close`` it; ``depth`` is the nesting level."""

    kind: Literal["open", "members", "close"]
    boundary: Boundary | None
    depth: int


def _walk(layout: _Layout) -> Iterator[_Step]:
    """The boundaries depth first, each one's child boundaries before its members, then
    the top-level members. Boundaries caught in a parent cycle (the loader refuses those)
    start at the top level, each drawn once."""
    by_id = {boundary.id: boundary for boundary in reversed(layout.boundaries)}
    seen: set[str] = set()

    def visit(boundary_id: str, depth: int) -> Iterator[_Step]:
        seen.add(boundary_id)
        boundary = by_id[boundary_id]
        yield _Step("open", boundary, depth)
        for child in layout.children.get(boundary_id, ()):
            if child not in seen:
                yield from visit(child, depth + 1)
        yield _Step("members", boundary, depth + 1)
        yield _Step("close", boundary, depth)

    for top in layout.children.get(None, ()):
        if top not in seen:
            yield from visit(top, 0)
    for boundary in layout.boundaries:
        if boundary.id not in seen:
            yield from visit(boundary.id, 0)
    yield _Step("members", None, 0)


def _risk_line(risk: tuple[str, int] | None) -> str | None:
    if risk is None:
        return None
    band, count = risk
    noun = "threat" if count == 1 else "threats"
    return f"{count} {noun}, residual {band}"


def _flow_label(flow: Flow) -> str:
    parts: list[str] = []
    if flow.protocol and flow.port is not None:
        parts.append(f"{flow.protocol}:{flow.port}")
    elif flow.protocol:
        parts.append(flow.protocol)
    elif flow.port is not None:
        parts.append(f"port {flow.port}")
    if flow.encrypted is True:
        parts.append(f"{_LOCK} encrypted")
    elif flow.encrypted is False:
        parts.append("unencrypted")
    else:
        parts.append("encryption not stated")
    return " ".join(parts)


def _boundary_label(boundary: Boundary) -> str:
    return f"{boundary.kind}: {boundary.name}"


def _band(risk: RiskMap | None, element_id: str) -> tuple[str, int] | None:
    if risk is None:
        return None
    found = risk.get(element_id)
    if found is None or found[0] not in BAND_STYLES:
        return None
    return found


# --- Mermaid ---------------------------------------------------------------------------

_MERMAID_SHAPES = {
    "process": ("(", ")"),  # rounded
    "datastore": ("[(", ")]"),  # cylinder
    "external-entity": ("[", "]"),  # rectangle
    "aws-service": ("{{", "}}"),  # hexagon
    "actor": ("([", "])"),  # stadium
    "unknown": ("[/", "/]"),  # parallelogram: not in the model
}


def _mermaid_label(*lines: str | None) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines if line) + '"'


def to_mermaid(model: ThreatModel, risk: RiskMap | None = None) -> str:
    """The model as a Mermaid ``flowchart``; ``risk`` colours it by residual band."""
    layout = _layout(model)
    lines = ["flowchart LR"]
    classes: dict[str, list[str]] = {}
    styles: list[str] = []

    def node_line(node: _Node, indent: str) -> str:
        opening, closing = _MERMAID_SHAPES.get(node.shape, ("[", "]"))
        found = _band(risk, node.element_id)
        if found is not None:
            classes.setdefault(found[0], []).append(node.key)
        label = _mermaid_label(node.name, _risk_line(found))
        return f"{indent}{node.key}{opening}{label}{closing}"

    for step in _walk(layout):
        indent = "  " * (step.depth + 1)
        boundary = step.boundary
        if step.kind == "open" and boundary is not None:
            key = layout.boundary_keys[boundary.id]
            found = _band(risk, boundary.id)
            label = _mermaid_label(_boundary_label(boundary), _risk_line(found))
            lines.append(f"{indent}subgraph {key}[{label}]")
            if found is not None:
                colour = BAND_STYLES[found[0]].fill
                styles.append(f"  style {key} stroke:{colour},stroke-width:2px")
        elif step.kind == "close":
            lines.append(f"{indent}end")
        else:
            home = boundary.id if boundary is not None else None
            lines.extend(node_line(node, indent) for node in layout.members.get(home, ()))

    for index, edge in enumerate(layout.edges):
        found = _band(risk, edge.flow.id)
        label = _mermaid_label(_flow_label(edge.flow), _risk_line(found))
        lines.append(f"  {edge.source} -->|{label}| {edge.target}")
        if found is not None:
            colour = BAND_STYLES[found[0]].fill
            styles.append(f"  linkStyle {index} stroke:{colour},stroke-width:2px")

    if risk is not None:
        for band in BANDS:
            style = BAND_STYLES[band]
            lines.append(
                f"  classDef risk_{band} fill:{style.fill},stroke:{style.stroke},color:{style.text}"
            )
        for band in BANDS:
            if band in classes:
                lines.append(f"  class {','.join(classes[band])} risk_{band}")
    lines.extend(styles)
    return "\n".join(lines) + "\n"


# --- Graphviz DOT ----------------------------------------------------------------------

_DOT_SHAPES = {
    "process": ("box", "rounded"),
    "datastore": ("cylinder", ""),
    "external-entity": ("box", ""),
    "aws-service": ("hexagon", ""),
    "actor": ("ellipse", ""),
    "unknown": ("parallelogram", "dashed"),
}


def _dot_attributes(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{name}={dot_string(value)}" for name, value in pairs)


def _dot_label(*lines: str | None) -> str:
    # Each line is escaped on its own (a newline inside a name becomes a space); the lines
    # are then joined with DOT's own line break, which no escaped text can produce.
    bodies = [dot_string(line)[1:-1] for line in lines if line]
    return '"' + "\\n".join(bodies) + '"'


def to_dot(model: ThreatModel, risk: RiskMap | None = None) -> str:
    """The model as a Graphviz ``digraph`` (``cluster_`` subgraphs for boundaries)."""
    layout = _layout(model)
    graph = [("rankdir", "LR"), ("fontname", "Helvetica"), ("labelloc", "t")]
    nodes = [("fontname", "Helvetica"), ("fontsize", "11"), ("style", "filled"),
             ("fillcolor", "#ffffff")]  # fmt: skip
    edges = [("fontname", "Helvetica"), ("fontsize", "9")]
    title = _dot_label(f"{model.name}: data flows")
    lines = [
        "digraph threatmodel {",
        f"  graph [{_dot_attributes(graph)}, label={title}];",
        f"  node [{_dot_attributes(nodes)}];",
        f"  edge [{_dot_attributes(edges)}];",
    ]

    def node_line(node: _Node, indent: str) -> str:
        shape, extra = _DOT_SHAPES.get(node.shape, ("box", ""))
        found = _band(risk, node.element_id)
        style = ",".join(part for part in ("filled", extra) if part)
        pairs = [("shape", shape), ("style", style)]
        if found is not None:
            colours = BAND_STYLES[found[0]]
            pairs += [
                ("fillcolor", colours.fill),
                ("color", colours.stroke),
                ("fontcolor", colours.text),
            ]
        label = _dot_label(node.name, _risk_line(found))
        return f"{indent}{dot_string(node.key)} [label={label}, {_dot_attributes(pairs)}];"

    for step in _walk(layout):
        indent = "  " * (step.depth + 1)
        boundary = step.boundary
        if step.kind == "open" and boundary is not None:
            key = layout.boundary_keys[boundary.id]
            found = _band(risk, boundary.id)
            colour = BAND_STYLES[found[0]].fill if found is not None else _BOUNDARY_COLOUR
            pairs = [("style", "dashed,rounded"), ("color", colour), ("fontcolor", "#334155")]
            if found is not None:
                pairs.append(("penwidth", "2"))
            label = _dot_label(_boundary_label(boundary), _risk_line(found))
            lines.append(f"{indent}subgraph {dot_string('cluster_' + key)} {{")
            lines.append(f"{indent}  graph [label={label}, {_dot_attributes(pairs)}];")
        elif step.kind == "close":
            lines.append(f"{indent}}}")
        else:
            home = boundary.id if boundary is not None else None
            lines.extend(node_line(node, indent) for node in layout.members.get(home, ()))

    for edge in layout.edges:
        found = _band(risk, edge.flow.id)
        pairs = []
        if found is not None:
            pairs = [("color", BAND_STYLES[found[0]].fill), ("penwidth", "2")]
        if edge.flow.encrypted is not True:
            pairs.append(("style", "dashed"))
        label = _dot_label(_flow_label(edge.flow), _risk_line(found))
        rest = f", {_dot_attributes(pairs)}" if pairs else ""
        lines.append(
            f"  {dot_string(edge.source)} -> {dot_string(edge.target)} [label={label}{rest}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- rendering -------------------------------------------------------------------------


def find_dot() -> str | None:
    """The path of Graphviz's ``dot`` on PATH, or None (Debian package ``graphviz``)."""
    return shutil.which("dot")


def render_svg(dot_source: str, *, executable: str, timeout_seconds: float = 60.0) -> str:
    """SVG from DOT text through ``executable -Tsvg``: no shell, stdin in, stdout out."""
    try:
        completed = subprocess.run(  # fixed argv, no shell: DOT goes in on stdin
            [executable, "-Tsvg"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DiagramError(
            f"Graphviz did not finish within {timeout_seconds:g} s rendering the diagram"
        ) from exc
    except OSError as exc:
        raise DiagramError(f"could not run Graphviz ({executable}): {exc}") from exc
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = detail[0] if detail else "no message"
        raise DiagramError(f"Graphviz failed (exit {completed.returncode}): {reason}")
    return completed.stdout.decode("utf-8", errors="replace")
