"""Configuring resources merged into their targets, and the normalizers' conversions."""

from __future__ import annotations

import pytest
from tf_helpers import by_address, load

from secfound.collect import SourceResult
from secfound.model.aws.ec2 import SecurityGroup, SecurityGroupRule, Volume
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User
from secfound.model.aws.kms import Key
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.values import Unresolved


@pytest.fixture(scope="module")
def s3() -> SourceResult:
    return load("s3")


@pytest.fixture(scope="module")
def ec2() -> SourceResult:
    return load("ec2")


@pytest.fixture(scope="module")
def iam() -> SourceResult:
    return load("iam")


def bucket(result: SourceResult, address: str) -> Bucket:
    found = by_address(result)[address]
    assert isinstance(found, Bucket)
    return found


def test_configuring_resources_are_not_resources_themselves(s3: SourceResult) -> None:
    assert sorted(by_address(s3)) == [
        "aws_kms_key.k",
        "aws_s3_bucket.by_name",
        "aws_s3_bucket.legacy",
        "aws_s3_bucket.prefixed",
    ]
    assert isinstance(by_address(s3)["aws_kms_key.k"], Key)


def test_pre_v4_inline_arguments(s3: SourceResult) -> None:
    legacy = bucket(s3, "aws_s3_bucket.legacy")
    assert legacy.acl == "public-read"
    assert legacy.versioning_enabled is True
    assert legacy.mfa_delete_enabled is True
    assert legacy.sse_algorithm == "aws:kms"
    assert isinstance(legacy.kms_key_id, Unresolved)
    assert legacy.kms_key_id.identifier
    assert legacy.logging_target_bucket == "central-logs"
    assert legacy.policy is not None and not isinstance(legacy.policy, Unresolved)
    assert legacy.policy.public_allow_statements()


def test_join_by_literal_name_and_by_argument(s3: SourceResult) -> None:
    by_name = bucket(s3, "aws_s3_bucket.by_name")
    assert by_name.versioning_enabled is True
    assert by_name.mfa_delete_enabled is False
    assert by_name.object_lock_enabled is True
    # present block: arguments left out are false
    assert by_name.public_access_block == PublicAccessBlock(
        block_public_acls=True,
        ignore_public_acls=False,
        block_public_policy=False,
        restrict_public_buckets=False,
    )


def test_join_through_a_computed_id(s3: SourceResult) -> None:
    prefixed = bucket(s3, "aws_s3_bucket.prefixed")
    assert prefixed.name is None
    assert prefixed.acl == "private"
    assert prefixed.policy is not None and not isinstance(prefixed.policy, Unresolved)
    assert prefixed.policy.denies_insecure_transport()
    [statement] = prefixed.policy.statements  # type: ignore[misc]
    resource = statement.resources[0]
    assert isinstance(resource, Unresolved)
    assert resource.could_equal("*") is False


def test_conditional_configuration_makes_its_values_unknown(s3: SourceResult) -> None:
    prefixed = bucket(s3, "aws_s3_bucket.prefixed")
    assert isinstance(prefixed.versioning_enabled, Unresolved)
    assert "aws_s3_bucket_versioning.maybe" in prefixed.versioning_enabled.expression


def test_untargeted_configuration_is_a_notice(s3: SourceResult) -> None:
    assert s3.errors == ()
    [notice] = s3.notices
    assert "aws_s3_bucket_versioning.elsewhere" in notice
    assert "var.bucket_name" in notice


def group(result: SourceResult, address: str) -> SecurityGroup:
    found = by_address(result)[address]
    assert isinstance(found, SecurityGroup)
    return found


def test_security_group_rules_one_per_peer(ec2: SourceResult) -> None:
    app = group(ec2, "aws_security_group.app")
    assert app.name is None
    assert app.description == "Managed by Terraform"
    assert isinstance(app.ingress, tuple)
    summary = [
        (r.protocol, r.from_port, r.to_port, r.cidr_ipv4, r.cidr_ipv6, r.source_security_group)
        for r in app.ingress
        if not isinstance(r.cidr_ipv4, Unresolved)
    ]
    assert summary == [
        ("tcp", 80, 80, "0.0.0.0/0", None, None),
        ("tcp", 80, 80, None, "::/0", None),
        ("-1", None, None, None, None, "self"),
        ("tcp", 443, 443, "10.0.0.0/8", None, None),
        ("tcp", 443, 443, "172.16.0.0/12", None, None),
        ("udp", 53, 53, "192.168.0.0/16", None, None),
    ]
    unknown = [r for r in app.ingress if isinstance(r.cidr_ipv4, Unresolved)]
    assert len(unknown) == 1 and unknown[0].from_port == 22
    assert app.egress == (SecurityGroupRule(protocol="-1", cidr_ipv6="::/0"),)


def test_rules_joined_from_separate_resources(ec2: SourceResult) -> None:
    other = group(ec2, "aws_security_group.other")
    assert isinstance(other.ingress, tuple)
    [rule] = other.ingress
    assert rule.from_port == 5432
    assert isinstance(rule.source_security_group, Unresolved)
    assert rule.source_security_group.identifier
    assert isinstance(other.egress, tuple)
    assert [(r.from_port, r.prefix_list_id) for r in other.egress] == [(443, "pl-1"), (443, None)]


def test_volume_conversions(ec2: SourceResult) -> None:
    typed = by_address(ec2)["aws_ebs_volume.typed"]
    assert isinstance(typed, Volume)
    assert (typed.size_gib, typed.encrypted, typed.volume_type) == (20, False, "io2")
    wrong = by_address(ec2)["aws_ebs_volume.wrong"]
    assert isinstance(wrong, Volume)
    assert isinstance(wrong.size_gib, Unresolved) and "number expected" in wrong.size_gib.expression
    assert isinstance(wrong.encrypted, Unresolved) and "bool expected" in wrong.encrypted.expression


def test_policy_document_data_source(iam: SourceResult) -> None:
    worker = by_address(iam)["aws_iam_role.worker"]
    assert isinstance(worker, Role)
    assert (worker.path, worker.max_session_seconds) == ("/service/", 3600)
    trust = worker.trust_policy
    assert not isinstance(trust, Unresolved)
    [statement] = trust.statements  # type: ignore[misc]
    assert statement.sid == "Accounts"
    assert isinstance(statement.principals["AWS"], Unresolved)
    assert statement.is_narrowed_by_condition()
    assert statement.condition_values("bool", "aws:MultiFactorAuthPresent") == ("true",)
    [inline] = worker.inline_policies  # type: ignore[misc]
    assert inline.name == "perms"
    document = inline.document
    assert not isinstance(document, Unresolved)
    sids = [s.sid for s in document.statements]  # type: ignore[union-attr]
    assert sids == ["Base", "read", "write", None]
    overridden = document.statements[2]  # type: ignore[index]
    assert overridden.resources == ("arn:aws:s3:::data/uploads/*",)
    deny = document.statements[-1]  # type: ignore[index]
    assert deny.is_deny and deny.not_actions == ("s3:*",) and deny.has_any_principal()


def test_policy_document_with_unknown_principal_keeps_its_template(iam: SourceResult) -> None:
    role = by_address(iam)["aws_iam_role.computed"]
    assert isinstance(role, Role)
    [statement] = role.trust_policy.statements  # type: ignore[union-attr,misc]
    [principal] = statement.principals["AWS"]
    assert isinstance(principal, Unresolved)
    assert principal.could_equal("*") is False


def test_iam_joins(iam: SourceResult) -> None:
    resources = by_address(iam)
    worker = resources["aws_iam_role.worker"]
    assert isinstance(worker, Role)
    [arn] = worker.managed_policy_arns  # type: ignore[misc]
    assert isinstance(arn, Unresolved) and arn.expression == "aws_iam_policy.custom.arn"
    computed = resources["aws_iam_role.computed"]
    assert isinstance(computed, Role)
    assert computed.managed_policy_arns == ("arn:aws:iam::aws:policy/ReadOnlyAccess",)
    ops = resources["aws_iam_user.ops"]
    assert isinstance(ops, User)
    assert ops.groups == ("admins", "auditors")
    assert ops.has_console_password is False


def test_inline_policy_resources(iam: SourceResult) -> None:
    resources = by_address(iam)
    admins = resources["aws_iam_group_policy.admins"]
    assert isinstance(admins, InlinePolicy)
    assert admins.groups == ("admins",)
    assert admins.document.grants_full_admin()  # type: ignore[union-attr]
    ops = resources["aws_iam_user_policy.ops"]
    assert isinstance(ops, InlinePolicy)
    assert isinstance(ops.document, Unresolved)
    assert "not declared" in ops.document.expression
    assert isinstance(resources["aws_iam_group.admins"], Group)


def test_policy_that_is_not_json(iam: SourceResult) -> None:
    custom = by_address(iam)["aws_iam_policy.custom"]
    assert isinstance(custom, ManagedPolicy)
    assert isinstance(custom.document, Unresolved)
    assert "not JSON" in custom.document.expression
