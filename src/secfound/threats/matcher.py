"""The rule matcher: a rule's ``when:`` tree compiled once into predicates, then run over
every element of a model to raise threats.

Conditions are YAML data, never text to evaluate (docs/threats.md, "Rules"): combinators
(``all``, ``any``, ``not``), field tests (``{field: encrypted, is: false}``), element
filters (``kind``, ``resource_type`` with globs) and graph predicates (``crosses_boundary``,
``from_internet``, ``reachable_from_internet``, ``carries`` ...). Everything is checked
when the rule is compiled: a field the element kind does not have, an operator that does
not apply to it or a value of the wrong type is a ``ConfigError`` at the rule file's line,
never a condition that silently matches nothing.

Missing facts (``None``) are not safe: ``is: false`` matches ``False`` and ``None``;
``is: true`` matches only ``True``; ``is_not`` is the exact negation of ``is``. Value tests
(``eq``, ``in``, ``at_least``) never match ``None``: an unknown protocol is not "http".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal

import yaml

from secfound.errors import ConfigError
from secfound.threats.model import (
    CIA_LEVELS,
    CLASSIFICATIONS,
    Actor,
    Asset,
    Boundary,
    Classification,
    Component,
    Flow,
    Need,
    ThreatModel,
)
from secfound.threats.threat import (
    IMPACT_OF_CLASSIFICATION,
    ElementKind,
    Rule,
    Threat,
    threat_id,
)
from secfound.yaml_lines import dotted, line_of

__all__ = ["Condition", "Graph", "compile_condition", "known_fields", "raise_threats"]

# Where a condition is evaluated: an element kind, or "end" (a flow's source or target,
# which is a component or an actor: it has the fields of both, those it lacks are None).
Scope = Literal["component", "flow", "actor", "boundary", "end"]
Element = Component | Flow | Actor | Boundary
Test = Callable[["Graph", Any], bool]

COMPONENT_KINDS = ("process", "datastore", "external-entity", "aws-service")
BOUNDARY_KINDS = ("internet", "ou", "account", "vpc", "subnet", "other")
TRUST = ("trusted", "untrusted")


class Graph:
    """A model indexed for matching: elements by id, flows by end, boundary chains."""

    def __init__(self, model: ThreatModel) -> None:
        self.model = model
        self.components = {c.id: c for c in model.components}
        self.actors = {a.id: a for a in model.actors}
        self.boundaries = {b.id: b for b in model.boundaries}
        self.assets = {a.id: a for a in model.assets}
        self._order = {a.id: i for i, a in enumerate(model.assets)}
        self.flows_in: dict[str, list[Flow]] = {}
        self.flows_out: dict[str, list[Flow]] = {}
        for flow in model.flows:
            self.flows_out.setdefault(flow.source, []).append(flow)
            self.flows_in.setdefault(flow.target, []).append(flow)
        self._chains: dict[str | None, tuple[Boundary, ...]] = {}

    def end(self, element_id: str) -> Component | Actor:
        found = self.components.get(element_id) or self.actors.get(element_id)
        if found is None:
            raise ConfigError(f"a flow names {element_id!r}, which is no component or actor")
        return found

    def chain(self, boundary_id: str | None) -> tuple[Boundary, ...]:
        """The boundary and its parents, innermost first (unknown ids end the chain)."""
        if boundary_id not in self._chains:
            chain: list[Boundary] = []
            current = boundary_id
            while current is not None and current in self.boundaries:
                if any(b.id == current for b in chain):
                    break
                chain.append(self.boundaries[current])
                current = self.boundaries[current].parent
            self._chains[boundary_id] = tuple(chain)
        return self._chains[boundary_id]

    def chain_of(self, element: Element) -> tuple[Boundary, ...]:
        if isinstance(element, Boundary):
            return (element, *self.chain(element.parent))
        if isinstance(element, Flow):
            return ()
        return self.chain(element.boundary)

    def account_of(self, element: Component | Actor) -> str | None:
        return next((b.id for b in self.chain(element.boundary) if b.kind == "account"), None)

    def in_internet(self, element: Component | Actor) -> bool:
        return any(b.kind == "internet" for b in self.chain(element.boundary))

    def from_internet(self, flow: Flow) -> bool:
        """The flow starts in an internet boundary or at an untrusted actor."""
        source = self.end(flow.source)
        untrusted_actor = isinstance(source, Actor) and source.trust == "untrusted"
        return untrusted_actor or self.in_internet(source)

    def crossed(self, flow: Flow) -> tuple[Boundary, ...]:
        """The boundaries one end is in and the other is not."""
        source = {b.id: b for b in self.chain_of(self.end(flow.source))}
        target = {b.id: b for b in self.chain_of(self.end(flow.target))}
        return tuple(b for i, b in {**source, **target}.items() if (i in source) != (i in target))

    def cross_account(self, flow: Flow) -> bool:
        """Both ends sit in an account boundary, and not the same one."""
        source = self.account_of(self.end(flow.source))
        target = self.account_of(self.end(flow.target))
        return source is not None and target is not None and source != target

    def reachable_from_internet(self, element: Component | Actor) -> bool:
        return any(self.from_internet(f) for f in self.flows_in.get(element.id, ()))

    def inside(self, boundary: Boundary) -> tuple[Component, ...]:
        return tuple(c for c in self.model.components if boundary in self.chain(c.boundary))

    def asset_ids(self, element: Element) -> tuple[str, ...]:
        """The data an element involves, in model order.

        A flow: what it carries. A component: what it stores and processes, and what its
        flows carry. An actor: what its flows carry. A boundary: its components' data.
        """
        ids: list[str] = []
        if isinstance(element, Flow):
            ids += element.data
        elif isinstance(element, Boundary):
            for component in self.inside(element):
                ids += self.asset_ids(component)
        else:
            if isinstance(element, Component):
                ids += (*element.stores, *element.processes)
            for flow in (*self.flows_in.get(element.id, ()), *self.flows_out.get(element.id, ())):
                ids += flow.data
        unique = dict.fromkeys(ids)
        return tuple(sorted(unique, key=lambda i: self._order.get(i, len(self._order))))

    def assets_of(self, ids: Iterable[str]) -> tuple[Asset, ...]:
        return tuple(self.assets[i] for i in ids if i in self.assets)

    def classification(self, ids: Iterable[str]) -> Classification | None:
        return max((a.classification for a in self.assets_of(ids)), default=None)

    def need(self, element: Element, which: str) -> Need | None:
        needs = (getattr(a, which) for a in self.assets_of(self.asset_ids(element)))
        return max(needs, default=None)

    def resources(self, element: Element) -> tuple[str, ...]:
        """The resources whose evidence bears on a threat on ``element``."""
        if isinstance(element, Flow):
            ends = (self.end(element.source), self.end(element.target))
            found = [r for end in ends if isinstance(end, Component) for r in end.resources]
        elif isinstance(element, Component):
            found = list(element.resources)
        elif isinstance(element, Boundary):
            found = [r for c in self.inside(element) for r in c.resources]
        else:
            found = []
        return tuple(dict.fromkeys(found))

    def elements(self, kind: ElementKind) -> tuple[Element, ...]:
        model = self.model
        by_kind: dict[str, tuple[Element, ...]] = {
            "component": model.components,
            "flow": model.flows,
            "actor": model.actors,
            "boundary": model.boundaries,
        }
        return by_kind[kind]


# ---- fields ---------------------------------------------------------------------------

FieldType = Literal["bool", "str", "int", "enum", "classification", "need", "ids"]


@dataclass(frozen=True)
class _Field:
    type: FieldType
    get: Callable[[Graph, Any], Any]
    values: tuple[str, ...] = ()  # the allowed values of an enum


def _attr(name: str) -> Callable[[Graph, Any], Any]:
    return lambda graph, element: getattr(element, name, None)


def _kind(graph: Graph, element: Any) -> str:
    return "actor" if isinstance(element, Actor) else str(element.kind)


def _boundary_kind(graph: Graph, element: Any) -> str | None:
    chain = graph.chain_of(element)
    return chain[0].kind if chain else None


def _derived() -> dict[str, _Field]:
    fields = {
        "classification": _Field(
            "classification", lambda g, e: g.classification(g.asset_ids(e)), CLASSIFICATIONS
        ),
    }
    for need in ("confidentiality", "integrity", "availability"):
        fields[need] = _Field("need", _need_of(need), CIA_LEVELS)
    return fields


def _need_of(which: str) -> Callable[[Graph, Any], Need | None]:
    return lambda graph, element: graph.need(element, which)


def _fields(scope: Scope) -> dict[str, _Field]:
    """The fields a condition may test in ``scope``, stated and derived."""
    text = ("id", "name")
    found: dict[str, _Field] = {name: _Field("str", _attr(name)) for name in text}
    where = {"boundary_kind": _Field("enum", _boundary_kind, BOUNDARY_KINDS)}
    if scope in ("component", "end"):
        kinds = (*COMPONENT_KINDS, "actor") if scope == "end" else COMPONENT_KINDS
        found |= {
            "kind": _Field("enum", _kind, kinds),
            "boundary": _Field("str", _attr("boundary")),
            "resource_type": _Field("str", _attr("resource_type")),
            "trust": _Field("enum", _attr("trust"), TRUST),
            **{n: _Field("ids", _attr(n)) for n in ("resources", "stores", "processes")},
            **where,
        }
        booleans = (
            "internet_facing",
            "encrypted_at_rest",
            "logging",
            "waf",
            "admin_interface",
            "secrets_in_environment",
            "authenticates_callers",
        )
        found |= {name: _Field("bool", _attr(name)) for name in booleans}
    elif scope == "actor":
        found |= {
            "kind": _Field("enum", _kind, ("actor",)),
            "trust": _Field("enum", _attr("trust"), TRUST),
            "boundary": _Field("str", _attr("boundary")),
            **where,
        }
    elif scope == "flow":
        found = {"id": _Field("str", _attr("id"))}
        found |= {n: _Field("str", _attr(n)) for n in ("source", "target", "protocol")}
        found |= {
            "port": _Field("int", _attr("port")),
            "encrypted": _Field("bool", _attr("encrypted")),
            "authenticated": _Field("bool", _attr("authenticated")),
            "data": _Field("ids", _attr("data")),
        }
    else:  # boundary
        found |= {
            "kind": _Field("enum", _attr("kind"), BOUNDARY_KINDS),
            "parent": _Field("str", _attr("parent")),
            "aws_id": _Field("str", _attr("aws_id")),
        }
    return found | _derived()


def known_fields(scope: Scope) -> tuple[str, ...]:
    """The field names a rule may test on elements of ``scope`` (sorted)."""
    return tuple(sorted(_fields(scope)))


# ---- compiling ------------------------------------------------------------------------

# The operators of each scope besides field tests and the combinators.
_ELEMENT_PREDICATES = (
    "kind",
    "resource_type",
    "within",
    "reachable_from_internet",
    "flows_in",
    "flows_out",
    "carries",
    "holds",
)
_PREDICATES: dict[Scope, tuple[str, ...]] = {
    "component": _ELEMENT_PREDICATES,
    "end": _ELEMENT_PREDICATES,
    "actor": ("within", "reachable_from_internet", "flows_in", "flows_out", "carries"),
    "flow": ("crosses_boundary", "from_internet", "cross_account", "source", "target", "carries"),
    "boundary": ("kind", "within", "contains", "carries"),
}
_COMBINATORS = ("all", "any", "not")
_TESTS = ("is", "is_not", "eq", "in", "at_least", "exists")


@dataclass(frozen=True)
class Condition:
    """A compiled ``when:`` tree: call it with a graph and an element of its scope.

    Two conditions are equal when their trees are (``tree``: the tree as canonical JSON),
    so the same rule loaded twice compares and hashes the same.
    """

    scope: Scope
    tree: str
    test: Test = field(compare=False, repr=False)

    def __call__(self, graph: Graph, element: Any) -> bool:
        return self.test(graph, element)


class _Compiler:
    """Compiles one rule's tree; knows the file and node tree to point errors at lines."""

    def __init__(self, path: Path | None, root: yaml.Node | None) -> None:
        self.path = path
        self.root = root

    def error(self, location: Sequence[Any], message: str) -> ConfigError:
        where = dotted(location)
        return ConfigError(f"{where}: {message}", path=self.path, line=line_of(self.root, location))

    def node(self, data: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        if not isinstance(data, Mapping) or not data:
            raise self.error(at, "a condition is a mapping with one operator")
        keys = set(data)
        if "field" in keys:
            return self.field_test(data, scope, at)
        if len(keys) != 1:
            raise self.error(at, f"one operator per condition, got {', '.join(map(str, data))}")
        (operator, value), *_ = data.items()
        inner = (*at, operator)
        if operator in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise self.error(inner, f"{operator} takes a non-empty list of conditions")
            parts = [self.node(v, scope, (*inner, i)) for i, v in enumerate(value)]
            if operator == "all":
                return lambda g, e: all(p(g, e) for p in parts)
            return lambda g, e: any(p(g, e) for p in parts)
        if operator == "not":
            part = self.node(value, scope, inner)
            return lambda g, e: not part(g, e)
        if operator not in _PREDICATES[scope]:
            allowed = ", ".join((*_COMBINATORS, "field", *_PREDICATES[scope]))
            raise self.error(at, f"unknown operator {operator!r} for a {scope}; expected {allowed}")
        method: Callable[[Any, Scope, tuple[Any, ...]], Test] = getattr(self, f"op_{operator}")
        return method(value, scope, inner)

    # -- field tests

    def field_test(self, data: Mapping[str, Any], scope: Scope, at: tuple[Any, ...]) -> Test:
        fields = _fields(scope)
        name = data["field"]
        if not isinstance(name, str) or name not in fields:
            known = ", ".join(sorted(fields))
            raise self.error(
                (*at, "field"), f"unknown field {name!r} for a {scope}; known: {known}"
            )
        tests = [k for k in data if k != "field"]
        if len(tests) != 1 or tests[0] not in _TESTS:
            raise self.error(at, f"a field test takes one of {', '.join(_TESTS)}, got {tests}")
        test, value = tests[0], data[tests[0]]
        spec, loc = fields[name], (*at, test)
        get = spec.get
        if test == "exists":
            want = self.boolean(value, loc, test)
            return lambda g, e: _present(get(g, e)) == want
        if test in ("is", "is_not"):
            if spec.type != "bool":
                raise self.error(loc, f"{test} applies to true/false fields; {name} is {spec.type}")
            want = self.boolean(value, loc, test)
            negate = test == "is_not"
            # Not known is not safe: `is: false` is "not known to be true".
            return lambda g, e: ((get(g, e) is True) == want) != negate
        if test == "at_least":
            if spec.type not in ("classification", "need"):
                raise self.error(loc, f"at_least applies to ordered fields; {name} is {spec.type}")
            level = self.level(spec, value, loc)
            return lambda g, e: (v := get(g, e)) is not None and v >= level
        values = value if test == "in" else [value]
        if test == "in" and (not isinstance(value, list) or not value):
            raise self.error(loc, "in takes a non-empty list of values")
        if spec.type == "ids":
            raise self.error(loc, f"{test} does not apply to the list field {name}; use exists")
        wanted = {self.scalar(spec, v, loc) for v in values}
        return lambda g, e: _normal(get(g, e)) in wanted

    def boolean(self, value: Any, at: tuple[Any, ...], test: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(at, f"{test} takes true or false, got {value!r}")
        return value

    def level(self, spec: _Field, value: Any, at: tuple[Any, ...]) -> int:
        if not isinstance(value, str) or value not in spec.values:
            raise self.error(at, f"expected one of {', '.join(spec.values)}, got {value!r}")
        enum = Classification if spec.type == "classification" else Need
        return int(enum[value.upper()])

    def scalar(self, spec: _Field, value: Any, at: tuple[Any, ...]) -> Any:
        if spec.type == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.error(at, f"expected a whole number, got {value!r}")
            return value
        if spec.type in ("classification", "need"):
            return self.level(spec, value, at)
        if not isinstance(value, str):
            raise self.error(at, f"expected text, got {value!r}")
        if spec.type == "enum" and value not in spec.values:
            raise self.error(at, f"expected one of {', '.join(spec.values)}, got {value!r}")
        return value.casefold()

    # -- element filters

    def strings(self, value: Any, at: tuple[Any, ...], allowed: Sequence[str] = ()) -> list[str]:
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(v, str) and v for v in items):
            raise self.error(at, "expected a value or a non-empty list of values")
        for item in items:
            if allowed and item not in allowed:
                raise self.error(at, f"expected one of {', '.join(allowed)}, got {item!r}")
        return items

    def op_kind(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        allowed = _fields(scope)["kind"].values
        kinds = set(self.strings(value, at, allowed))
        return lambda g, e: _kind(g, e) in kinds

    def op_resource_type(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        patterns = self.strings(value, at)

        def test(graph: Graph, element: Any) -> bool:
            found = getattr(element, "resource_type", None)
            return found is not None and any(fnmatchcase(found, p) for p in patterns)

        return test

    def op_within(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        if not isinstance(value, Mapping) or set(value) - {"kind", "id"} or not value:
            raise self.error(at, "within takes {kind: ...} and/or {id: ...}")
        kinds = (
            set(self.strings(value["kind"], (*at, "kind"), BOUNDARY_KINDS))
            if "kind" in value
            else None
        )
        ids = set(self.strings(value["id"], (*at, "id"))) if "id" in value else None

        def test(graph: Graph, element: Any) -> bool:
            return any(
                (kinds is None or b.kind in kinds) and (ids is None or b.id in ids)
                for b in graph.chain_of(element)
            )

        return test

    # -- graph predicates

    def flag(self, value: Any, at: tuple[Any, ...], test: Test) -> Test:
        want = self.boolean(value, at, str(at[-1]))
        return lambda g, e: test(g, e) == want

    def op_reachable_from_internet(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        return self.flag(value, at, lambda g, e: g.reachable_from_internet(e))

    def op_from_internet(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        return self.flag(value, at, lambda g, e: g.from_internet(e))

    def op_cross_account(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        return self.flag(value, at, lambda g, e: g.cross_account(e))

    def op_crosses_boundary(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        if isinstance(value, bool):
            return self.flag(value, at, lambda g, e: bool(g.crossed(e)))
        if not isinstance(value, Mapping) or set(value) != {"kind"}:
            raise self.error(at, "crosses_boundary takes true, false or {kind: ...}")
        kinds = set(self.strings(value["kind"], (*at, "kind"), BOUNDARY_KINDS))
        return lambda g, e: any(b.kind in kinds for b in g.crossed(e))

    def op_source(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        inner = self.node(value, "end", at)
        return lambda g, e: inner(g, g.end(e.source))

    def op_target(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        inner = self.node(value, "end", at)
        return lambda g, e: inner(g, g.end(e.target))

    def flows(
        self, value: Any, at: tuple[Any, ...], pick: Callable[[Graph, Any], list[Flow]]
    ) -> Test:
        if isinstance(value, bool):
            return self.flag(value, at, lambda g, e: bool(pick(g, e)))
        inner = self.node(value, "flow", at)
        return lambda g, e: any(inner(g, f) for f in pick(g, e))

    def op_flows_in(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        return self.flows(value, at, lambda g, e: g.flows_in.get(e.id, []))

    def op_flows_out(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        return self.flows(value, at, lambda g, e: g.flows_out.get(e.id, []))

    def op_contains(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        inner = self.node(value, "component", at)
        return lambda g, e: any(inner(g, c) for c in g.inside(e))

    def data_level(self, value: Any, at: tuple[Any, ...]) -> int:
        if not isinstance(value, Mapping) or set(value) != {"at_least"}:
            raise self.error(at, "expected {at_least: <classification>}")
        spec = _Field("classification", _attr("classification"), CLASSIFICATIONS)
        return self.level(spec, value["at_least"], (*at, "at_least"))

    def op_carries(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        level = self.data_level(value, at)
        return lambda g, e: (c := g.classification(g.asset_ids(e))) is not None and c >= level

    def op_holds(self, value: Any, scope: Scope, at: tuple[Any, ...]) -> Test:
        level = self.data_level(value, at)

        def test(graph: Graph, element: Any) -> bool:
            found = graph.classification(getattr(element, "stores", ()))
            return found is not None and found >= level

        return test


def _present(value: Any) -> bool:
    return value is not None and value not in ((), "")


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, Classification | Need):
        return int(value)
    return value


def compile_condition(
    data: Any,
    scope: Scope,
    *,
    path: Path | None = None,
    root: yaml.Node | None = None,
    location: tuple[Any, ...] = (),
) -> Condition:
    """Compile a ``when:`` tree for elements of ``scope``.

    ``path``, ``root`` (the file's YAML node tree) and ``location`` (the keys leading to
    the tree in the file) place errors at file:line.
    """
    test = _Compiler(path, root).node(data, scope, location)
    return Condition(scope=scope, tree=json.dumps(data, sort_keys=True, default=str), test=test)


# ---- raising threats ------------------------------------------------------------------

_KIND_ORDER = {"boundary": 0, "actor": 1, "component": 2, "flow": 3}


def _name(graph: Graph, element: Element) -> str:
    if isinstance(element, Flow):
        return f"{graph.end(element.source).name} -> {graph.end(element.target).name}"
    return element.name


def raise_threats(model: ThreatModel, rules: Iterable[Rule]) -> tuple[Threat, ...]:
    """Every threat ``rules`` raise on ``model``, ordered by rule id, element kind and id.

    A rule whose ``condition`` is still raw data (a mapping, as in tests) is compiled here.
    """
    graph = Graph(model)
    threats: list[Threat] = []
    for rule in rules:
        condition = rule.condition
        if isinstance(condition, Mapping):
            condition = compile_condition(condition, rule.applies_to)
        if not isinstance(condition, Condition) or condition.scope != rule.applies_to:
            raise ConfigError(f"rule {rule.id} has no compiled condition for a {rule.applies_to}")
        for element in graph.elements(rule.applies_to):
            if condition(graph, element):
                threats.append(_threat(graph, rule, element))
    threats.sort(key=lambda t: (t.rule.id, _KIND_ORDER[t.element_kind], t.element_id))
    return tuple(threats)


def _threat(graph: Graph, rule: Rule, element: Element) -> Threat:
    data = graph.asset_ids(element)
    found = graph.classification(data)
    impact = IMPACT_OF_CLASSIFICATION[found] if found is not None else 1
    return Threat(
        id=threat_id(rule.id, element.id),
        rule=rule,
        element_id=element.id,
        element_kind=rule.applies_to,
        element_name=_name(graph, element),
        likelihood=rule.likelihood,
        impact=max(impact, rule.impact_floor),
        resources=graph.resources(element),
        data=data,
    )
