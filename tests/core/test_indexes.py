"""The generated indexes match the code (``make index`` regenerates them)."""

from __future__ import annotations

from secfound.collect.cloudformation.resources import normalizers as cfn_normalizers
from secfound.collect.terraform.resources import normalizers as tf_normalizers
from secfound.indexes import stale_indexes


def test_indexes_are_current() -> None:
    assert stale_indexes() == [], "run `make index` (python -m secfound.indexes --write)"


def test_lazy_tables_resolve_every_type() -> None:
    for table in (cfn_normalizers(), tf_normalizers()):
        assert len(table) > 20
        for resource_type in table:
            assert callable(table[resource_type]), resource_type
