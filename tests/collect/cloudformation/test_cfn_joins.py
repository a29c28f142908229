"""Configuring resources are merged into the resource they configure, and not returned."""

from __future__ import annotations

from typing import Any

import pytest

from secfound.model.aws.ec2 import SecurityGroupRule
from secfound.model.values import Unresolved

from .conftest import by_address, load


@pytest.fixture(scope="module")
def loaded() -> Any:
    result = load("joins.yaml")
    assert result.errors == ()
    return result


def test_configuring_resources_are_not_resources(loaded: Any) -> None:
    assert sorted(by_address(loaded)) == ["Admins", "Alice", "Bob", "Data", "Logs", "Web"]


def test_bucket_policy_by_reference_and_by_name(loaded: Any) -> None:
    resources = by_address(loaded)
    data = resources["Data"].policy
    assert data is not None
    assert data.public_allow_statements()  # Principal "*" and no condition
    logs = resources["Logs"].policy
    assert logs is not None and logs.statements[0].is_deny


def test_target_declared_elsewhere_is_a_notice(loaded: Any) -> None:
    notices = " ".join(loaded.notices)
    assert "ElsewherePolicy configures 'bucket-made-elsewhere'" in notices
    assert "'carol-from-elsewhere'" in notices


def test_security_group_rules_joined(loaded: Any) -> None:
    web = by_address(loaded)["Web"]
    assert web.ingress == (
        SecurityGroupRule(protocol="tcp", from_port=443, to_port=443, cidr_ipv4="0.0.0.0/0"),
        SecurityGroupRule(protocol="tcp", from_port=22, to_port=22, cidr_ipv6="::/0"),
    )
    assert web.egress == (
        SecurityGroupRule(protocol="-1", cidr_ipv4="0.0.0.0/0", added_by_aws=True),
        SecurityGroupRule(protocol="udp", from_port=53, to_port=53, prefix_list_id="pl-123"),
    )


def test_user_to_group_addition(loaded: Any) -> None:
    resources = by_address(loaded)
    alice, bob = resources["Alice"], resources["Bob"]
    assert alice.groups[0] == "readers"
    added = alice.groups[1]
    assert isinstance(added, Unresolved) and added.expression == "!Ref Admins"
    assert len(bob.groups) == 1 and bob.groups[0].same_as(added)
