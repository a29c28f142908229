"""Conditions decided where the template allows; undecidable ones mark resources conditional."""

from __future__ import annotations

import pytest

from secfound.model.aws.s3 import Bucket

from .conftest import by_address, load


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("ProdOnly", "dropped"),
        ("DevOnly", "kept"),
        ("MaybeRegion", "conditional"),
        ("DevAndMaybe", "conditional"),
        ("ProdAndMaybe", "dropped"),
        ("DevOrMaybe", "kept"),
        ("NotMaybe", "conditional"),
        ("Partition", "kept"),
        ("NeverEqual", "dropped"),
        ("Always", "kept"),
    ],
)
def test_resource_conditions(address: str, expected: str) -> None:
    resources = by_address(load("conditions.yaml"))
    if expected == "dropped":
        assert address not in resources
    else:
        assert resources[address].conditional is (expected == "conditional")


def test_parameters_decide_conditions() -> None:
    resources = by_address(load("conditions.yaml", parameters={"Env": "prod"}))
    assert "ProdOnly" in resources
    assert "DevOnly" not in resources
    bucket = resources["Always"]
    assert isinstance(bucket, Bucket)
    assert bucket.name == "prod-bucket"


def test_conditions_on_known_region() -> None:
    resources = by_address(load("conditions.yaml", parameters={"Region": "us-east-1"}))
    assert resources["MaybeRegion"].conditional is False
    assert "NotMaybe" not in resources


def test_circular_and_undeclared_conditions_are_reported() -> None:
    result = load("circular.yaml")
    messages = [(e.line, e.message) for e in result.errors]
    assert (2, "circular conditions: A -> B -> A") in messages
    assert any("'NotDeclared' is not declared" in m and line == 9 for line, m in messages)
    resources = by_address(result)
    assert resources["Guarded"].conditional is True
    assert resources["Unknown"].conditional is True
    assert resources["Plain"].conditional is False
