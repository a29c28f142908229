"""The policy questions every check relies on: actions, resources, principals, conditions,
and honest handling of unresolved values (unknown never turns into an answer by accident)."""

from __future__ import annotations

from typing import Any

import pytest

from secfound.errors import UnresolvedValueError
from secfound.model.policy import (
    PolicyDocument,
    Statement,
    action_matches,
    is_service_wildcard,
    parse_policy,
    resource_covers,
)
from secfound.model.values import Unresolved, definitely_matching, known

EVERY_ROLE = "arn:aws:iam::*:role/*"


def doc(*statements: dict[str, Any]) -> PolicyDocument:
    parsed = parse_policy({"Version": "2012-10-17", "Statement": list(statements)})
    assert isinstance(parsed, PolicyDocument)
    return parsed


def stmt(**raw: Any) -> Statement:
    parsed = doc(raw).statements
    assert isinstance(parsed, tuple)
    return parsed[0]


def var(name: str) -> Unresolved:
    return Unresolved(name)


# --- action matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("iam:PassRole", "iam:PassRole", True),
        ("IAM:passrole", "iam:PassRole", True),
        ("iam:Pass*", "iam:PassRole", True),
        ("iam:PassRol?", "iam:PassRole", True),
        ("iam:*", "iam:PassRole", True),
        ("*", "iam:PassRole", True),
        ("iam:Get*", "iam:PassRole", False),
        ("s3:*", "iam:PassRole", False),
        ("iam:PassRole2", "iam:PassRole", False),
        ("*", "s3:*", True),
        ("s3:*", "s3:*", True),
        ("s3:Get*", "s3:*", False),
    ],
)
def test_action_matches(pattern: str, action: str, expected: bool) -> None:
    assert action_matches(pattern, action) is expected


def test_unresolved_action_pattern_raises() -> None:
    with pytest.raises(UnresolvedValueError) as caught:
        action_matches(var("var.action"), "iam:PassRole")
    assert caught.value.expression == "var.action"


def test_unresolved_action_template_decides_when_known_text_rules_out() -> None:
    s3_only = Unresolved("s3:${var.verb}", template="s3:${var.verb}")
    assert action_matches(s3_only, "iam:PassRole") is False
    with pytest.raises(UnresolvedValueError):
        action_matches(s3_only, "s3:GetObject")
    fully_known = Unresolved("join", template="iam:PassRole")
    assert action_matches(fully_known, "iam:PassRole") is True


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("s3:*", True),
        ("S3:*", True),
        ("*", True),
        ("*:*", True),
        ("s3:**", True),
        ("s3:Get*", False),
        ("s3:*Object", False),
        ("s3:GetObject", False),
        ("s3:", False),
    ],
)
def test_is_service_wildcard(pattern: str, expected: bool) -> None:
    assert is_service_wildcard(pattern) is expected


def test_is_service_wildcard_unresolved() -> None:
    with pytest.raises(UnresolvedValueError):
        is_service_wildcard(var("var.action"))
    with pytest.raises(UnresolvedValueError):
        is_service_wildcard(Unresolved("x", template="s3:${var.verb}"))
    assert is_service_wildcard(Unresolved("x", template="s3:Get${var.what}")) is False


# --- resources -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*", True),
        (EVERY_ROLE, True),
        ("arn:aws:iam::*:*", True),
        ("arn:aws:iam::111122223333:role/*", False),
        ("arn:aws:iam::*:role/app-*", False),
        ("arn:aws:s3:::bucket/*", False),
    ],
)
def test_resource_covers_every_role(pattern: str, expected: bool) -> None:
    assert resource_covers(pattern, EVERY_ROLE) is expected


def test_resource_covers_unresolved() -> None:
    assert resource_covers(Unresolved("!GetAtt Role.Arn", identifier=True), "*") is False
    named_roles = Unresolved("sub", template="arn:aws:iam::${AWS::AccountId}:role/app-*")
    assert resource_covers(named_roles, EVERY_ROLE) is False
    # The unknown part might itself be "*": the hint cannot rule out every role.
    any_account = Unresolved("sub", template="arn:aws:iam::${var.account}:role/*")
    with pytest.raises(UnresolvedValueError):
        resource_covers(any_account, EVERY_ROLE)
    with pytest.raises(UnresolvedValueError):
        resource_covers(var("var.arn"), EVERY_ROLE)


def test_statement_covers_every_with_not_resource() -> None:
    all_but_one = stmt(Effect="Allow", Action="iam:PassRole", NotResource="arn:aws:iam::1:role/x")
    assert all_but_one.covers_every(EVERY_ROLE) is True
    all_but_roles = stmt(Effect="Allow", Action="iam:*", NotResource=EVERY_ROLE)
    assert all_but_roles.covers_every(EVERY_ROLE) is False
    assert all_but_roles.covers_all_resources() is False


# --- principals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("*", True),
        ({"AWS": "*"}, True),
        ({"AWS": ["arn:aws:iam::111122223333:root", "*"]}, True),
        ({"AWS": "arn:aws:iam::111122223333:root"}, False),
        ({"Service": "lambda.amazonaws.com"}, False),
        ({"Federated": "cognito-identity.amazonaws.com"}, False),
    ],
)
def test_has_any_principal(principal: Any, expected: bool) -> None:
    assert stmt(Effect="Allow", Principal=principal, Action="s3:*").has_any_principal() is expected


def test_not_principal_admits_everyone_else_only_in_allow() -> None:
    not_me = {"AWS": "arn:aws:iam::111122223333:root"}
    assert stmt(Effect="Allow", NotPrincipal=not_me, Action="s3:*").has_any_principal()
    assert not stmt(Effect="Deny", NotPrincipal=not_me, Action="s3:*").has_any_principal()


def test_unresolved_principals() -> None:
    with pytest.raises(UnresolvedValueError):
        stmt(Effect="Allow", Principal={"AWS": var("var.p")}).has_any_principal()
    with pytest.raises(UnresolvedValueError):
        stmt(Effect="Allow", Principal=var("var.p")).has_any_principal()
    declared = Unresolved("!GetAtt Role.Arn", identifier=True)
    assert not stmt(Effect="Allow", Principal={"AWS": declared}).has_any_principal()
    # A certain "*" decides, whatever the unknown beside it.
    assert stmt(Effect="Allow", Principal={"AWS": [var("var.p"), "*"]}).has_any_principal()


# --- conditions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "narrows"),
    [
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, True),
        ({"StringEquals": {"AWS:principalorgid": "o-abc"}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:topic"}}, True),
        ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, True),
        ({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a/r-1/*"]}}, True),
        ({"StringEquals": {"sts:ExternalId": "x1"}}, True),
        ({"Bool": {"aws:SecureTransport": "true"}}, False),
        ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, False),
        ({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}, False),
        ({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}, False),
        ({"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": ["o-a/r-1/"]}}, False),
        ({"Null": {"aws:PrincipalOrgID": "false"}}, False),
        ({"StringLike": {"aws:SourceArn": "*"}}, False),
        ({"StringLike": {"aws:SourceArn": ["arn:aws:s3:::b", "*"]}}, False),
        (
            {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceVpce": "vpce-1"}},
            True,
        ),
    ],
)
def test_is_narrowed_by_condition(condition: dict[str, Any], narrows: bool) -> None:
    statement = stmt(Effect="Allow", Principal="*", Action="s3:*", Condition=condition)
    assert statement.is_narrowed_by_condition() is narrows


def test_unresolved_conditions() -> None:
    with pytest.raises(UnresolvedValueError):
        stmt(Effect="Allow", Condition=var("var.cond")).is_narrowed_by_condition()
    unknown_value = {"StringEquals": {"aws:SourceAccount": var("var.account")}}
    with pytest.raises(UnresolvedValueError):
        stmt(Effect="Allow", Condition=unknown_value).is_narrowed_by_condition()
    account = Unresolved("AWS::AccountId", identifier=True)
    declared = {"StringEquals": {"aws:SourceAccount": account}}
    assert stmt(Effect="Allow", Condition=declared).is_narrowed_by_condition()
    # An unknown key beside a narrowing condition: the known one decides.
    mixed = {"StringEquals": {"aws:PrincipalOrgID": "o-1"}, "Bool": {var("k").expression: "x"}}
    assert stmt(Effect="Allow", Condition=mixed).is_narrowed_by_condition()


# --- whole documents -----------------------------------------------------------------------


def test_full_admin() -> None:
    assert doc({"Effect": "Allow", "Action": "*", "Resource": "*"}).grants_full_admin()
    assert doc({"Effect": "Allow", "Action": "*:*", "Resource": ["*"]}).grants_full_admin()
    assert not doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}).grants_full_admin()
    assert not doc(
        {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}
    ).grants_full_admin()
    assert not doc({"Effect": "Deny", "Action": "*", "Resource": "*"}).grants_full_admin()
    assert not doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}).grants_full_admin()


def test_a_certain_answer_wins_over_unknown_statements() -> None:
    unknown_then_admin = doc(
        {"Effect": var("var.effect"), "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
    )
    assert unknown_then_admin.grants_full_admin()
    only_unknown = doc(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Action": var("var.actions"), "Resource": "*"},
    )
    with pytest.raises(UnresolvedValueError):
        only_unknown.grants_full_admin()
    with pytest.raises(UnresolvedValueError):
        PolicyDocument(statements=var("var.statements")).grants_full_admin()


def test_public_allow_statements() -> None:
    policy = doc(
        {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
        {
            "Sid": "Org",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}},
        },
        {"Sid": "Deny", "Effect": "Deny", "Principal": "*", "Action": "s3:*"},
    )
    assert [s.sid for s in policy.public_allow_statements()] == ["Open"]


def test_denies_insecure_transport() -> None:
    deny_all = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    assert doc(deny_all).denies_insecure_transport(action="s3:*")
    assert doc({**deny_all, "Action": "*"}).denies_insecure_transport(action="s3:*")
    assert doc(
        {**deny_all, "Condition": {"Bool": {"aws:SecureTransport": False}}}
    ).denies_insecure_transport()
    get_only = {**deny_all, "Action": "s3:GetObject"}
    assert doc(get_only).denies_insecure_transport()
    assert not doc(get_only).denies_insecure_transport(action="s3:*")
    assert not doc(
        {**deny_all, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}
    ).denies_insecure_transport()
    assert not doc({**deny_all, "Effect": "Allow"}).denies_insecure_transport()
    unknown = {**deny_all, "Condition": {"Bool": {"aws:SecureTransport": var("var.flag")}}}
    with pytest.raises(UnresolvedValueError):
        doc(unknown).denies_insecure_transport()


def test_service_wildcard_actions() -> None:
    policy = doc(
        {"Effect": "Allow", "Action": ["s3:GetObject", "kms:*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "SQS:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
    )
    assert policy.service_wildcard_actions() == ("kms:*", "SQS:*")
    assert doc({"Effect": "Allow", "Action": "s3:Get*"}).service_wildcard_actions() == ()


def test_not_action_allow_statements() -> None:
    assert doc({"Effect": "Allow", "NotAction": "iam:*"}).not_action_allow_statements()
    assert doc({"Effect": "Allow", "NotAction": var("var.x")}).not_action_allow_statements()
    assert not doc({"Effect": "Deny", "NotAction": "iam:*"}).not_action_allow_statements()
    assert not doc({"Effect": "Allow", "Action": "iam:Get*"}).not_action_allow_statements()


def test_statements_allowing() -> None:
    def passes(**statement: Any) -> bool:
        policy = doc({"Effect": "Allow", **statement})
        return bool(policy.statements_allowing("iam:PassRole", on=EVERY_ROLE))

    assert passes(Action="iam:PassRole", Resource="*")
    assert passes(Action="iam:pass*", Resource="*")
    assert passes(NotAction="s3:*", Resource="*")
    assert not passes(NotAction="iam:*", Resource="*")
    assert not passes(Action="iam:PassRole", Resource="arn:aws:iam::111122223333:role/app")
    assert not passes(Action="iam:GetRole", Resource="*")
    with pytest.raises(UnresolvedValueError):
        passes(Action="iam:PassRole", Resource=var("var.roles"))


# --- parsing -------------------------------------------------------------------------------


def test_parse_policy_shapes() -> None:
    from_json = parse_policy(
        '{"Statement": {"Effect": "Allow", "Action": "s3:*", "Principal": "*"}}'
    )
    assert isinstance(from_json, PolicyDocument)
    statements = known(from_json.statements)
    assert statements[0].actions == ("s3:*",)
    assert statements[0].principals == {"AWS": ("*",)}
    assert isinstance(parse_policy("not json"), Unresolved)
    assert isinstance(parse_policy(["a list"]), Unresolved)


def test_parse_keeps_unknown_lists_whole_but_wraps_single_values() -> None:
    plain = stmt(Effect="Allow", Resource=var("var.resources"))
    assert isinstance(plain.resources, Unresolved)
    declared = Unresolved("!GetAtt Role.Arn", identifier=True)
    assert stmt(Effect="Allow", Resource=declared).resources == (declared,)


# --- the helpers in values -----------------------------------------------------------------


def test_definitely_matching() -> None:
    def is_big(value: Any) -> bool:
        return bool(value > 10)

    assert definitely_matching([1, 20, 30], is_big) == [20, 30]
    assert definitely_matching([var("x"), 20], is_big) == [20]
    assert definitely_matching([], is_big) == []
    with pytest.raises(UnresolvedValueError):
        definitely_matching([1, var("x")], is_big)


def test_known() -> None:
    assert known(3) == 3
    with pytest.raises(UnresolvedValueError):
        known(var("x"))
