"""Where a resource was found: a place in a file (IaC) or in an account (live)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, kw_only=True)
class FileLocation:
    """A place in a source file. ``path`` is relative to the repository root, with ``/``."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, kw_only=True)
class CloudLocation:
    """A resource in an AWS account and region, identified by its ARN."""

    account: str
    region: str
    arn: str | None = None

    def __str__(self) -> str:
        return self.arn or f"{self.account}/{self.region}"


Location: TypeAlias = FileLocation | CloudLocation
