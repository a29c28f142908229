"""Amazon EFS file systems, with their file system policy merged in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved


@dataclass(frozen=True, kw_only=True)
class FileSystem(Resource):
    """An EFS file system.

    The policy comes from the ``FileSystemPolicy`` property in CloudFormation and from an
    ``aws_efs_file_system_policy`` in Terraform. Defaults are what the EFS API applies:
    - ``encrypted``: off (the console encrypts by default; the API, CloudFormation and
      Terraform do not). ``kms_key_id`` ``None`` means the AWS managed key
      ``aws/elasticfilesystem``.
    - ``policy``: none, which lets any client that can reach a mount target mount it,
      without TLS.
    """

    resource_type = "AWS::EFS::FileSystem"

    encrypted: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    policy: PolicyDocument | Unresolved | None = None
