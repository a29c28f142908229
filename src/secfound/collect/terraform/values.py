"""Runtime values of the Terraform evaluator and the conversions Terraform applies to them.

Values are plain Python data (``None``, ``bool``, ``int``, ``float``, ``str``, ``list``,
``dict``) plus three kinds secfound adds:

- ``Unresolved`` (from the model): a value nobody can know before apply.
- ``JsonText``: the result of ``jsonencode`` (or a policy document's ``json``) over data
  holding unresolved leaves. Its text cannot be written out, but the structure is known, so
  a policy built with ``jsonencode`` around one ``aws_s3_bucket.b.arn`` is still a policy
  whose other statements can be judged.
- ``Namespace``: what ``var``, ``local``, ``module``, ``data`` and a resource type name
  stand for before an attribute picks a value out of them; reading them is lazy, so only
  what is referenced is evaluated.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from secfound.model.values import Unresolved


class EvalError(Exception):
    """An expression is wrong (type mismatch, missing key, bad call): Terraform would fail."""


@dataclass(frozen=True)
class JsonText:
    """JSON text whose structure is known but some leaves are not (see module docstring)."""

    value: Any
    text: str

    def placeholder_text(self) -> str:
        """The JSON with each unknown leaf written ``${expression}``: a template hint."""
        return json.dumps(_placeholders(self.value), separators=(",", ":"))


def _placeholders(value: Any) -> Any:
    if isinstance(value, Unresolved):
        return value.template if value.template is not None else "${" + value.expression + "}"
    if isinstance(value, JsonText):
        return _placeholders(value.value)
    if isinstance(value, dict):
        return {k: _placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_placeholders(v) for v in value]
    return value


class Namespace:
    """A name whose attributes are looked up lazily (``var``, ``local``, ``aws_s3_bucket``)."""

    def __init__(
        self,
        name: str,
        get: Callable[[str, str], Any],
        materialize: Callable[[], Any] | None = None,
    ) -> None:
        self.name = name
        self._get = get
        self._materialize = materialize

    def attribute(self, name: str, text: str) -> Any:
        return self._get(name, text)

    def value(self, text: str) -> Any:
        """The namespace used as a whole value (``module.x`` passed somewhere)."""
        if self._materialize is None:
            raise EvalError(f"{text}: {self.name} cannot be used as a value")
        return self._materialize()


def is_identifier_attribute(name: str) -> bool:
    """Attributes that hold the one id, name or ARN of a resource (never a wildcard)."""
    return name in {"id", "arn", "name", "bucket", "key_id", "unique_id", "url"} or name.endswith(
        ("_id", "_arn", "_name")
    )


def contains_unresolved(value: Any) -> bool:
    """True when ``value`` is or holds an ``Unresolved`` (or a ``JsonText``) anywhere."""
    if isinstance(value, Unresolved | JsonText):
        return True
    if isinstance(value, dict):
        return any(contains_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unresolved(v) for v in value)
    return False


def normalize_number(value: int | float) -> int | float:
    """Integral floats become ints: Terraform prints ``4 / 2`` as ``2``."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def format_number(value: int | float) -> str:
    value = normalize_number(value)
    if isinstance(value, int):
        return str(value)
    return repr(value)


def to_string(value: Any) -> str:
    """Terraform's conversion to string; raises ``EvalError`` where Terraform would."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    raise EvalError(f"cannot use a {type_name(value)} value as a string")


def to_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError("cannot use a bool value as a number")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return normalize_number(int(text) if text.lstrip("-").isdigit() else float(text))
        except ValueError:
            pass
        raise EvalError(f"cannot convert {value!r} to a number")
    raise EvalError(f"cannot use a {type_name(value)} value as a number")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    raise EvalError(f"cannot use {_short(value)} as a bool")


def to_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    raise EvalError(f"expected a list, got a {type_name(value)}")


def to_map(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise EvalError(f"expected a map, got a {type_name(value)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def hcl_equal(left: Any, right: Any) -> bool:
    """Terraform's ``==`` on known values: types must agree (``1 == "1"`` is false)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return bool(left == right)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            hcl_equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(hcl_equal(left[k], right[k]) for k in left)
    if type(left) is not type(right):
        return False
    return bool(left == right)


def json_ready(value: Any) -> Any:
    """``value`` with ``JsonText`` opened up, for JSON encoding and for properties."""
    if isinstance(value, JsonText):
        return json_ready(value.value)
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """A value as it goes into ``Resource.properties``: ``JsonText`` becomes ``Unresolved``."""
    if isinstance(value, JsonText):
        return Unresolved(value.text, template=value.placeholder_text())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def encode_json(value: Any) -> str:
    """Terraform's ``jsonencode`` text for a fully known value."""
    text = json.dumps(
        value, separators=(",", ":"), ensure_ascii=False, allow_nan=False, sort_keys=True
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
