"""ECR private repositories: paginated ``DescribeRepositories``, then ``GetRepositoryPolicy``
per repository (ECR has no batch read of policies).

The listing holds scan on push, tag mutability and encryption. ``kmsKey`` is the key's
ARN as ECR reports it: for ``KMS`` with the AWS managed key, the ARN of ``aws/ecr``, which
the model holds as ``None``, as the templates do when they name no key (``managed_keys``:
one ``ListAliases`` per region, shared; denied, the key is unresolved). A repository
without a policy answers ``RepositoryPolicyNotFoundException``: no policy, as in a
template that gives none. A repository deleted since the listing
(``RepositoryNotFoundException``) is skipped; a denied policy read keeps the repository
with its policy unresolved.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.ecr import Repository
from secfound.model.policy import PolicyDocument, parse_policy
from secfound.model.values import Unresolved

PAGE_SIZE = 1000  # DescribeRepositories' largest page
_NO_POLICY = ("RepositoryPolicyNotFoundException",)
_GONE = "RepositoryNotFoundException"
_DELETED = object()


@collector(
    service="ecr",
    actions=["ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", LIST_ALIASES],
)
def repositories(ctx: LiveContext) -> Iterator[Repository]:
    client = ctx.client()
    pages = client.get_paginator("describe_repositories").paginate(
        PaginationConfig={"PageSize": PAGE_SIZE}
    )
    for page in pages:
        for entry in page.get("repositories", []):
            name = str(entry["repositoryName"])
            policy = ctx.optional(
                partial(_policy, client, name),
                action="ecr:GetRepositoryPolicy",
                absent=_NO_POLICY,
            )
            if policy is _DELETED:
                continue
            yield repository_from_listing(ctx, entry, policy)


def _policy(client: Any, name: str) -> Any:
    """The parsed policy; ``_DELETED`` when the repository is gone since the listing."""
    from secfound.collect.live.faults import error_code

    try:
        text = client.get_repository_policy(repositoryName=name)["policyText"]
    except Exception as exc:
        if error_code(exc) == _GONE:
            return _DELETED
        raise
    return parse_policy(text)


def repository_from_listing(
    ctx: LiveContext, entry: Mapping[str, Any], policy: PolicyDocument | Unresolved | None
) -> Repository:
    """A ``Repository`` from one entry of ``DescribeRepositories`` and its policy."""
    arn = str(entry["repositoryArn"])
    encryption = entry.get("encryptionConfiguration") or {}
    return Repository(
        address=arn,
        location=ctx.location(arn),
        name=str(entry["repositoryName"]),
        scan_on_push=bool((entry.get("imageScanningConfiguration") or {}).get("scanOnPush")),
        image_tag_mutability=str(entry.get("imageTagMutability") or "MUTABLE"),
        encryption_type=str(encryption.get("encryptionType") or "AES256"),
        kms_key_id=customer_key(ctx, encryption.get("kmsKey")),
        policy=policy,
    )
