"""Shared helpers for the Terraform source tests: fixture paths and loading by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from secfound.collect import SourceResult
from secfound.collect.terraform import load_root_module
from secfound.model.resource import Resource

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str, **kwargs: Any) -> SourceResult:
    return load_root_module(FIXTURES / name, root=FIXTURES, **kwargs)


def by_address(result: SourceResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}
