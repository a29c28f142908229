"""Sources: adapters that turn CloudFormation, Terraform and live AWS into model objects.

Every source returns ``SourceResult`` objects, one per evaluation unit (a template, a
Terraform root module, an account and region): the resources it built, the input errors it
met (never dropped), and notices worth showing with ``-v``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secfound.findings import InputError
from secfound.model.resource import Resource


@dataclass(frozen=True)
class SourceResult:
    """What one evaluation unit produced. ``root`` names the unit (a path or account)."""

    root: str
    kind: str  # cloudformation | terraform | terraform-plan | live
    resources: tuple[Resource, ...] = ()
    errors: tuple[InputError, ...] = ()
    notices: tuple[str, ...] = field(default=())
