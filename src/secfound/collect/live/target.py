"""Where a live collector looks: one account in one region, and the partition around it."""

from __future__ import annotations

from dataclasses import dataclass

from secfound.model.location import CloudLocation

# Region prefixes of the partitions other than the commercial one.
_PARTITIONS = (("us-gov-", "aws-us-gov"), ("cn-", "aws-cn"), ("us-iso-", "aws-iso"))


def partition_of(region: str) -> str:
    """The ARN partition of ``region``: ``aws``, ``aws-us-gov``, ``aws-cn`` or ``aws-iso``."""
    for prefix, partition in _PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


@dataclass(frozen=True)
class Target:
    """One account in one region."""

    account_id: str
    region: str

    @property
    def partition(self) -> str:
        return partition_of(self.region)

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        """``arn:<partition>:<service>:<region>:<account>:<resource>``; global services
        (IAM, S3 buckets) leave the region out, as AWS writes their ARNs."""
        region = self.region if regional else ""
        account = self.account_id if service != "s3" else ""
        return f"arn:{self.partition}:{service}:{region}:{account}:{resource}"

    def location(self, arn: str | None = None) -> CloudLocation:
        return CloudLocation(account=self.account_id, region=self.region, arn=arn)

    def __str__(self) -> str:
        return f"{self.account_id}/{self.region}"
