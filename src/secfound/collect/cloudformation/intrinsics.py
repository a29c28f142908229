"""Intrinsic functions: each one computed where the template says enough, else ``Unresolved``.

The ``Resolver`` walks a raw value (a marked tree from the readers) and returns it with
every intrinsic replaced by its value. What cannot be known before deployment stays an
``Unresolved`` that says as much as is known: ``!Ref Bucket`` is an identifier (one specific
value, never a wildcard), ``!Sub arn:${AWS::Partition}:s3:::${Name}/*`` keeps its known text
as a template. ``AWS::NoValue`` removes the property or list item that holds it. A malformed
call (a wrong shape, a reference to a name the template does not declare) is an
``InputError`` at its line, and its value is ``Unresolved``; nothing here raises on input.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from secfound.collect.cloudformation.conditions import (
    Conditions,
    as_text,
    contains_unresolved,
)
from secfound.collect.cloudformation.expression import expression_text
from secfound.collect.cloudformation.tree import NO_MARK, Mark, MarkedList, MarkedMap
from secfound.findings import InputError
from secfound.model.values import Unresolved


class _NoValue:
    """``AWS::NoValue``: the holder of this value is removed from its mapping or list."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE: Any = _NoValue()

PSEUDO_KNOWN = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
PSEUDO_UNKNOWN = frozenset(
    {"AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs"}
)

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_UNKNOWN_PART = "${...}"
_MISSING = object()


@dataclass
class Scope:
    """What the template declares that intrinsics read. ``errors`` collects what they find."""

    path: str
    parameters: Mapping[str, Any]
    resources: Mapping[str, str]  # logical id -> resource type
    mappings: Mapping[str, Any]
    conditions: Mapping[str, Any]
    errors: list[InputError]


_REFERENCE_TEXT = re.compile(r"!(?:Ref|GetAtt) ([A-Za-z0-9]+)(?:\.|$)")


def referenced_resource(value: Any) -> str | None:
    """The logical id a resolved ``!Ref``/``!GetAtt`` of a declared resource points at.

    Such values are the identifier ``Unresolved`` values this module makes, whose
    expression starts ``!Ref <id>`` or ``!GetAtt <id>.``; joins use this to find the
    resource another configures.
    """
    if isinstance(value, Unresolved) and value.identifier:
        match = _REFERENCE_TEXT.match(value.expression)
        if match is not None:
            return match.group(1)
    return None


def _template_of(value: Any) -> str:
    if isinstance(value, Unresolved) and value.template is not None:
        return value.template
    return _UNKNOWN_PART


class Resolver:
    """Resolves intrinsics in raw values against one template's ``Scope``."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.conditions = Conditions(scope.conditions, self.resolve, self.report)
        self._functions: dict[str, Callable[[Any, MarkedMap, Mark], Any]] = {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Sub": self._sub,
            "Fn::Join": self._join,
            "Fn::Select": self._select,
            "Fn::Split": self._split,
            "Fn::FindInMap": self._find_in_map,
            "Fn::If": self._if,
            "Fn::Base64": self._base64,
            "Fn::Cidr": self._cidr,
            "Fn::Length": self._length,
            "Fn::ToJsonString": self._to_json_string,
            "Fn::GetAZs": self._unknowable,
            "Fn::ImportValue": self._unknowable,
            "Fn::Equals": self._condition_value,
            "Fn::And": self._condition_value,
            "Fn::Or": self._condition_value,
            "Fn::Not": self._condition_value,
        }

    # -- reporting ----------------------------------------------------------------------

    def report(self, message: str, mark: Mark) -> None:
        self.scope.errors.append(
            InputError(
                path=self.scope.path,
                message=message,
                line=mark.line or None,
                column=mark.column or None,
            )
        )

    def _bad(self, node: MarkedMap, mark: Mark, why: str) -> Unresolved:
        text = expression_text(node)
        self.report(f"{why}: {text}", mark)
        return Unresolved(text)

    # -- walking ------------------------------------------------------------------------

    def resolve(self, value: Any) -> Any:
        """``value`` with every intrinsic resolved (``NO_VALUE`` for ``AWS::NoValue``)."""
        if isinstance(value, Mapping):
            if len(value) == 1:
                key = next(iter(value))
                if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                    return self._call(key, value)
            out = MarkedMap(mark=getattr(value, "mark", NO_MARK))
            marks = getattr(value, "key_marks", {})
            for key, item in value.items():
                resolved = self.resolve(item)
                if resolved is NO_VALUE:
                    continue
                out[key] = resolved
                if key in marks:
                    out.key_marks[key] = marks[key]
            return out
        if isinstance(value, list):
            items = MarkedList(mark=getattr(value, "mark", NO_MARK))
            item_marks = getattr(value, "item_marks", [])
            for index, item in enumerate(value):
                resolved = self.resolve(item)
                if resolved is NO_VALUE:
                    continue
                items.append(resolved)
                if index < len(item_marks):
                    items.item_marks.append(item_marks[index])
            return items
        return value

    def _value(self, raw: Any) -> Any:
        """A function's argument resolved; ``AWS::NoValue`` there is not a value, so unknown."""
        value = self.resolve(raw)
        return Unresolved(expression_text(raw)) if value is NO_VALUE else value

    def _call(self, key: str, node: Mapping[str, Any]) -> Any:
        marked = node if isinstance(node, MarkedMap) else MarkedMap(node)
        function = self._functions.get(key)
        if function is None:
            return Unresolved(expression_text(marked))
        return function(marked[key], marked, marked.mark_of(key))

    # -- Ref and GetAtt -----------------------------------------------------------------

    def reference(self, name: str, mark: Mark) -> Any:
        """The value of ``Ref name``: a parameter, a pseudo parameter or a resource."""
        scope = self.scope
        if name in scope.parameters:
            return scope.parameters[name]
        if name in PSEUDO_KNOWN:
            return PSEUDO_KNOWN[name]
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO_UNKNOWN:
            return Unresolved(f"!Ref {name}")
        if name in scope.resources:
            return Unresolved(f"!Ref {name}", identifier=True)
        self.report(f"Ref to {name!r}, which is not a parameter or resource of this template", mark)
        return Unresolved(f"!Ref {name}")

    def attribute(self, resource: str, attribute: Any, mark: Mark) -> Unresolved:
        """``GetAtt resource.attribute``: known only after deployment, always an identifier."""
        text = f"!GetAtt {resource}.{attribute if isinstance(attribute, str) else '...'}"
        if resource not in self.scope.resources:
            self.report(f"GetAtt of {resource!r}, which is not a resource of this template", mark)
            return Unresolved(text)
        return Unresolved(text, identifier=True)

    def _ref(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not isinstance(arg, str):
            return self._bad(node, mark, "Ref needs a name")
        return self.reference(arg, mark)

    def _get_att(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if isinstance(arg, str) and "." in arg:
            arg = arg.split(".", 1)
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            return self._bad(node, mark, "GetAtt needs [resource, attribute]")
        attribute = self._value(arg[1])
        return self.attribute(arg[0], attribute, mark)

    # -- text ---------------------------------------------------------------------------

    def _sub(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(arg, str):
            text = arg
        elif (
            isinstance(arg, list)
            and len(arg) == 2
            and isinstance(arg[0], str)
            and isinstance(arg[1], Mapping)
        ):
            text = arg[0]
            variables = {str(k): self._value(v) for k, v in arg[1].items()}
        else:
            return self._bad(node, mark, "Sub needs a string or [string, {variables}]")
        pieces: list[str] = []
        known = True
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            pieces.append(text[position : match.start()])
            position = match.end()
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} writes ${Literal}
                pieces.append("${" + name[1:] + "}")
                continue
            if name in variables:
                value = variables[name]
            elif "." in name and name not in self.scope.parameters:
                resource, attribute = name.split(".", 1)
                value = self.attribute(resource, attribute, mark)
            else:
                value = self.reference(name, mark)
            piece = as_text(value)
            if piece is None:
                known = False
                piece = (
                    value.template
                    if isinstance(value, Unresolved) and value.template
                    else ("${" + name + "}")
                )
            pieces.append(piece)
        pieces.append(text[position:])
        if known:
            return "".join(pieces)
        return Unresolved(expression_text(node), template="".join(pieces))

    def _join(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            return self._bad(node, mark, "Join needs [delimiter, [values]]")
        delimiter = self._value(arg[0])
        items = self._value(arg[1])
        if isinstance(delimiter, Unresolved) or isinstance(items, Unresolved):
            return Unresolved(expression_text(node))
        if not isinstance(delimiter, str) or not isinstance(items, list):
            return self._bad(node, mark, "Join needs [delimiter, [values]]")
        parts = [as_text(item) for item in items]
        if all(part is not None for part in parts):
            return delimiter.join(part for part in parts if part is not None)
        template = delimiter.join(
            part if part is not None else _template_of(item)
            for part, item in zip(parts, items, strict=True)
        )
        return Unresolved(expression_text(node), template=template)

    def _split(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            return self._bad(node, mark, "Split needs [delimiter, string]")
        delimiter, source = self._value(arg[0]), self._value(arg[1])
        if isinstance(delimiter, Unresolved) or isinstance(source, Unresolved):
            return Unresolved(expression_text(node))
        if not isinstance(delimiter, str) or not delimiter or not isinstance(source, str):
            return self._bad(node, mark, "Split needs [delimiter, string]")
        return source.split(delimiter)

    def _base64(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        value = self._value(arg)
        if isinstance(value, Unresolved):
            return Unresolved(expression_text(node))
        if not isinstance(value, str):
            return self._bad(node, mark, "Base64 needs a string")
        return base64.b64encode(value.encode("utf-8")).decode("ascii")

    def _to_json_string(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        value = self._value(arg)
        if contains_unresolved(value):
            return Unresolved(expression_text(node))
        return json.dumps(value, separators=(",", ":"))

    # -- lists and lookups --------------------------------------------------------------

    def _select(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            return self._bad(node, mark, "Select needs [index, [values]]")
        index, items = self._value(arg[0]), self._value(arg[1])
        if isinstance(index, Unresolved) or isinstance(items, Unresolved):
            return Unresolved(expression_text(node))
        if isinstance(index, str) and index.strip().isdigit():
            index = int(index)
        if not isinstance(index, int) or isinstance(index, bool) or not isinstance(items, list):
            return self._bad(node, mark, "Select needs [index, [values]]")
        if not 0 <= index < len(items):
            return self._bad(node, mark, f"Select index {index} is outside a list of {len(items)}")
        return items[index]

    def _length(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        items = self._value(arg)
        if isinstance(items, Unresolved):
            return Unresolved(expression_text(node))
        if not isinstance(items, list):
            return self._bad(node, mark, "Length needs a list")
        return len(items)

    def _find_in_map(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not (isinstance(arg, list) and len(arg) in (3, 4)):
            return self._bad(node, mark, "FindInMap needs [map, key, key]")
        default: Any = _MISSING
        if len(arg) == 4:
            option = arg[3]
            if not (isinstance(option, Mapping) and set(option) == {"DefaultValue"}):
                return self._bad(node, mark, "FindInMap's fourth argument is {DefaultValue: ...}")
            default = self.resolve(option["DefaultValue"])
        keys = [self._value(a) for a in arg[:3]]
        if any(isinstance(key, Unresolved) for key in keys):
            return Unresolved(expression_text(node))
        texts = [as_text(key) for key in keys]
        if any(text is None for text in texts):
            return self._bad(node, mark, "FindInMap keys must be strings")
        value: Any = self.scope.mappings
        for text in texts:
            value = value.get(text, _MISSING) if isinstance(value, Mapping) else _MISSING
        if value is _MISSING:
            if default is not _MISSING:
                return default
            return self._bad(node, mark, "FindInMap finds no such entry in Mappings")
        return self.resolve(value)

    def _cidr(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not (isinstance(arg, list) and len(arg) == 3):
            return self._bad(node, mark, "Cidr needs [ipBlock, count, cidrBits]")
        block, count, bits = (self._value(a) for a in arg)
        if any(isinstance(v, Unresolved) for v in (block, count, bits)):
            return Unresolved(expression_text(node))
        import ipaddress  # only templates that compute subnets pay for it

        try:
            network = ipaddress.ip_network(str(block), strict=False)
            count_n, bits_n = int(str(count)), int(str(bits))
            prefix = network.max_prefixlen - bits_n
            if not 1 <= count_n <= 256 or prefix < network.prefixlen:
                raise ValueError("count or cidrBits out of range")
            subnets = []
            for subnet in network.subnets(new_prefix=prefix):
                subnets.append(str(subnet))
                if len(subnets) == count_n:
                    break
        except ValueError as exc:
            return self._bad(node, mark, f"Cidr cannot be computed ({exc})")
        if len(subnets) < count_n:
            return self._bad(node, mark, "Cidr asks for more subnets than the block holds")
        return subnets

    # -- conditions and the unknowable --------------------------------------------------

    def _if(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        if not (isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str)):
            return self._bad(node, mark, "If needs [condition, value if true, value if false]")
        decision = self.conditions.named(arg[0], mark)
        if decision is None:
            return Unresolved(expression_text(node))
        return self.resolve(arg[1] if decision else arg[2])

    def _condition_value(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        return self.conditions.value(node, mark)

    def _unknowable(self, arg: Any, node: MarkedMap, mark: Mark) -> Any:
        self.resolve(arg)  # still report bad references inside
        return Unresolved(expression_text(node))
