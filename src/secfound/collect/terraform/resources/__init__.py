"""Terraform resource types to model objects: one normalizer per type, one join table.

Each service module defines ``normalizers()`` (type -> ``<resource>_from_terraform``) and,
where configuring resources merge into another, ``joins()`` (see
``secfound.collect.terraform.joins``). Adding a service is adding a module, then ``make
index``: ``types.json`` tells which module handles which type, so a scan imports only the
modules for the types it meets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from secfound.collect import type_index
from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.model.resource import Resource

if TYPE_CHECKING:
    from secfound.collect.terraform.joins import JoinSpec

Normalizer: TypeAlias = Callable[[TerraformResource], Resource]

__all__ = ["Normalizer", "TerraformResource", "join_table", "normalizers"]

INDEX_FILE = Path(__file__).with_name("types.json")


def normalizers() -> Mapping[str, Normalizer]:
    """Resource type -> its normalizer. Types not listed are skipped (not yet modelled)."""
    return type_index.normalizer_table(__name__)


def join_table() -> Mapping[str, JoinSpec]:
    """Configuring resource type -> its join."""
    return type_index.join_table(__name__)


def build_types_index() -> dict[str, Any]:
    """``types.json`` as the service modules say it should be."""
    return type_index.build_index(__name__)
