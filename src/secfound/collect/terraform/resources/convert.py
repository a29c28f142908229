"""What every Terraform normalizer shares: its input, and Terraform's value conversions.

Terraform converts ``"true"`` to a bool and ``"8"`` to a number where the schema says so;
these helpers do the same. A value of a type no conversion fits becomes an ``Unresolved``
saying what was wrong, never an exception and never a guess. ``None`` (absent) passes
through so each normalizer keeps the model's default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from secfound.collect.terraform.values import JsonText, plain, type_name
from secfound.model.location import FileLocation
from secfound.model.policy import PolicyDocument
from secfound.model.values import Unresolved


@dataclass(frozen=True)
class TerraformResource:
    """One evaluated resource instance: the input of ``<resource>_from_terraform``."""

    address: str
    type: str
    location: FileLocation
    arguments: Mapping[str, Any]
    conditional: bool = False


def identity(resource: TerraformResource) -> dict[str, Any]:
    """The fields every model object takes from its source resource."""
    return {
        "address": resource.address,
        "location": resource.location,
        "conditional": resource.conditional,
        "properties": plain(dict(resource.arguments)),
    }


def _wrong(where: str, wanted: str, value: Any) -> Unresolved:
    return Unresolved(f"{where} ({wanted} expected, got {type_name(value)} {value!r:.40})")


def as_bool(value: Any, where: str) -> bool | Unresolved | None:
    if value is None or isinstance(value, bool | Unresolved):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return _wrong(where, "bool", value)


def as_int(value: Any, where: str) -> int | Unresolved | None:
    if value is None or isinstance(value, Unresolved):
        return value
    if isinstance(value, bool):
        return _wrong(where, "number", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return _wrong(where, "number", value)


def as_str(value: Any, where: str) -> str | Unresolved | None:
    if value is None or isinstance(value, str | Unresolved):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, JsonText):
        return Unresolved(value.text, template=value.placeholder_text())
    return _wrong(where, "string", value)


def as_str_tuple(value: Any, where: str) -> tuple[str | Unresolved, ...] | Unresolved | None:
    """A list of strings; a single string is a list of one (as AWS accepts)."""
    if value is None or isinstance(value, Unresolved):
        return value
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        return _wrong(where, "list of strings", value)
    out: list[str | Unresolved] = []
    for i, item in enumerate(value):
        converted = as_str(item, f"{where}[{i}]")
        if converted is not None:
            out.append(converted)
    return tuple(out)


def blocks(value: Any) -> list[Mapping[str, Any]] | Unresolved:
    """Nested blocks (a list of mappings; ``.tf.json`` may give one mapping)."""
    if value is None:
        return []
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return [b for b in value if isinstance(b, Mapping)]
    return Unresolved(f"block of type {type_name(value)}")


def first_block(value: Any) -> Mapping[str, Any] | Unresolved | None:
    found = blocks(value)
    if isinstance(found, Unresolved):
        return found
    return found[0] if found else None


def dig(value: Any, *path: str) -> Any:
    """Follow nested single blocks (``rule.apply_server_side_encryption_by_default``)."""
    for name in path:
        block = first_block(value)
        if block is None or isinstance(block, Unresolved):
            return block
        value = block.get(name)
    return value


def policy(value: Any) -> PolicyDocument | Unresolved | None:
    """A policy argument: JSON text, ``jsonencode`` output or a policy document's ``json``."""
    if value is None:
        return None
    if isinstance(value, JsonText):
        return PolicyDocument.parse(value.value)
    if isinstance(value, str) and not value.strip():
        return None
    return PolicyDocument.parse(value)


def set_if(fields: dict[str, Any], name: str, value: Any) -> None:
    """Set a model field only when the source gave a value: absent keeps the default."""
    if value is not None:
        fields[name] = value
