"""Normalizers: one ``<resource>_from_cfn`` per supported type, one module per service.

Each takes the logical id and the resolved ``Properties`` and returns a model object; an
absent property keeps the model's default (what AWS applies). Types that configure another
resource (a bucket policy, a security group rule) are joins, in ``..joins``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType

from secfound.model.resource import Resource

Normalizer = Callable[..., Resource]


@cache
def service_modules() -> tuple[ModuleType, ...]:
    """Every module of this package that normalizes a service (it defines ``normalizers``).

    Adding a service is adding a module: no table elsewhere to keep in step.
    """
    names = sorted(p.stem for p in Path(__file__).parent.glob("*.py") if not p.stem.startswith("_"))
    modules = (import_module(f"{__name__}.{name}") for name in names)
    return tuple(m for m in modules if hasattr(m, "normalizers"))


@cache
def normalizers() -> Mapping[str, Normalizer]:
    """Resource type -> its normalizer. Types not listed are skipped (not yet modelled)."""
    table: dict[str, Normalizer] = {}
    for module in service_modules():
        for resource_type, normalizer in module.normalizers().items():
            if resource_type in table:
                raise RuntimeError(f"{resource_type} is normalized twice ({module.__name__})")
            table[resource_type] = normalizer
    return table
