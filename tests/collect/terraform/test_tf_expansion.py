"""count, for_each and dynamic blocks."""

from __future__ import annotations

import pytest
from tf_helpers import by_address, load

from secfound.model.aws.ec2 import SecurityGroup
from secfound.model.aws.s3 import Bucket
from secfound.model.values import Unresolved


@pytest.fixture(scope="module")
def resources() -> dict[str, object]:
    result = load("expansion")
    assert result.errors == ()
    return dict(by_address(result))


def test_count_gives_indexed_addresses(resources: dict[str, object]) -> None:
    first = resources["aws_s3_bucket.counted[0]"]
    second = resources["aws_s3_bucket.counted[1]"]
    assert isinstance(first, Bucket) and first.name == "counted-0"
    assert isinstance(second, Bucket) and second.name == "counted-1"
    assert not first.conditional


def test_count_zero_gives_nothing(resources: dict[str, object]) -> None:
    assert not any(a.startswith("aws_s3_bucket.none") for a in resources)


def test_for_each_over_a_map_and_a_set(resources: dict[str, object]) -> None:
    data = resources['aws_s3_bucket.mapped["data"]']
    assert isinstance(data, Bucket) and data.name == "example-data"
    assert data.properties["tags"] == {"key": "data"}
    assert {a for a in resources if a.startswith("aws_s3_bucket.set")} == {
        'aws_s3_bucket.set["a"]',
        'aws_s3_bucket.set["b"]',
    }


@pytest.mark.parametrize(
    ("address", "expression"),
    [("aws_s3_bucket.maybe", "maybe-${count.index}"), ("aws_s3_bucket.each_unknown", "each.value")],
)
def test_unknown_expansion_gives_one_conditional_instance(
    resources: dict[str, object], address: str, expression: str
) -> None:
    bucket = resources[address]
    assert isinstance(bucket, Bucket)
    assert bucket.conditional
    assert isinstance(bucket.name, Unresolved) and bucket.name.expression == expression


def test_dynamic_blocks(resources: dict[str, object]) -> None:
    group = resources["aws_security_group.dynamic"]
    assert isinstance(group, SecurityGroup)
    assert isinstance(group.ingress, tuple)
    assert [(r.from_port, r.cidr_ipv4) for r in group.ingress] == [
        (22, "10.0.0.0/16"),
        (443, "10.1.0.0/16"),
    ]
    assert isinstance(group.egress, tuple)
    assert [(r.protocol, r.cidr_ipv4, r.description) for r in group.egress] == [
        ("-1", "0.0.0.0/0", "all")
    ]


def test_dynamic_block_over_unknown_is_unresolved(resources: dict[str, object]) -> None:
    group = resources["aws_security_group.dynamic_unknown"]
    assert isinstance(group, SecurityGroup)
    assert isinstance(group.ingress, Unresolved)
    assert group.egress == ()
