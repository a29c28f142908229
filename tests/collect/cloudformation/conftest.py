"""Helpers for the CloudFormation source tests: fixture templates live in ``templates/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from secfound.collect import SourceResult
from secfound.collect.cloudformation import load_template
from secfound.model.resource import Resource

TEMPLATES = Path(__file__).parent / "templates"


def load(name: str, **kwargs: Any) -> SourceResult:
    """Load ``templates/<name>`` with the templates folder as the repository root."""
    return load_template(TEMPLATES / name, root=TEMPLATES, **kwargs)


def by_address(result: SourceResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}
