"""The normalized resource model: what every source produces and every check reads.

The model imports nothing else from secfound but ``errors``; sources (CloudFormation,
Terraform, live AWS) are adapters that build these objects.
"""

from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.model.resource import Resource
from secfound.model.values import Unresolved, is_unresolved, matches_literal

__all__ = [
    "CloudLocation",
    "FileLocation",
    "Location",
    "Resource",
    "Unresolved",
    "is_unresolved",
    "matches_literal",
]
