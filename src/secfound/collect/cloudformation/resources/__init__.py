"""Normalizers: one ``<resource>_from_cfn`` per supported type, one module per service.

Each takes the logical id and the resolved ``Properties`` and returns a model object; an
absent property keeps the model's default (what AWS applies). Types that configure another
resource (a bucket policy, a security group rule) are joins, in ``..joins``.

Adding a service is adding a module that defines ``normalizers()`` (and ``joins()``), then
``make index``: ``types.json`` tells which module handles which type, so a scan imports only
the modules for the types it meets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secfound.collect import type_index
from secfound.model.resource import Resource

if TYPE_CHECKING:
    from secfound.collect.cloudformation.joins import Join

Normalizer = Callable[..., Resource]

INDEX_FILE = Path(__file__).with_name("types.json")


def normalizers() -> Mapping[str, Normalizer]:
    """Resource type -> its normalizer. Types not listed are skipped (not yet modelled)."""
    return type_index.normalizer_table(__name__)


def join_table() -> Mapping[str, Join]:
    """Configuring resource type -> its join."""
    return type_index.join_table(__name__)


def build_types_index() -> dict[str, Any]:
    """``types.json`` as the service modules say it should be."""
    return type_index.build_index(__name__)
