"""The base every normalized resource shares: its identity and where it came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from secfound.model.location import FileLocation, Location


@dataclass(frozen=True, kw_only=True)
class Resource:
    """A normalized resource.

    ``address`` is the source's own name for it: the Terraform address
    (``module.net["a"].aws_s3_bucket.logs[0]``), the CloudFormation logical id, or the ARN.
    ``conditional`` marks a resource whose ``Condition``, ``count`` or ``for_each`` could
    not be decided: it is evaluated, and findings on it say it may not exist.
    ``properties`` keeps the source's own resolved properties beside the model (checks on
    free text such as hard-coded secrets read them); it takes no part in equality.
    ``annotations`` carries what the source says *about* the resource rather than its
    configuration (a CloudFormation resource's ``Metadata.secfound`` and
    ``Metadata.checkov`` entries), so suppressions declared there reach the findings.
    ``tags`` are the resource's tags as a live source reads them, for muting live findings
    by tag (the mutelist); like ``properties`` they take no part in equality.
    """

    resource_type: ClassVar[str] = ""

    address: str
    location: Location = field(default_factory=lambda: FileLocation(path=""), compare=False)
    conditional: bool = field(default=False, compare=False)
    properties: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    annotations: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    tags: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
