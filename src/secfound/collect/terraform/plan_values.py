"""Plan JSON values to normalizer arguments: unknown, sensitive and unset values, addresses.

``planned_values`` omit what is known only after apply; ``after_unknown`` mirrors the
values with ``true`` at each such leaf (or whole block), and ``sensitive_values`` mirrors
them with ``true`` at each sensitive one. The configuration's ``expressions`` mirror what
the user wrote: an attribute expression is an object with ``constant_value`` and/or
``references``, a nested block is a list of such mappings, one per block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from secfound.collect.terraform.values import is_identifier_attribute
from secfound.model.values import Unresolved

_PLAN_KEYS = ("planned_values", "resource_changes", "configuration")
# Reference roots that are not resources of the same module.
_NOT_RESOURCES = frozenset(
    {"var", "local", "module", "data", "count", "each", "path", "self", "terraform"}
)
_HIDDEN = "(sensitive)"


class Sensitive(str):
    """A value the plan marks sensitive: compares as its content, prints as ``(sensitive)``.

    Checks still judge it (a password that is a literal is still a finding), but no
    message, report or log shows it by accident through ``str``, ``repr`` or formatting.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return _HIDDEN

    def __repr__(self) -> str:
        return _HIDDEN

    def __format__(self, spec: str) -> str:
        return format(_HIDDEN, spec)

    def __getitem__(self, key: Any) -> Sensitive:  # a slice of a secret is still secret
        return Sensitive(str.__getitem__(self, key))


def is_plan_document(document: Any) -> bool:
    """A ``terraform show -json`` plan: ``format_version`` and a plan section."""
    return (
        isinstance(document, dict)
        and "format_version" in document
        and any(key in document for key in _PLAN_KEYS)
    )


def resource_key(raw: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(raw.get("mode", "managed")), str(raw.get("type")), str(raw.get("name")))


def split_address(address: str) -> tuple[str, tuple[str, ...]]:
    """The module prefix of a resource address (``module.a["x"].``) and the call names."""
    names: list[str] = []
    i = 0
    while address.startswith("module.", i):
        i += len("module.")
        start = i
        while i < len(address) and address[i] not in ".[":
            i += 1
        names.append(address[start:i])
        if i < len(address) and address[i] == "[":
            i = _after_index(address, i)
        if i < len(address) and address[i] == ".":
            i += 1
    return address[:i], tuple(names)


def module_names(address: str) -> tuple[str, ...]:
    return split_address(address)[1]


def _after_index(text: str, start: int) -> int:
    """The position after the ``[...]`` at ``start``; quoted keys may hold ``]`` or ``"``."""
    i = start + 1
    if i < len(text) and text[i] == '"':
        i += 1
        while i < len(text) and text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        i += 1
    while i < len(text) and text[i] != "]":
        i += 1
    return i + 1


class _Merge:
    """One resource instance's values merged with its unknown, sensitive and configured marks."""

    def __init__(
        self,
        address: str,
        addresses: set[str],
        identifiers: dict[int, tuple[Unresolved, str]],
    ) -> None:
        self.address = address
        self.prefix, _ = split_address(address)
        self.addresses = addresses
        self.identifiers = identifiers

    def object(
        self, values: Any, unknown: Any, sensitive: Any, expressions: Any, where: str
    ) -> dict[str, Any]:
        values = values if isinstance(values, Mapping) else {}
        unknown = unknown if isinstance(unknown, Mapping) else {}
        configured = expressions if isinstance(expressions, Mapping) else None
        out: dict[str, Any] = {}
        for key in [*values, *(k for k in unknown if k not in values)]:
            expression = configured.get(key) if configured is not None else None
            if configured is not None and key not in configured and _has_unknown(unknown.get(key)):
                continue  # computed by the provider: absent, as in the HCL source
            value = self.value(
                values.get(key),
                unknown.get(key),
                sensitive.get(key) if isinstance(sensitive, Mapping) else sensitive is True,
                expression,
                f"{where}.{key}",
                key,
            )
            if value is None:
                continue
            if isinstance(value, str) and value == "" and not _written(expression, ""):
                continue  # providers record unset strings as "": absent
            out[key] = value
        return out

    def value(
        self, value: Any, unknown: Any, sensitive: Any, expression: Any, where: str, key: str
    ) -> Any:
        if unknown is True:
            return self.unknown(expression, where, key)
        if sensitive is True:
            if _is_expression(expression) and "constant_value" not in expression:
                # Written as a reference (a variable, a secret's data source): not a literal
                # in the repository, and HCL would not know it either.
                return Unresolved(f"{where} (sensitive)")
            return _hide(value)
        if isinstance(value, Mapping) or isinstance(unknown, Mapping):
            nested = None if _is_expression(expression) else expression
            return self.object(value, unknown, sensitive, nested, where)
        if isinstance(value, list) or isinstance(unknown, list):
            items = value if isinstance(value, list) else []
            out = []
            for i, item in enumerate(items):
                out.append(
                    self.value(
                        item,
                        _at(unknown, i),
                        _at(sensitive, i),
                        _at(expression, i) if isinstance(expression, list) else None,
                        f"{where}[{i}]",
                        key,
                    )
                )
            return out
        return value

    def unknown(self, expression: Any, where: str, key: str) -> Unresolved:
        """``<address>.<attribute>``; named as HCL names it when it is another's identifier."""
        found = self._reference_target(expression)
        target, text = found if found is not None else (None, where)
        value = Unresolved(text, identifier=target is not None or is_identifier_attribute(key))
        if target is not None:
            self.identifiers[id(value)] = (value, target)
        return value

    def _reference_target(self, expression: Any) -> tuple[str, str] | None:
        """The one resource instance an expression refers to, and the reference's text."""
        references = expression.get("references") if isinstance(expression, Mapping) else None
        if not isinstance(references, list):
            return None
        for reference in references:
            if not isinstance(reference, str):
                continue
            parts = reference.split(".")
            if len(parts) < 2 or parts[0] in _NOT_RESOURCES:
                continue
            name = parts[1].split("[", 1)[0]
            attribute = parts[2] if len(parts) > 2 else None
            if attribute is not None and not is_identifier_attribute(attribute):
                continue
            target = self._instance(f"{self.prefix}{parts[0]}.{name}", reference)
            if target is None:
                return None
            if attribute is None:
                return target, f"{target}.id"
            return target, f"{self.prefix}{reference}"
        return None

    def _instance(self, base: str, reference: str) -> str | None:
        indexed = reference.split(".", 2)
        explicit = f"{self.prefix}{indexed[0]}.{indexed[1]}" if len(indexed) > 1 else base
        if explicit != base and explicit in self.addresses:
            return explicit
        candidates = [a for a in self.addresses if a == base or a.startswith(f"{base}[")]
        if len(candidates) == 1:
            return candidates[0]
        own = self.address[self.address.find("[", len(self.prefix)) :]
        same = f"{base}{own}" if "[" in own else None
        return same if same in candidates else None


def _written(expression: Any, literal: str) -> bool:
    return isinstance(expression, Mapping) and expression.get("constant_value") == literal


def _has_unknown(unknown: Any) -> bool:
    if unknown is True:
        return True
    if isinstance(unknown, Mapping):
        return any(_has_unknown(v) for v in unknown.values())
    if isinstance(unknown, list):
        return any(_has_unknown(v) for v in unknown)
    return False


def _is_expression(expression: Any) -> bool:
    return isinstance(expression, Mapping) and (
        "constant_value" in expression or "references" in expression
    )


def _at(value: Any, index: int) -> Any:
    return value[index] if isinstance(value, list) and index < len(value) else None


def _hide(value: Any) -> Any:
    if isinstance(value, str):
        return Sensitive(value)
    if isinstance(value, Mapping):
        return {k: _hide(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_hide(v) for v in value]
    return value


def planned_arguments(
    raw: Mapping[str, Any],
    change: Mapping[str, Any],
    expressions: Mapping[str, Any] | None,
    addresses: set[str],
    identifiers: dict[int, tuple[Unresolved, str]],
) -> dict[str, Any]:
    """The arguments a normalizer reads, from one ``planned_values`` resource instance."""
    address = str(raw.get("address"))
    sensitive = raw.get("sensitive_values")
    if sensitive is None:
        sensitive = change.get("after_sensitive")
    merge = _Merge(address, addresses, identifiers)
    return merge.object(
        raw.get("values"), change.get("after_unknown"), sensitive, expressions, address
    )
