"""Live S3 buckets: parity with the CloudFormation fixture, regions, faults, and the checks."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, OTHER_REGION, REGION
from live_faults import fail_calls
from live_parity import (
    RUN_CALLS,
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    template_properties,
    verdicts,
)

from secfound.checks.registry import builtin_registry
from secfound.collect.live.services.s3 import bucket_region, canned_acl
from secfound.engine import evaluate
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

ALL_ON = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
ALL_OFF = {name: False for name in ALL_ON}
SSE_S3 = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def _new_bucket(s3: Any, name: str, *, ownership: str = "BucketOwnerEnforced") -> None:
    """A bucket as AWS creates it today. moto applies none of these defaults itself, so the
    fixture does: SSE-S3 (2023-01-05), Block Public Access and ACLs disabled (April 2023)."""
    s3.create_bucket(Bucket=name, ObjectOwnership=ownership)
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration=SSE_S3)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=ALL_ON)


def _create_parity_buckets() -> None:
    """tests/parity/s3/template.yaml, created in moto."""
    s3 = boto3.client("s3", region_name=REGION)
    _new_bucket(s3, "example-logs")

    _new_bucket(s3, "example-data")
    s3.put_bucket_encryption(
        Bucket="example-data",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/data",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_versioning(Bucket="example-data", VersioningConfiguration={"Status": "Enabled"})
    # moto, like AWS with ACLs enabled, wants the log delivery allowed on the target when
    # logging is turned on; the template's logs bucket has no policy, so it goes again.
    s3.put_bucket_policy(Bucket="example-logs", Policy=json.dumps(_log_delivery_policy()))
    s3.put_bucket_logging(
        Bucket="example-data",
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "example-logs", "TargetPrefix": "data/"}
        },
    )
    s3.delete_bucket_policy(Bucket="example-logs")
    s3.put_bucket_policy(Bucket="example-data", Policy=json.dumps(_template_policy()))

    _new_bucket(s3, "example-public", ownership="ObjectWriter")
    s3.put_public_access_block(Bucket="example-public", PublicAccessBlockConfiguration=ALL_OFF)
    s3.put_bucket_acl(Bucket="example-public", ACL="public-read")


def _log_delivery_policy() -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::example-logs/*",
            }
        ],
    }


def _template_policy() -> dict[str, Any]:
    """DataBucketPolicy's document, as the template writes it."""
    return dict(template_properties("s3", "DataBucketPolicy")["PolicyDocument"])


def _live_buckets(*, regions: tuple[str, ...] = (REGION,)) -> tuple[dict[str, Bucket], Any]:
    run = run_collectors("s3.buckets", regions=regions)
    return by_field(of_type(run, Bucket), "name"), run


def test_buckets_match_the_cloudformation_fixture(aws: None) -> None:
    _create_parity_buckets()
    live, run = _live_buckets()
    cfn = {b.name: b for b in cfn_objects("s3").values() if isinstance(b, Bucket)}
    assert sorted(live) == sorted(cfn) == ["example-data", "example-logs", "example-public"]
    for name, bucket in live.items():
        assert_same(bucket, cfn[name])
    assert run.gaps == ()


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_buckets()
    _, run = _live_buckets()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.s3.", name)
    assert live == verdicts([cfn_result("s3")], "aws.s3.", name)
    assert ("aws.s3.bucket_acl_not_public", "example-public", "failed") in live


def test_live_findings_say_what_is_wrong(aws: None) -> None:
    _create_parity_buckets()
    s3 = boto3.client("s3", region_name=REGION)
    _new_bucket(s3, "example-open")
    s3.put_public_access_block(Bucket="example-open", PublicAccessBlockConfiguration=ALL_OFF)
    open_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Everyone",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::example-open/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket="example-open", Policy=json.dumps(open_policy))
    _, run = _live_buckets()

    findings = {
        (f.check_id.rsplit(".", 1)[-1], f.resource.address.rsplit(":", 1)[-1]): f
        for f in evaluate(builtin_registry(), run.results).findings
    }

    def verdict(check: str, bucket: str) -> tuple[str, str]:
        finding = findings[(check, bucket)]
        assert isinstance(finding.location, CloudLocation)
        assert finding.location.arn == f"arn:aws:s3:::{bucket}"
        return finding.status.value, finding.message

    assert verdict("bucket_encrypted_with_kms", "example-logs") == (
        "failed",
        "default encryption is AES256, not a KMS key",
    )
    assert verdict("bucket_encrypted_with_kms", "example-data") == (
        "passed",
        "default encryption is aws:kms with KMS key alias/data",
    )
    assert verdict("bucket_policy_not_public", "example-open") == (
        "failed",
        "the bucket policy allows any principal without a condition: statement 'Everyone'",
    )
    assert verdict("bucket_policy_not_public", "example-data")[0] == "passed"
    assert verdict("bucket_policy_requires_tls", "example-data")[0] == "passed"
    assert verdict("bucket_acl_not_public", "example-public") == (
        "failed",
        "canned ACL public-read grants access beyond the owner's account",
    )
    assert verdict("bucket_access_logging_enabled", "example-data") == (
        "passed",
        "server access logs go to example-logs",
    )
    assert verdict("bucket_versioning_enabled", "example-logs")[0] == "failed"


def test_a_bucket_with_nothing_configured_reads_as_the_api_answers(aws: None) -> None:
    """moto answers "not configured" for everything, as an old bucket would: no bucket-level
    Block Public Access (off), no ownership controls (ObjectWriter), no encryption
    configuration (SSE-S3 applies)."""
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="bare-bucket")
    live, run = _live_buckets()
    bucket = live["bare-bucket"]
    assert bucket.sse_algorithm == "AES256"
    assert bucket.kms_key_id is None
    assert bucket.public_access_block == PublicAccessBlock(
        block_public_acls=False,
        ignore_public_acls=False,
        block_public_policy=False,
        restrict_public_buckets=False,
    )
    assert bucket.object_ownership == "ObjectWriter"
    assert bucket.acl == "private"
    assert bucket.policy is None
    assert bucket.logging_target_bucket is None
    assert bucket.versioning_enabled is False
    assert bucket.object_lock_enabled is False
    assert run.gaps == ()


def test_object_lock_and_mfa_delete_are_read(aws: None) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    live, _ = _live_buckets()
    assert live["locked-bucket"].object_lock_enabled is True
    assert live["locked-bucket"].versioning_enabled is True  # object lock turns it on


def test_a_bucket_is_located_in_its_own_region(aws: None) -> None:
    s3 = boto3.client("s3", region_name=OTHER_REGION)
    s3.create_bucket(
        Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": OTHER_REGION}
    )
    s3.put_bucket_versioning(Bucket="eu-bucket", VersioningConfiguration={"Status": "Enabled"})
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="us-bucket")

    live, run = _live_buckets(regions=(REGION, OTHER_REGION))

    eu = live["eu-bucket"]
    assert eu.location == CloudLocation(
        account=ACCOUNT, region=OTHER_REGION, arn="arn:aws:s3:::eu-bucket"
    )
    assert eu.address == "arn:aws:s3:::eu-bucket"
    assert eu.versioning_enabled is True
    assert isinstance(live["us-bucket"].location, CloudLocation)
    assert live["us-bucket"].location.region == REGION
    # A global collector runs once per account, whatever the regions.
    assert [c.region for c in run.coverage] == [REGION]
    assert run.calls_by_operation["s3:ListBuckets"] == 1


@pytest.mark.parametrize(
    ("answer", "region"),
    [(None, "us-east-1"), ("", "us-east-1"), ("EU", "eu-west-1"), ("ap-south-1", "ap-south-1")],
)
def test_legacy_location_answers(answer: str | None, region: str) -> None:
    assert bucket_region(answer) == region


def test_the_listing_region_saves_a_location_call(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AWS gives each bucket's region in ListBuckets when the request is paginated; moto
    does not, so the answer is completed here as AWS would send it."""
    from botocore.client import BaseClient

    s3 = boto3.client("s3", region_name=OTHER_REGION)
    s3.create_bucket(
        Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": OTHER_REGION}
    )
    real = BaseClient._make_api_call

    def with_regions(self: Any, operation: str, params: Any) -> Any:
        answer = real(self, operation, params)
        if operation == "ListBuckets":
            assert params.get("MaxBuckets")  # without it, AWS leaves BucketRegion out
            for entry in answer.get("Buckets", []):
                entry["BucketRegion"] = OTHER_REGION
        return answer

    monkeypatch.setattr(BaseClient, "_make_api_call", with_regions)
    live, run = _live_buckets()
    assert isinstance(live["eu-bucket"].location, CloudLocation)
    assert live["eu-bucket"].location.region == OTHER_REGION
    assert "s3:GetBucketLocation" not in run.calls_by_operation


def _deny(monkeypatch: pytest.MonkeyPatch, *operations: str) -> None:
    fail_calls(monkeypatch, *operations, code="AccessDenied", message="Access Denied")


def test_a_denied_detail_call_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_buckets()
    _deny(monkeypatch, "GetBucketPolicy")
    live, run = _live_buckets()

    assert sorted(live) == ["example-data", "example-logs", "example-public"]
    for bucket in live.values():
        assert isinstance(bucket.policy, Unresolved)
        assert bucket.versioning_enabled is not None
        assert not isinstance(bucket.acl, Unresolved)
    assert live["example-data"].versioning_enabled is True
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "s3", "s3:GetBucketPolicy: AccessDenied: Access Denied")
    ] * 3

    findings = evaluate(builtin_registry(), run.results).findings
    policy_verdicts = {
        f.status.value for f in findings if f.check_id == "aws.s3.bucket_policy_not_public"
    }
    assert policy_verdicts == {"unknown"}
    versioning = {
        f.resource.address: f.status.value
        for f in findings
        if f.check_id == "aws.s3.bucket_versioning_enabled"
    }
    assert versioning["arn:aws:s3:::example-data"] == "passed"


def test_denied_encryption_makes_the_encryption_fields_unknown(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_buckets()
    _deny(monkeypatch, "GetBucketEncryption", "GetBucketLocation")
    live, run = _live_buckets()
    data = live["example-data"]
    assert isinstance(data.sse_algorithm, Unresolved)
    assert isinstance(data.kms_key_id, Unresolved)
    assert isinstance(data.bucket_key_enabled, Unresolved)
    # Without its location the bucket is placed in the home region, and the gap says why.
    assert isinstance(data.location, CloudLocation) and data.location.region == REGION
    reasons = sorted({g.reason for g in run.gaps})
    assert reasons == [
        "s3:GetBucketLocation: AccessDenied: Access Denied",
        "s3:GetEncryptionConfiguration: AccessDenied: Access Denied",
    ]
    findings = evaluate(builtin_registry(), run.results).findings
    assert {
        f.status.value for f in findings if f.check_id == "aws.s3.bucket_encrypted_with_kms"
    } == {"unknown"}


@pytest.mark.parametrize(
    ("grants", "acl"),
    [
        ([], "private"),
        (
            [{"Grantee": {"Type": "CanonicalUser", "ID": "x"}, "Permission": "FULL_CONTROL"}],
            "private",
        ),
        ([{"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}], "public-read"),
        (
            [
                {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"},
                {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "WRITE"},
            ],
            "public-read-write",
        ),
        (
            [{"Grantee": {"URI": ALL_USERS.replace("AllUsers", "AuthenticatedUsers")}}],
            "authenticated-read",
        ),
        (
            [{"Grantee": {"URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}}],
            "log-delivery-write",
        ),
    ],
)
def test_grants_read_as_the_canned_acl_they_amount_to(
    grants: list[dict[str, Any]], acl: str
) -> None:
    assert canned_acl(grants) == acl


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    from secfound.collect.live.collector import builtin_collectors

    _create_parity_buckets()
    _, run = _live_buckets()
    (spec,) = [s for s in builtin_collectors() if s.id == "s3.buckets"]
    # API operation -> IAM action, where S3 names them differently.
    iam_names = {
        "s3:ListBuckets": "s3:ListAllMyBuckets",
        "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
        "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
        "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    }
    called = {iam_names.get(op, op) for op in run.calls_by_operation if op not in RUN_CALLS}
    assert called == set(spec.actions)
    assert spec.scope == "global"


def test_a_denied_logging_read_never_passes(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_buckets()
    _deny(monkeypatch, "GetBucketLogging")
    _, run = _live_buckets()
    found = verdicts(run.results, "aws.s3.bucket_access_logging_enabled", attrgetter("name"))
    assert ("aws.s3.bucket_access_logging_enabled", "example-logs", "passed") not in found
    assert ("aws.s3.bucket_access_logging_enabled", "example-logs", "unknown") in found
