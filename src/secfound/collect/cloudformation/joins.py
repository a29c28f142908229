"""Joins: resources that configure another resource instead of standing alone.

A bucket policy, a standalone security group rule or a user-to-group addition changes a
resource declared elsewhere; checks must see that resource as AWS will, with the
configuration merged in. Each join is one row of a table: the configuring type, the type it
configures, the property that names its target(s), and how to merge. The target is found
by reference (``!Ref Bucket``, ``!GetAtt Group.GroupId``) or by the literal name the
target declares (``BucketName: logs`` named as ``Bucket: logs``). A target the template
does not declare is a notice: configuring a resource made elsewhere is normal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from secfound.collect.cloudformation.intrinsics import referenced_resource
from secfound.model.resource import Resource
from secfound.model.values import Unresolved


@dataclass(frozen=True)
class Join:
    """``source_type`` configures ``target_type``, named by one of ``target_properties``.

    ``target_type`` may name several types when one configuring resource can attach to
    any of them (a WAF web ACL association: a load balancer or an API stage); ``merge``
    then tells them apart. ``target_of`` finds the logical id in a value the generic rule
    cannot read (an ARN built with ``!Sub``), or returns None.
    """

    source_type: str
    target_type: str | tuple[str, ...]
    target_properties: tuple[str, ...]
    merge: Callable[[Any, Mapping[str, Any]], Resource]
    many: bool = False  # the property lists several targets
    target_of: Callable[[Any], str | None] | None = None

    def configures(self, resource: Resource) -> bool:
        """True when ``resource`` is of a type this join may configure."""
        kinds = (self.target_type,) if isinstance(self.target_type, str) else self.target_type
        return type(resource).resource_type in kinds


def joins() -> Mapping[str, Join]:
    """Configuring type -> its join; service modules are imported only for the types met."""
    from secfound.collect.cloudformation.resources import join_table

    return join_table()


def _named(resource: Resource) -> str | None:
    name = getattr(resource, "name", None)
    return name if isinstance(name, str) else None


def find_targets(
    join: Join, properties: Mapping[str, Any], resources: Mapping[str, Resource]
) -> tuple[list[str], list[str]]:
    """The logical ids of the targets ``properties`` name, and the names not found."""
    found: list[str] = []
    missing: list[str] = []
    for key in join.target_properties:
        if key not in properties:
            continue
        values = properties[key]
        items = values if join.many and isinstance(values, list) else [values]
        for value in items:
            logical_id = referenced_resource(value)
            if logical_id is None and join.target_of is not None:
                logical_id = join.target_of(value)
            if logical_id is None and isinstance(value, str):
                logical_id = next(
                    (
                        lid
                        for lid, resource in resources.items()
                        if join.configures(resource) and _named(resource) == value
                    ),
                    None,
                )
            target = resources.get(logical_id) if logical_id is not None else None
            if target is not None and join.configures(target):
                found.append(str(logical_id))
            else:
                missing.append(value.expression if isinstance(value, Unresolved) else repr(value))
        break
    return found, missing
