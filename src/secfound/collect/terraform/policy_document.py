"""``data "aws_iam_policy_document"`` rendered to the AWS policy JSON it stands for.

Statement blocks become ``Statement`` entries (``effect`` defaults to Allow), principals
``{type, identifiers}`` become ``Principal: {type: identifiers}`` (``*`` with ``*`` is
``"*"``), conditions sharing a test merge under it. ``source_policy_documents`` come first
and are overridden by Sid; ``override_policy_documents`` override last. A document with
unresolved parts is still a structure: its ``json`` is a ``JsonText`` so the known
statements can be judged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from secfound.collect.terraform.values import JsonText, contains_unresolved, json_ready
from secfound.model.values import Unresolved

_LISTS = (
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)


def render_policy_document(arguments: Mapping[str, Any], address: str) -> Any:
    """The policy as a mapping in AWS's JSON shape (or ``Unresolved`` when unknowable)."""
    statements = _blocks(arguments.get("statement"))
    if isinstance(statements, Unresolved):
        return statements
    rendered: list[Any] = []
    for source in _documents(arguments.get("source_policy_documents")):
        if isinstance(source, Unresolved):
            return Unresolved(f"{address}.source_policy_documents")
        rendered = _override(rendered, source)
    own = [_statement(s) for s in statements if isinstance(s, Mapping)]
    rendered = _override(rendered, own)
    for override in _documents(arguments.get("override_policy_documents")):
        if isinstance(override, Unresolved):
            return Unresolved(f"{address}.override_policy_documents")
        rendered = _override(rendered, override)
    document: dict[str, Any] = {"Version": arguments.get("version") or "2012-10-17"}
    if arguments.get("policy_id") is not None:
        document["Id"] = arguments["policy_id"]
    document["Statement"] = rendered
    return document


def policy_json(document: Any, expression: str) -> Any:
    """The ``json`` attribute: text when fully known, else a ``JsonText``."""
    if isinstance(document, Unresolved):
        return document
    if contains_unresolved(document):
        return JsonText(json_ready(document), expression)
    return json.dumps(document, indent=2, ensure_ascii=False)


def _blocks(value: Any) -> list[Any] | Unresolved:
    if value is None:
        return []
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return value
    return Unresolved(f"statement of type {type(value).__name__}")


def _documents(value: Any) -> list[list[Any] | Unresolved]:
    """Statements of each policy given as JSON text (sources and overrides)."""
    if value is None:
        return []
    if isinstance(value, Unresolved):
        return [value]
    out: list[list[Any] | Unresolved] = []
    for raw in value if isinstance(value, list) else [value]:
        item = raw
        if isinstance(raw, JsonText):
            item = raw.value
        elif isinstance(raw, str):
            try:
                item = json.loads(raw)
            except ValueError:
                out.append(Unresolved("policy document text that is not JSON"))
                continue
        if not isinstance(item, Mapping):
            out.append(Unresolved("policy document that is not an object"))
            continue
        statements = item.get("Statement", [])
        out.append(statements if isinstance(statements, list) else [statements])
    return out


def _override(base: list[Any], statements: list[Any]) -> list[Any]:
    """Statements with a Sid replace those of ``base`` with the same Sid; others append."""
    merged = list(base)
    for statement in statements:
        sid = statement.get("Sid") if isinstance(statement, Mapping) else None
        if isinstance(sid, str) and sid:
            for i, existing in enumerate(merged):
                other = existing.get("Sid") if isinstance(existing, Mapping) else None
                if isinstance(other, str) and other == sid:
                    merged[i] = statement
                    break
            else:
                merged.append(statement)
        else:
            merged.append(statement)
    return merged


def _statement(block: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sid = block.get("sid")
    if isinstance(sid, Unresolved) or (sid is not None and sid != ""):
        out["Sid"] = sid
    out["Effect"] = block.get("effect") if block.get("effect") is not None else "Allow"
    for name, key in _LISTS:
        value = block.get(name)
        if value is not None:
            out[key] = _single(value)
    for name, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        principals = _principals(block.get(name))
        if principals is not None:
            out[key] = principals
    conditions = _conditions(block.get("condition"))
    if conditions is not None:
        out["Condition"] = conditions
    return out


def _single(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _principals(value: Any) -> Any:
    blocks = _blocks(value)
    if isinstance(blocks, Unresolved):
        return blocks
    if not blocks:
        return None
    out: dict[str, Any] = {}
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        kind, identifiers = block.get("type"), block.get("identifiers")
        if isinstance(kind, Unresolved):
            return Unresolved(kind.expression)
        if kind == "*" and _only_star(identifiers):
            return "*"
        existing = out.get(str(kind))
        if isinstance(existing, list) and isinstance(identifiers, list):
            out[str(kind)] = existing + identifiers
        else:
            out[str(kind)] = identifiers
    return {k: _single(v) for k, v in out.items()}


def _only_star(identifiers: Any) -> bool:
    if isinstance(identifiers, str):
        return identifiers == "*"
    return (
        isinstance(identifiers, list)
        and len(identifiers) == 1
        and isinstance(identifiers[0], str)
        and identifiers[0] == "*"
    )


def _conditions(value: Any) -> Any:
    blocks = _blocks(value)
    if isinstance(blocks, Unresolved):
        return blocks
    if not blocks:
        return None
    out: dict[str, dict[str, Any]] = {}
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        test, variable, values = block.get("test"), block.get("variable"), block.get("values")
        if isinstance(test, Unresolved) or isinstance(variable, Unresolved):
            return Unresolved("condition with an unresolved test or variable")
        by_variable = out.setdefault(str(test), {})
        existing = by_variable.get(str(variable))
        if isinstance(existing, list) and isinstance(values, list):
            by_variable[str(variable)] = existing + values
        else:
            by_variable[str(variable)] = values
    return {t: {k: _single(v) for k, v in kv.items()} for t, kv in out.items()}
