"""Build model objects from plain data, and turn them back into plain data.

``build(Bucket, {"versioning_enabled": True})`` is how check case files, tests and the demo
describe resources field by field; policies may be given in AWS's own JSON shape.
``to_data`` is the inverse used for evidence, parity tests and JSON output: ``Unresolved``
becomes ``{"unresolved": "<expression>"}`` so two objects can be compared without tripping
the refusal to compare unknown values.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from secfound.errors import ConfigError
from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.values import Unresolved, is_unresolved

T = TypeVar("T")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build(cls: type[T], data: Mapping[str, Any], *, where: str = "") -> T:
    """Construct ``cls`` from ``data``; an unknown field is a ``ConfigError`` naming the rest."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where or cls.__name__}: expected a mapping of fields, got {data!r}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(
            f"{where or cls.__name__}: unknown field(s) {', '.join(unknown)} for "
            f"{cls.__name__}; fields are {', '.join(sorted(fields))}"
        )
    hints = _hints(typing.cast(type, cls))
    values = {
        name: _convert(hints[name], value, f"{where or cls.__name__}.{name}")
        for name, value in data.items()
    }
    return cls(**values)


def _convert(annotation: Any, value: Any, where: str) -> Any:
    if is_unresolved(value) or value is None:
        return value
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m not in (Unresolved, type(None))]
        if PolicyDocument in members:
            return value if isinstance(value, PolicyDocument) else parse_policy(value)
        for member in members:
            if dataclasses.is_dataclass(member) and isinstance(value, Mapping):
                return build(typing.cast(type, member), value, where=where)
            if typing.get_origin(member) is tuple and isinstance(value, list | tuple):
                return _convert(member, value, where)
        return value
    if annotation is PolicyDocument:
        return value if isinstance(value, PolicyDocument) else parse_policy(value)
    if origin is tuple and isinstance(value, list | tuple):
        args = typing.get_args(annotation)
        item_type = args[0] if args else Any
        return tuple(_convert(item_type, item, f"{where}[{i}]") for i, item in enumerate(value))
    if dataclasses.is_dataclass(annotation) and isinstance(value, Mapping):
        return build(typing.cast(type, annotation), value, where=where)
    return value


def to_data(value: Any, *, identity: bool = True) -> Any:
    """Plain data (dicts, lists, scalars) for a model object.

    ``identity=False`` leaves out the fields that only identify a resource in its source
    (address, location, properties, conditional): what remains must be equal for the same
    resource written in CloudFormation, in Terraform, or read from AWS.
    """
    if is_unresolved(value):
        return {"unresolved": value.expression}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if not identity and f.name in ("address", "location", "properties", "conditional"):
                continue
            if f.name in ("properties", "annotations", "tags"):  # about the source, not the model
                continue
            out[f.name] = to_data(getattr(value, f.name), identity=identity)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_data(v, identity=identity) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v, identity=identity) for v in value]
    return value
