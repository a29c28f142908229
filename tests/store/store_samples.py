"""RunReports to store: a small one touching every column, and big ones for speed tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from secfound.checks import Severity, Status
from secfound.findings import Finding, InputError, ResourceRef, Suppression, fingerprint
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import Gap, RunReport, SeenResourceRef

START = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def _finding(
    check_id: str,
    status: Status,
    severity: Severity,
    resource: ResourceRef,
    location: Location,
    **extra: object,
) -> Finding:
    return Finding(
        check_id=check_id,
        status=status,
        severity=severity,
        message=f"{check_id} on {resource.address}: {status.value}",
        resource=resource,
        location=location,
        fingerprint=fingerprint(check_id, resource, location),
        **extra,  # type: ignore[arg-type]
    )


def sample_report(*, run_id: str | None = None, started: datetime = START) -> RunReport:
    """Findings with file and cloud locations, suppressions, gaps, errors and resources."""
    bucket = ResourceRef(type="AWS::S3::Bucket", address="aws_s3_bucket.logs")
    queue = ResourceRef(type="AWS::SQS::Queue", address="Queue")
    user = ResourceRef(type="AWS::IAM::User", address="arn:aws:iam::123456789012:user/ci")
    bucket_at = FileLocation(path="infra/main.tf", line=3, end_line=9)
    queue_at = FileLocation(path="cfn/queue.yaml", line=12)
    user_at = CloudLocation(
        account="123456789012", region="us-east-1", arn="arn:aws:iam::123456789012:user/ci"
    )
    findings = (
        _finding(
            "aws.s3.bucket_versioning_enabled", Status.FAILED, Severity.MEDIUM, bucket, bucket_at
        ),
        _finding(
            "aws.s3.bucket_blocks_public_access", Status.PASSED, Severity.HIGH, bucket, bucket_at
        ),
        _finding(
            "aws.sqs.queue_encrypted_with_kms",
            Status.FAILED,
            Severity.LOW,
            queue,
            queue_at,
            conditional=True,
            suppressed=Suppression(by="inline", reason="dev only", owner="web", until="2026-06-30"),
        ),
        _finding(
            "aws.sqs.queue_encrypted_with_kms",
            Status.FAILED,
            Severity.LOW,
            ResourceRef(type="AWS::SQS::Queue", address="Other"),
            FileLocation(path="cfn/queue.yaml", line=30),
            suppressed=Suppression(by="baseline", reason="in the baseline"),
        ),
        _finding("custom.iam.user_tagged", Status.UNKNOWN, Severity.CRITICAL, user, user_at),
        _finding(
            "aws.iam.user_has_mfa",
            Status.ERROR,
            Severity.HIGH,
            user,
            CloudLocation(account="123456789012", region="eu-west-1"),
        ),
        _finding("aws.iam.user_no_keys", Status.FAILED, Severity.CRITICAL, user, user_at),
    )
    return RunReport(
        tool_version="0.1.0",
        command="scan",
        run_id=run_id or str(uuid.uuid4()),
        started=started,
        finished=started + timedelta(seconds=2),
        roots=("/repo/infra", "/repo/cfn"),
        source_units={"terraform": 1, "cloudformation": 1},
        resource_count=3,
        checks_run=42,
        findings=findings,
        errors=(
            InputError(
                path="cfn/broken.yaml", message="mapping values not allowed", line=4, column=7
            ),
            InputError(path="cfn/empty.json", message="empty file"),
        ),
        gaps=(
            Gap(
                account="123456789012",
                region="ap-south-2",
                service="guardduty",
                reason="AccessDenied on ListDetectors",
            ),
        ),
        resources=(
            SeenResourceRef(resource=bucket, location=FileLocation(path="infra/main.tf", line=3)),
            SeenResourceRef(resource=queue, location=queue_at),
            SeenResourceRef(resource=user, location=user_at),
        ),
    )


def big_report(count: int, *, run_id: str | None = None, started: datetime = START) -> RunReport:
    """A run with ``count`` findings on as many Terraform resources."""
    findings = []
    for index in range(count):
        resource = ResourceRef(type="AWS::S3::Bucket", address=f"aws_s3_bucket.b{index}")
        location = FileLocation(path=f"mod{index % 50}/main.tf", line=index % 400 + 1)
        findings.append(
            _finding(
                "aws.s3.bucket_versioning_enabled",
                Status.FAILED if index % 3 else Status.PASSED,
                Severity.MEDIUM,
                resource,
                location,
            )
        )
    return RunReport(
        tool_version="0.1.0",
        command="scan",
        run_id=run_id or str(uuid.uuid4()),
        started=started,
        finished=started + timedelta(seconds=30),
        roots=("/repo",),
        source_units={"terraform": 50},
        resource_count=count,
        checks_run=1,
        findings=tuple(findings),
    )
