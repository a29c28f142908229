"""Merging configuring resources into the resource they configure: one mechanism, one table.

Terraform splits one AWS resource over several blocks (``aws_s3_bucket_versioning``,
``aws_security_group_rule``, ``aws_iam_role_policy_attachment``…). Each ``JoinSpec`` row
says which argument of the configuring resource names its target, which arguments of the
target a literal name may equal, and how to merge (a function returning field updates).
The target is found either through the reference itself (``bucket = aws_s3_bucket.b.id``:
the evaluator records which declared resource each such unknown id stands for) or by a
literal name equal to the target's own argument (``bucket = "logs"``).

A configuring resource whose target is not declared here is not dropped silently: a notice
names it. One that may not exist (unknown count) makes the values it sets unknown, since
the target may or may not carry them; rules and attachments it adds are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

Merge = Callable[[Any, TerraformResource], Mapping[str, Any]]


@dataclass(frozen=True)
class JoinSpec:
    """Configuring type -> target type, how to find the target, how to merge.

    ``target_type`` may name several types when one configuring resource can attach to any
    of them (``aws_lb`` or ``aws_alb``; a load balancer or an API stage); ``merge`` then
    tells them apart by the model object it receives.
    """

    source_type: str
    target_type: str | tuple[str, ...]
    link: str
    target_keys: tuple[str, ...]
    merge: Merge

    def target_types(self) -> tuple[str, ...]:
        """The Terraform types this join may configure."""
        return (self.target_type,) if isinstance(self.target_type, str) else self.target_type


@dataclass(frozen=True)
class Target:
    """A normalized resource that may be joined, with what identifies it."""

    type: str
    arguments: Mapping[str, Any]


def apply_joins(
    specs: Mapping[str, JoinSpec],
    resources: list[Resource],
    targets: Mapping[str, Target],
    sources: Sequence[TerraformResource],
    identifier_of: Callable[[Any], str | None],
    notices: list[str],
) -> list[Resource]:
    """``resources`` with every configuring resource of ``sources`` merged into its target.

    ``specs`` maps each configuring resource type to its join.
    """
    position = {r.address: i for i, r in enumerate(resources)}
    merged = list(resources)
    names = _Names(targets)
    for source in sources:
        spec = specs[source.type]
        link = source.arguments.get(spec.link)
        addresses = _find(spec, link, targets, names, identifier_of)
        if not addresses:
            notices.append(
                f"{source.location}: {source.address} configures "
                f"{' or '.join(spec.target_types())} "
                f"{_describe(link)}, which is not declared in this configuration; not merged"
            )
            continue
        for address in addresses:
            index = position[address]
            target = merged[index]
            updates = dict(spec.merge(target, source))
            if source.conditional:
                updates = {
                    k: v
                    if isinstance(v, tuple)
                    else Unresolved(f"{source.address} (may not exist)")
                    for k, v in updates.items()
                }
            merged[index] = dataclasses.replace(target, **updates)
    return merged


def _find(
    spec: JoinSpec,
    link: Any,
    targets: Mapping[str, Target],
    names: _Names,
    identifier_of: Callable[[Any], str | None],
) -> list[str]:
    address = identifier_of(link)
    if address is not None:
        target = targets.get(address)
        return [address] if target is not None and target.type in spec.target_types() else []
    if not isinstance(link, str):
        return []
    return names.addresses(spec, link)


class _Names:
    """The targets a literal name can designate, indexed once per join shape.

    Comparing each configuring resource with every target made large root modules
    quadratic; the index lists the same addresses, in the targets' order.
    """

    def __init__(self, targets: Mapping[str, Target]) -> None:
        self._targets = targets
        self._indexes: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, list[str]]] = {}

    def addresses(self, spec: JoinSpec, name: str) -> list[str]:
        """The targets of ``spec``'s types with ``name`` in one of its target keys."""
        shape = (spec.target_types(), spec.target_keys)
        index = self._indexes.get(shape)
        if index is None:
            index = self._indexes[shape] = {}
            for address, target in self._targets.items():
                if target.type not in shape[0]:
                    continue
                seen: set[str] = set()
                for key in spec.target_keys:
                    value = target.arguments.get(key)
                    if isinstance(value, str) and value not in seen:
                        seen.add(value)
                        index.setdefault(value, []).append(address)
        return list(index.get(name, ()))


def _describe(link: Any) -> str:
    if isinstance(link, Unresolved):
        return link.expression
    return repr(link)
