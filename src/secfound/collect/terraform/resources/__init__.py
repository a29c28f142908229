"""Terraform resource types to model objects: one normalizer per type, one join table.

``normalizers()`` maps each supported resource type to its ``<resource>_from_terraform``;
``join_specs()`` lists every configuring resource that merges into another (see
``secfound.collect.terraform.joins``). Both are built on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, TypeAlias

from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.model.resource import Resource

if TYPE_CHECKING:
    from secfound.collect.terraform.joins import JoinSpec

Normalizer: TypeAlias = Callable[[TerraformResource], Resource]

__all__ = ["Normalizer", "TerraformResource", "join_specs", "normalizers"]


@cache
def _service_modules() -> tuple[ModuleType, ...]:
    """Every module of this package that normalizes a service (it defines ``normalizers``).

    Adding a service is adding a module: no table elsewhere to keep in step.
    """
    names = sorted(p.stem for p in Path(__file__).parent.glob("*.py") if not p.stem.startswith("_"))
    modules = (import_module(f"{__name__}.{name}") for name in names)
    return tuple(m for m in modules if hasattr(m, "normalizers"))


@cache
def normalizers() -> dict[str, Normalizer]:
    """Resource type -> its normalizer, gathered from the service modules."""
    table: dict[str, Normalizer] = {}
    for module in _service_modules():
        for resource_type, normalizer in module.normalizers().items():
            if resource_type in table:
                raise RuntimeError(f"{resource_type} is normalized twice ({module.__name__})")
            table[resource_type] = normalizer
    return table


@cache
def join_specs() -> tuple[JoinSpec, ...]:
    """Every join, gathered from the service modules that define ``joins``."""
    return tuple(spec for m in _service_modules() if hasattr(m, "joins") for spec in m.joins())
