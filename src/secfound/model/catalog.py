"""The model classes by resource type and by class name (for case files and tests)."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path

from secfound.model.resource import Resource


@cache
def model_classes() -> dict[str, type[Resource]]:
    """Every concrete model class, keyed by resource type (``AWS::S3::Bucket``)."""
    package = Path(__file__).with_name("aws")
    names = sorted(p.stem for p in package.glob("*.py") if not p.stem.startswith("_"))
    classes: dict[str, type[Resource]] = {}
    for module in (import_module(f"secfound.model.aws.{name}") for name in names):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Resource)
                and value.resource_type
                and value.__module__ == module.__name__
            ):
                if value.resource_type in classes:
                    raise RuntimeError(f"two model classes for {value.resource_type}")
                classes[value.resource_type] = value
    return classes


def class_for(name: str) -> type[Resource]:
    """A model class by resource type or class name (``AWS::S3::Bucket`` or ``Bucket``).

    A class name shared by two services (``Cluster``) is ambiguous: use the resource type.
    """
    classes = model_classes()
    if name in classes:
        return classes[name]
    matches = [cls for cls in classes.values() if cls.__name__ == name]
    if len(matches) > 1:
        types = ", ".join(sorted(cls.resource_type for cls in matches))
        raise KeyError(f"{name} is ambiguous; use one of the resource types {types}")
    if not matches:
        raise KeyError(name)
    return matches[0]
