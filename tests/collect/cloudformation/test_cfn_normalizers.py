"""Normalizers: properties to model fields, AWS defaults kept, odd values converted or unknown."""

from __future__ import annotations

from typing import Any

import pytest

from secfound.collect.cloudformation.resources.ec2 import protocol
from secfound.collect.cloudformation.resources.s3 import canned_acl
from secfound.model.aws.cloudtrail import Trail
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule, Volume
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User
from secfound.model.aws.kms import Key
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.values import Unresolved

from .conftest import by_address, load


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    result = load("normalizers.yaml")
    assert result.errors == ()
    return by_address(result)


def test_unsupported_types_are_skipped(resources: dict[str, Any]) -> None:
    assert "Thing" not in resources


def test_loose_types_convert_or_become_unknown(resources: dict[str, Any]) -> None:
    key = resources["LooseTypes"]
    assert isinstance(key, Key)
    assert key.rotation_enabled is True
    assert key.enabled is False
    assert key.deletion_window_days == 7
    assert isinstance(key.multi_region, Unresolved)
    assert "expected a boolean" in key.multi_region.expression
    assert isinstance(key.key_spec, Unresolved)
    assert key.policy is None


def test_bucket_logging_to_itself(resources: dict[str, Any]) -> None:
    unnamed, named = resources["SelfLogging"], resources["SelfLoggingNamed"]
    assert isinstance(unnamed.logging_target_bucket, Unresolved)
    assert unnamed.logging_target_bucket.expression == "!Ref SelfLogging"
    assert unnamed.logging_target_bucket.identifier
    assert named.logging_target_bucket == "named"


def test_bucket_fields(resources: dict[str, Any]) -> None:
    bucket = resources["SelfLogging"]
    assert isinstance(bucket, Bucket)
    assert bucket.acl == "bucket-owner-full-control"
    assert bucket.object_lock_enabled is True
    assert bucket.versioning_enabled is False
    assert bucket.public_access_block == PublicAccessBlock()  # absent: AWS's default, all on
    named = resources["SelfLoggingNamed"]
    assert named.public_access_block == PublicAccessBlock(
        block_public_acls=False,
        ignore_public_acls=False,
        block_public_policy=True,
        restrict_public_buckets=False,
    )
    assert named.sse_algorithm == "aws:kms:dsse"
    assert named.kms_key_id is None


def test_bucket_unknowns(resources: dict[str, Any]) -> None:
    bucket = resources["UnknownBlock"]
    assert isinstance(bucket.public_access_block, Unresolved)
    assert isinstance(bucket.versioning_enabled, Unresolved)
    assert "Sometimes" in bucket.versioning_enabled.expression


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (-1, "-1"),
        ("-1", "-1"),
        ("all", "-1"),
        ("ALL", "-1"),
        (6, "tcp"),
        ("6", "tcp"),
        (17, "udp"),
        (1, "icmp"),
        ("58", "icmpv6"),
        ("TCP", "tcp"),
        (50, "50"),
    ],
)
def test_protocols(given: Any, expected: str) -> None:
    assert protocol(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Private", "private"),
        ("PublicRead", "public-read"),
        ("PublicReadWrite", "public-read-write"),
        ("AuthenticatedRead", "authenticated-read"),
        ("AwsExecRead", "aws-exec-read"),
        ("LogDeliveryWrite", "log-delivery-write"),
        ("BucketOwnerRead", "bucket-owner-read"),
    ],
)
def test_canned_acls(given: str, expected: str) -> None:
    assert canned_acl(given) == expected


def test_security_group_rules(resources: dict[str, Any]) -> None:
    group = resources["Rules"]
    assert isinstance(group, SecurityGroup)
    assert group.ingress == (
        SecurityGroupRule(protocol="-1", cidr_ipv4="10.0.0.0/8"),
        SecurityGroupRule(protocol="-1", cidr_ipv4="10.0.0.1/32"),
        SecurityGroupRule(protocol="udp", from_port=53, to_port=53, cidr_ipv4="10.0.0.2/32"),
        SecurityGroupRule(protocol="icmp", from_port=-1, to_port=-1, cidr_ipv4="10.0.0.3/32"),
        SecurityGroupRule(protocol="icmpv6", cidr_ipv6="::/0"),
        SecurityGroupRule(protocol="tcp", from_port=80, to_port=80, cidr_ipv4="0.0.0.0/0"),
        SecurityGroupRule(protocol="tcp", from_port=80, to_port=80, cidr_ipv6="::/0"),
        SecurityGroupRule(protocol="50", prefix_list_id="pl-1"),
        SecurityGroupRule(
            protocol="tcp",
            from_port=group.ingress[8].from_port,
            to_port=80,
            source_security_group="other",
        ),
    )
    assert isinstance(group.ingress[8].from_port, Unresolved)
    # an empty egress list leaves AWS's default allow-all rule in place
    assert group.egress == (
        SecurityGroupRule(protocol="-1", cidr_ipv4="0.0.0.0/0", added_by_aws=True),
    )


def test_security_group_unknown_rules(resources: dict[str, Any]) -> None:
    group = resources["UnknownRules"]
    assert isinstance(group.ingress, Unresolved)
    assert group.egress == (
        SecurityGroupRule(protocol="tcp", from_port=443, to_port=443, source_security_group="sg-1"),
    )


def test_role(resources: dict[str, Any]) -> None:
    role = resources["Admin"]
    assert isinstance(role, Role)
    assert role.name is None
    assert role.path == "/admin/"
    assert role.max_session_seconds == 43200
    assert role.permissions_boundary == "arn:aws:iam::111122223333:policy/boundary"
    assert role.trust_policy.statements[0].has_any_principal()  # JSON text parsed
    (policy,) = role.inline_policies
    assert policy.name == "all"
    assert policy.document.grants_full_admin()


def test_identities_and_policies(resources: dict[str, Any]) -> None:
    group = resources["BadPolicies"]
    assert isinstance(group, Group)
    assert isinstance(group.inline_policies, Unresolved)
    user = resources["Person"]
    assert isinstance(user, User)
    assert user.has_console_password is False
    assert user.inline_policies[0].name == "inline"
    standalone = resources["Standalone"]
    assert isinstance(standalone, InlinePolicy)
    assert (standalone.name, standalone.users, standalone.groups, standalone.roles) == (
        "standalone",
        ("a",),
        ("b",),
        (),
    )
    managed = resources["Managed"]
    assert isinstance(managed, ManagedPolicy)
    assert (managed.attached_users, managed.attached_groups, managed.attached_roles) == (
        ("a",),
        ("b",),
        ("c",),
    )


def test_volume_and_trail(resources: dict[str, Any]) -> None:
    disk = resources["Disk"]
    assert isinstance(disk, Volume)
    assert (disk.size_gib, disk.encrypted, disk.volume_type) == (12, True, "gp2")
    trail = resources["Trail"]
    assert isinstance(trail, Trail)
    assert trail.is_logging is True
    assert trail.is_organization_trail is True
    assert isinstance(trail.s3_bucket_name, Unresolved)
    assert trail.is_multi_region is False
