"""Terraform resource types to model objects: one normalizer per type, one join table.

Each service module defines ``normalizers()`` (type -> ``<resource>_from_terraform``) and,
where configuring resources merge into another, ``joins()`` (see
``secfound.collect.terraform.joins``). Adding a service is adding a module, then ``make
index``: ``types.json`` tells which module handles which type, so a scan imports only the
modules for the types it meets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.collect.type_index import LazyTable, build_index, read_index
from secfound.model.resource import Resource

if TYPE_CHECKING:
    from secfound.collect.terraform.joins import JoinSpec

Normalizer: TypeAlias = Callable[[TerraformResource], Resource]

__all__ = ["Normalizer", "TerraformResource", "join_table", "normalizers"]

INDEX_FILE = Path(__file__).with_name("types.json")


def service_modules() -> tuple[ModuleType, ...]:
    """Every module of this package that normalizes a service (imports them all)."""
    names = sorted(p.stem for p in Path(__file__).parent.glob("*.py") if not p.stem.startswith("_"))
    modules = (import_module(f"{__name__}.{name}") for name in names)
    return tuple(m for m in modules if hasattr(m, "normalizers"))


def build_types_index() -> dict[str, Any]:
    """``types.json`` as the service modules say it should be."""
    return build_index(service_modules(), lambda spec: spec.source_type)


@cache
def normalizers() -> Mapping[str, Normalizer]:
    """Resource type -> its normalizer. Types not listed are skipped (not yet modelled)."""
    return LazyTable(__name__, read_index(__name__)["normalizers"], lambda m, t: m.normalizers()[t])


@cache
def join_table() -> Mapping[str, JoinSpec]:
    """Configuring resource type -> its join."""
    return LazyTable(__name__, read_index(__name__)["joins"], _join_of)


def _join_of(module: ModuleType, source_type: str) -> JoinSpec:
    spec: JoinSpec = next(s for s in module.joins() if s.source_type == source_type)
    return spec
