"""Reading the permission policies of an IAM resource, for the checks in this folder.

Every IAM check asks one question of each policy a resource carries; one policy that
certainly fails decides the verdict, and an unresolved policy makes it unknown only when no
other policy fails (``definitely_matching``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from secfound.model.aws.iam import (
    InlinePolicy,
    ManagedPolicy,
    NamedPolicy,
    PolicyHolder,
    identity_policies,
)
from secfound.model.policy import PolicyDocument
from secfound.model.values import definitely_matching, known

Found = tuple[NamedPolicy, PolicyDocument]


def policies_where(
    resource: PolicyHolder, question: Callable[[PolicyDocument], bool]
) -> list[Found]:
    """(policy, its document) for each permission policy where ``question`` is certainly true."""
    matched = definitely_matching(
        identity_policies(resource),
        lambda p: question(known(p.document, "policy evaluation")),
    )
    return [(p, known(p.document)) for p in matched]


def describe(resource: PolicyHolder, found: Sequence[Found]) -> str:
    """How a message names the failing policies: "the policy" or "inline policy 'x', …"."""
    if isinstance(resource, ManagedPolicy | InlinePolicy):
        return "the policy"
    return ", ".join(f"inline policy '{policy.name}'" for policy, _ in found)
