"""Resource tags: as AWS lists them (``[{"Key": k, "Value": v}]``), and on every live
resource.

Live resources carry their tags (``Resource.tags``) so the mutelist can mute findings by
tag, as teams mark sandboxes and accepted exceptions. A few collectors read tags with the
resource: EC2 and VPC describes (``READ_BY_COLLECTOR``), IAM roles and users from
``GetAccountAuthorizationDetails``, Organizations' accounts. Every other resource gets
its tags in one place, after collection: ``attach_tags`` reads the Resource Groups
Tagging API (``tag:GetResources``, paginated) once per account and region where some
collected resource has an ARN and no tags yet, and attaches the tags by ARN. An S3
bucket's ARN names no region: the bucket is read where it lives (its location's region)
and matched by ARN all the same. IAM, Organizations and account-level resources are not
in that API's answers and are never looked up there.

A denied ``GetResources`` is a coverage gap for ``tag`` in that region and the resources
there keep no tags: a tag that could not be read never mutes a finding.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from secfound.collect.live.target import Target
from secfound.findings import Gap
from secfound.model.resource import Resource

GET_RESOURCES = "tag:GetResources"
TAG_ACTIONS = (GET_RESOURCES,)
TAGGING_CLIENT = "resourcegroupstaggingapi"
PAGE_SIZE = 100  # GetResources' largest page
# ARN services whose resources GetResources does not return ("": account-level ARNs).
_NOT_IN_TAGGING_API = frozenset({"", "iam", "organizations", "sts"})
# Resource types whose collectors read the tags with the resource: no tags there means
# none, not unread.
READ_BY_COLLECTOR = frozenset(
    {
        "AWS::EC2::Instance",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::Subnet",
        "AWS::EC2::VPC",
        "AWS::EC2::Volume",
    }
)

Clients = Callable[[str, str], Any]  # (service, region) -> boto3 client
TagsByArn = dict[str, dict[str, str]]


def tags_of(item: Mapping[str, Any], key: str = "Tags") -> dict[str, str]:
    """``item[key]`` (a list of Key/Value pairs) as ``{key: value}``; absent means none."""
    pairs: Iterable[Mapping[str, Any]] = item.get(key) or ()
    return {str(p["Key"]): str(p.get("Value", "")) for p in pairs if "Key" in p}


def arn_of(resource: Resource) -> str | None:
    """The resource's ARN: its location's, else its address when that is one."""
    arn = getattr(resource.location, "arn", None)
    if isinstance(arn, str) and arn.startswith("arn:"):
        return arn
    return resource.address if resource.address.startswith("arn:") else None


def needs_tags(resource: Resource) -> bool:
    """An untagged resource with an ARN that the Tagging API can answer for, and whose
    collector did not read its tags."""
    if resource.tags or resource.resource_type in READ_BY_COLLECTOR:
        return False
    arn = arn_of(resource)
    if arn is None:
        return False
    parts = arn.split(":")
    return len(parts) >= 6 and parts[2] not in _NOT_IN_TAGGING_API


def attach_tags(
    by_target: Mapping[Target, Sequence[Resource]],
    clients: Mapping[str, Clients],
    workers: int = 1,
) -> tuple[dict[Target, list[Resource]], list[Gap]]:
    """``by_target`` with tags on every resource that needs them (``needs_tags``), read
    with one paginated ``GetResources`` per account (``clients`` by account id) and region;
    the gaps of the regions whose tags could not be read."""
    wanted: set[tuple[str, str]] = set()
    for target, resources in by_target.items():
        for resource in resources:
            if needs_tags(resource) and target.account_id in clients:
                wanted.add((target.account_id, _region_of(resource, target)))
    if not wanted:
        return {target: list(resources) for target, resources in by_target.items()}, []
    order = sorted(wanted)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(order)))) as pool:
        answers = list(pool.map(lambda key: _read_region(clients[key[0]], key[0], key[1]), order))
    found: dict[str, TagsByArn] = {}
    gaps: list[Gap] = []
    for (account, _region), (tags, gap) in zip(order, answers, strict=True):
        found.setdefault(account, {}).update(tags)
        if gap is not None:
            gaps.append(gap)
    tagged = {
        target: [_with_tags(r, found.get(target.account_id, {})) for r in resources]
        for target, resources in by_target.items()
    }
    return tagged, gaps


def _region_of(resource: Resource, target: Target) -> str:
    region = getattr(resource.location, "region", None)
    return str(region) if region else target.region


def _with_tags(resource: Resource, tags: TagsByArn) -> Resource:
    if not needs_tags(resource):
        return resource
    found = tags.get(arn_of(resource) or "")
    return dataclasses.replace(resource, tags=found) if found else resource


def _read_region(clients: Clients, account: str, region: str) -> tuple[TagsByArn, Gap | None]:
    """Every tagged resource of one account and region, by ARN; a failure is a gap."""
    from secfound.collect.live.faults import error_code, fault_reason

    found: TagsByArn = {}
    try:
        paginator = clients(TAGGING_CLIENT, region).get_paginator("get_resources")
        for page in paginator.paginate(ResourcesPerPage=PAGE_SIZE):
            for mapping in page.get("ResourceTagMappingList", []):
                if mapping.get("ResourceARN"):
                    found[str(mapping["ResourceARN"])] = tags_of(mapping)
    except Exception as exc:
        if error_code(exc) is not None:
            reason = fault_reason(exc, GET_RESOURCES)
        else:
            reason = f"reading tags failed: {type(exc).__name__}: {exc}"
        reason += " (resources here carry no tags; mutelist tag rules do not match them)"
        return {}, Gap(account=account, region=region, service="tag", reason=reason)
    return found, None
