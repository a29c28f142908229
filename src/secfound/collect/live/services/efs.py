"""EFS file systems: one paginated ``DescribeFileSystems`` per region, then
``DescribeFileSystemPolicy`` per file system (EFS has no batch read of policies).

``Encrypted`` and ``KmsKeyId`` come with the listing; AWS names the key by ARN, also when
it is the AWS managed key ``aws/elasticfilesystem``, which the model holds as ``None``, as
the templates do when they name no key (``managed_keys``: one ``ListAliases`` per region,
shared; denied, the key is unresolved). A file
system without a policy answers ``PolicyNotFound``: no policy, which lets any client that
reaches a mount target mount it. Backup policies are not modelled, so not read. A file
system deleted since the listing (``FileSystemNotFound``) is skipped; a denied policy read
keeps the file system with its policy unresolved, and a gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from secfound.collect.live.collector import LiveContext, collector
from secfound.collect.live.managed_keys import LIST_ALIASES, customer_key
from secfound.model.aws.efs import FileSystem
from secfound.model.policy import parse_policy

PAGE_SIZE = 100  # DescribeFileSystems' largest page
_NO_POLICY = "PolicyNotFound"
_GONE = "FileSystemNotFound"
_DELETED = object()


@collector(
    service="efs",
    actions=[
        "elasticfilesystem:DescribeFileSystems",
        "elasticfilesystem:DescribeFileSystemPolicy",
        LIST_ALIASES,
    ],
)
def file_systems(ctx: LiveContext) -> Iterator[FileSystem]:
    client = ctx.client()
    pages = client.get_paginator("describe_file_systems").paginate(
        PaginationConfig={"PageSize": PAGE_SIZE}
    )
    for page in pages:
        for item in page.get("FileSystems", []):
            file_system_id = str(item["FileSystemId"])
            policy = ctx.optional(
                partial(_policy, client, file_system_id),
                action="elasticfilesystem:DescribeFileSystemPolicy",
                absent=(_GONE,),
                default=_DELETED,
            )
            if policy is _DELETED:
                continue
            arn = str(
                item.get("FileSystemArn")
                or ctx.target.arn("elasticfilesystem", f"file-system/{file_system_id}")
            )
            yield FileSystem(
                address=arn,
                location=ctx.location(arn),
                encrypted=bool(item.get("Encrypted", False)),
                kms_key_id=customer_key(ctx, item.get("KmsKeyId")),
                policy=policy,
            )


def _policy(client: Any, file_system_id: str) -> Any:
    """The file system's policy; ``None`` when it has none."""
    from botocore.exceptions import ClientError

    try:
        answer = client.describe_file_system_policy(FileSystemId=file_system_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == _NO_POLICY:
            return None
        raise
    text = answer.get("Policy")
    return parse_policy(text) if text else None
