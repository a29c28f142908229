"""Unresolved refuses to be guessed, and its hints answer what they can."""

from __future__ import annotations

import pytest

from secfound.errors import UnresolvedValueError
from secfound.model.values import Unresolved, is_unresolved, matches_literal


@pytest.mark.parametrize(
    "operation",
    [
        bool,
        lambda u: u == "x",
        lambda u: u != "x",
        lambda u: u < 3,
        list,
        len,
        lambda u: "a" in u,
        lambda u: u[0],
        int,
        lambda u: u.some_attribute,
    ],
)
def test_every_question_raises(operation) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnresolvedValueError) as caught:
        operation(Unresolved("var.enabled"))
    assert caught.value.expression == "var.enabled"


def test_hashable_printable_and_recognizable() -> None:
    value = Unresolved("var.x")
    assert {value: 1}[value] == 1
    assert "var.x" in str(value) and "var.x" in repr(value)
    assert is_unresolved(value) and not is_unresolved("var.x")
    assert value.same_as(Unresolved("var.x")) and not value.same_as(Unresolved("var.y"))


def test_template_decides_what_it_can() -> None:
    arn = Unresolved("Sub", template="arn:aws:s3:::${Bucket}/*")
    assert matches_literal(arn, "*") is False
    assert matches_literal(Unresolved("x", template="abc"), "abc") is True
    with pytest.raises(UnresolvedValueError):
        matches_literal(Unresolved("x", template="${a}"), "*")


def test_identifiers_are_never_wildcards() -> None:
    ref = Unresolved("Ref Key", identifier=True)
    assert matches_literal(ref, "*") is False
    assert matches_literal(ref, "0.0.0.0/0") is False
    with pytest.raises(UnresolvedValueError):
        matches_literal(ref, "alias/app")


def test_plain_values_compare_normally() -> None:
    assert matches_literal("*", "*") and not matches_literal("s3:*", "*")


def test_is_set_tells_a_reference_from_a_read_nobody_saw() -> None:
    import pickle

    from secfound.errors import UnresolvedValueError
    from secfound.model.values import Unresolved, is_set

    assert is_set(None) is False
    assert is_set("alias/app") is True
    assert is_set(Unresolved("!Ref AppKey", identifier=True)) is True
    denied = Unresolved("kms:DescribeKey: AccessDenied", may_be_absent=True)
    with pytest.raises(UnresolvedValueError, match="AccessDenied"):
        is_set(denied)
    copied = pickle.loads(pickle.dumps(denied))
    assert copied.may_be_absent is True
    assert copied.expression == denied.expression
