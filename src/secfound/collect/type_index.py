"""Which service module handles which resource type, without importing every module.

Each source keeps its normalizers and joins in one module per service. Importing them all
to find the one a scan needs would cost a small template scan tens of milliseconds of
start-up (every model class they import is built), so each source ships ``types.json``, a
generated map from resource type to service module, and ``LazyTable`` imports a module the
first time one of its types is met. ``python -m secfound.indexes --write`` regenerates the
maps; a test fails when one is stale.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any, Generic, TypeVar

T = TypeVar("T")

INDEX_NAME = "types.json"


class LazyTable(Mapping[str, T], Generic[T]):
    """Resource type -> entry, importing the entry's service module on first lookup."""

    def __init__(
        self, package: str, modules: Mapping[str, str], pick: Callable[[ModuleType, str], T]
    ) -> None:
        self._package = package
        self._modules = modules
        self._pick = pick
        self._loaded: dict[str, T] = {}

    def __getitem__(self, resource_type: str) -> T:
        if resource_type not in self._loaded:
            module = import_module(f"{self._package}.{self._modules[resource_type]}")
            self._loaded[resource_type] = self._pick(module, resource_type)
        return self._loaded[resource_type]

    def __contains__(self, resource_type: object) -> bool:
        return resource_type in self._modules

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


@cache
def read_index(package: str) -> dict[str, dict[str, str]]:
    """The ``types.json`` of a resources package: {"normalizers": {...}, "joins": {...}}."""
    path = Path(import_module(package).__file__ or "").with_name(INDEX_NAME)
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def normalizer_table(package: str) -> Mapping[str, Any]:
    """Resource type -> its normalizer, for a source's resources package."""
    return LazyTable(package, read_index(package)["normalizers"], lambda m, t: m.normalizers()[t])


@cache
def join_table(package: str) -> Mapping[str, Any]:
    """Configuring resource type -> its join, for a source's resources package."""
    return LazyTable(package, read_index(package)["joins"], _join_of)


def _join_of(module: ModuleType, source_type: str) -> Any:
    return next(j for j in module.joins() if j.source_type == source_type)


def service_modules(package: str) -> tuple[ModuleType, ...]:
    """Every module of ``package`` that normalizes a service (imports them all)."""
    folder = Path(import_module(package).__file__ or "").parent
    names = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    modules = (import_module(f"{package}.{name}") for name in names)
    return tuple(m for m in modules if hasattr(m, "normalizers"))


def build_index(package: str) -> dict[str, Any]:
    """The index of a resources package, from its service modules as they are now."""
    normalizers: dict[str, str] = {}
    joins: dict[str, str] = {}
    for module in service_modules(package):
        name = module.__name__.rsplit(".", 1)[-1]
        for resource_type in module.normalizers():
            _claim(normalizers, resource_type, name, "normalized")
        for join in module.joins() if hasattr(module, "joins") else ():
            _claim(joins, join.source_type, name, "joined")
    return {
        "generated_by": "python -m secfound.indexes --write",
        "normalizers": dict(sorted(normalizers.items())),
        "joins": dict(sorted(joins.items())),
    }


def _claim(table: dict[str, str], resource_type: str, module: str, verb: str) -> None:
    if resource_type in table:
        raise RuntimeError(f"{resource_type} is {verb} by both {table[resource_type]} and {module}")
    table[resource_type] = module
