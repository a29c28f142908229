"""The CloudFormation source: templates (YAML or JSON) to normalized model objects.

``looks_like_template`` picks templates out of a repository, ``load_template`` turns one
into a ``SourceResult`` (intrinsics resolved where the template allows, ``Unresolved``
where it does not, a line and column for every resource and property), and
``load_parameter_file`` reads the parameter files a deployment would use.
"""

from secfound.collect.cloudformation.parameters import load_parameter_file
from secfound.collect.cloudformation.template import (
    inspect_candidate,
    load_template,
    looks_like_template,
)

__all__ = ["inspect_candidate", "load_parameter_file", "load_template", "looks_like_template"]
