"""Live IAM identities: what ``iam.identities`` reads from moto equals what the CloudFormation
normalizer makes of ``tests/parity/iam/template.yaml``, and documents are decoded."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import boto3
import pytest
from live_env import REGION
from live_faults import fail_calls
from live_parity import assert_same, by_field, cfn_objects, of_type, run_collectors

from secfound.collect.live.services.iam import policy_document
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, NamedPolicy, Role, User
from secfound.model.policy import PolicyDocument
from secfound.model.values import Unresolved


@pytest.fixture
def iam(aws: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    """moto's IAM with the AWS managed policies loaded (it leaves them out by default),
    so ReadOnlyAccess and AWSSupportAccess can be attached as in AWS."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    return boto3.client("iam", region_name=REGION)


def _document(cfn_resource: Any, field: str = "PolicyDocument") -> str:
    return json.dumps(cfn_resource.properties[field])


def _create_template_resources(iam: Any) -> None:
    """The resources of tests/parity/iam/template.yaml, made through the IAM API."""
    cfn = cfn_objects("iam")
    iam.create_policy(PolicyName="admin-everything", PolicyDocument=_document(cfn["AdminPolicy"]))
    app = cfn["AppRole"]
    iam.create_role(
        RoleName="app",
        AssumeRolePolicyDocument=_document(app, "AssumeRolePolicyDocument"),
        MaxSessionDuration=7200,
    )
    for policy in app.properties["Policies"]:
        iam.put_role_policy(
            RoleName="app",
            PolicyName=policy["PolicyName"],
            PolicyDocument=json.dumps(policy["PolicyDocument"]),
        )
    # The standalone AWS::IAM::Policy: in AWS, one more inline policy of the role.
    iam.put_role_policy(
        RoleName="app", PolicyName="s3-write", PolicyDocument=_document(cfn["S3ReadPolicy"])
    )
    iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_group(GroupName="developers")
    iam.attach_group_policy(
        GroupName="developers", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    )
    iam.create_user(UserName="deployer")
    iam.attach_user_policy(UserName="deployer", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")
    iam.create_login_profile(
        UserName="deployer", Password="Not-a-real-password-1", PasswordResetRequired=True
    )
    iam.add_user_to_group(UserName="deployer", GroupName="developers")


def _with_standalone_inline_policies(role: Role, cfn: dict[str, Any]) -> Role:
    """The CloudFormation role with the standalone ``AWS::IAM::Policy`` resources that name
    it folded in, as AWS stores them (inline policies of the role), sorted by name as the
    live side is compared."""
    extra = [
        NamedPolicy(name=p.name, document=p.document)
        for p in cfn.values()
        if isinstance(p, InlinePolicy)
        and not isinstance(p.roles, Unresolved)
        and role.name in p.roles
    ]
    assert not isinstance(role.inline_policies, Unresolved)
    merged = sorted([*role.inline_policies, *extra], key=lambda p: str(p.name))
    return dataclasses.replace(role, inline_policies=tuple(merged))


def _sorted_inline(role: Role) -> Role:
    assert not isinstance(role.inline_policies, Unresolved)
    ordered = sorted(role.inline_policies, key=lambda p: str(p.name))
    return dataclasses.replace(role, inline_policies=tuple(ordered))


def test_identities_match_the_cloudformation_template(iam: Any) -> None:
    _create_template_resources(iam)
    cfn = cfn_objects("iam")

    run = run_collectors("iam.identities")

    assert run.gaps == ()
    policy = by_field(of_type(run, ManagedPolicy), "name")["admin-everything"]
    assert_same(policy, cfn["AdminPolicy"])
    role = by_field(of_type(run, Role), "name")["app"]
    assert_same(_sorted_inline(role), _with_standalone_inline_policies(cfn["AppRole"], cfn))
    user = by_field(of_type(run, User), "name")["deployer"]
    assert_same(user, cfn["DeployUser"])
    group = by_field(of_type(run, Group), "name")["developers"]
    assert_same(group, cfn["Developers"])
    # Live resources are addressed by ARN; there is no standalone inline policy live.
    assert role.address == "arn:aws:iam::123456789012:role/app"
    assert role.location.arn == role.address  # type: ignore[attr-defined]
    assert not of_type(run, InlinePolicy)


def test_attachments_and_boundaries_are_read(iam: Any) -> None:
    document = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        }
    )
    arn = iam.create_policy(PolicyName="boundary", PolicyDocument=document)["Policy"]["Arn"]
    iam.create_user(UserName="ops")
    # moto leaves a user's boundary out of GetAccountAuthorizationDetails; a role's is there.
    iam.create_role(RoleName="bounded", AssumeRolePolicyDocument=document, PermissionsBoundary=arn)
    iam.attach_user_policy(UserName="ops", PolicyArn=arn)
    iam.put_user_policy(UserName="ops", PolicyName="direct", PolicyDocument=document)
    iam.create_group(GroupName="admins")
    iam.put_group_policy(GroupName="admins", PolicyName="g", PolicyDocument=document)

    run = run_collectors("iam.identities")

    policy = by_field(of_type(run, ManagedPolicy), "name")["boundary"]
    assert policy.attached_users == ("ops",)
    assert policy.attached_roles == ()
    user = by_field(of_type(run, User), "name")["ops"]
    assert by_field(of_type(run, Role), "name")["bounded"].permissions_boundary == arn
    assert user.managed_policy_arns == (arn,)
    assert user.has_console_password is False
    assert [p.name for p in user.inline_policies] == ["direct"]  # type: ignore[union-attr]
    group = by_field(of_type(run, Group), "name")["admins"]
    assert [p.name for p in group.inline_policies] == ["g"]  # type: ignore[union-attr]


def test_the_default_version_of_a_managed_policy_is_read(iam: Any) -> None:
    first = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    second = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    arn = iam.create_policy(PolicyName="versioned", PolicyDocument=json.dumps(first))["Policy"][
        "Arn"
    ]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(second), SetAsDefault=True)

    run = run_collectors("iam.identities")

    policy = by_field(of_type(run, ManagedPolicy), "name")["versioned"]
    assert isinstance(policy.document, PolicyDocument)
    assert policy.document.statements[0].actions == ("s3:GetObject",)  # type: ignore[index]


def test_a_denied_login_profile_is_unresolved_and_a_gap(
    iam: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    iam.create_user(UserName="alice")
    fail_calls(monkeypatch, "GetLoginProfile", message="no")
    run = run_collectors("iam.identities")
    user = by_field(of_type(run, User), "name")["alice"]
    assert isinstance(user.has_console_password, Unresolved)
    assert [g.reason for g in run.gaps] == ["iam:GetLoginProfile: AccessDenied: no"]


@pytest.mark.parametrize(
    "raw",
    [
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        },
        '{"Version": "2012-10-17", "Statement": '
        '[{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
        "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22"
        "%3A%20%22Allow%22%2C%20%22Action%22%3A%20%22%2A%22%2C%20%22Resource%22%3A%20%22%2A%22"
        "%7D%5D%7D",
    ],
    ids=["dict", "json", "url-encoded"],
)
def test_policy_documents_in_every_shape_iam_returns(raw: Any) -> None:
    document = policy_document(raw)
    assert isinstance(document, PolicyDocument)
    assert document.version == "2012-10-17"
    assert document.statements[0].actions == ("*",)  # type: ignore[index]


def test_a_document_that_is_not_json_is_unresolved() -> None:
    assert isinstance(policy_document("%7Bnot json"), Unresolved)
