"""Evidence for control status: the latest stored run per resource, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from secfound.checks import Severity, Status
from secfound.controls.status import ObjectiveInput, evaluate
from secfound.findings import Finding, ResourceRef, Suppression, fingerprint
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import Gap, RunReport, SeenResourceRef
from secfound.store.attestations import add_attestation, list_attestations
from secfound.store.database import open_store
from secfound.store.evidence import latest_evidence
from secfound.store.write import save_run

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CHECK = "aws.s3.bucket_versioning_enabled"
ACCOUNT = "123456789012"


def bucket_arn(name: str) -> str:
    return f"arn:aws:s3:::{name}"


def iac(address: str, path: str = "infra/main.tf") -> tuple[ResourceRef, Location]:
    return ResourceRef(type="AWS::S3::Bucket", address=address), FileLocation(path=path, line=3)


def live(name: str, region: str = "us-east-1") -> tuple[ResourceRef, Location]:
    arn = bucket_arn(name)
    return ResourceRef(type="AWS::S3::Bucket", address=arn), CloudLocation(
        account=ACCOUNT, region=region, arn=arn
    )


def run(
    command: str,
    started: datetime,
    results: list[tuple[tuple[ResourceRef, Location], Status]],
    *,
    roots: tuple[str, ...] = ("/repo/infra",),
    gaps: tuple[Gap, ...] = (),
    suppressed: bool = False,
) -> RunReport:
    findings = tuple(
        Finding(
            check_id=CHECK,
            status=status,
            severity=Severity.MEDIUM,
            message=f"{ref.address}: {status.value}",
            resource=ref,
            location=where,
            fingerprint=fingerprint(CHECK, ref, where),
            suppressed=Suppression(by="config", reason="accepted") if suppressed else None,
        )
        for (ref, where), status in results
    )
    return RunReport(
        tool_version="0.1.0",
        command=command,
        run_id=str(uuid.uuid4()),
        started=started,
        finished=started + timedelta(seconds=5),
        roots=roots if command == "scan" else (),
        source_units={},
        resource_count=len(results),
        checks_run=1,
        findings=findings,
        gaps=gaps,
        resources=tuple(
            SeenResourceRef(resource=ref, location=where) for (ref, where), _ in results
        ),
    )


def states(engine: object, **kwargs: object) -> dict[str, str]:
    found = latest_evidence(engine, **kwargs)  # type: ignore[arg-type]
    return {f.resource.split(" ")[0]: f.status for f in found.findings}


def test_an_older_run_of_the_same_scope_is_superseded(store_url: str) -> None:
    engine = open_store(store_url)
    save_run(
        engine,
        run(
            "scan",
            T0,
            [(iac("aws_s3_bucket.a"), Status.FAILED), (iac("aws_s3_bucket.gone"), Status.FAILED)],
        ),
    )
    save_run(engine, run("scan", T0 + timedelta(days=1), [(iac("aws_s3_bucket.a"), Status.PASSED)]))
    # The bucket deleted since the first run no longer counts.
    assert states(engine) == {"aws_s3_bucket.a": "passed"}


def test_scopes_combine_and_the_latest_run_covering_a_resource_wins(store_url: str) -> None:
    engine = open_store(store_url)
    org = run(
        "assess",
        T0,
        [(live("logs"), Status.FAILED), (live("assets", "eu-west-1"), Status.FAILED)],
    )
    one_region = run("assess", T0 + timedelta(hours=2), [(live("logs"), Status.PASSED)])
    scan = run("scan", T0 + timedelta(hours=1), [(iac("aws_s3_bucket.a"), Status.FAILED)])
    for report in (org, one_region, scan):
        save_run(engine, report)
    found = latest_evidence(engine)
    assert {r.id for r in found.runs} == {org.run_id, one_region.run_id, scan.run_id}
    by_resource = {f.resource: (f.status, f.run_id) for f in found.findings}
    assert by_resource[bucket_arn("logs")] == ("passed", one_region.run_id)
    assert by_resource[bucket_arn("assets")] == ("failed", org.run_id)
    assert by_resource["aws_s3_bucket.a (infra/main.tf:3)"] == ("failed", scan.run_id)


def test_until_and_runs_narrow_the_evidence(store_url: str) -> None:
    engine = open_store(store_url)
    first = run("scan", T0, [(iac("aws_s3_bucket.a"), Status.FAILED)])
    second = run("scan", T0 + timedelta(days=3), [(iac("aws_s3_bucket.a"), Status.PASSED)])
    save_run(engine, first)
    save_run(engine, second)
    assert states(engine, until=T0 + timedelta(days=1)) == {"aws_s3_bucket.a": "failed"}
    assert states(engine, runs=(first.run_id,)) == {"aws_s3_bucket.a": "failed"}
    assert states(engine) == {"aws_s3_bucket.a": "passed"}


def test_gap_services_and_suppressions_reach_the_evidence(store_url: str) -> None:
    engine = open_store(store_url)
    gap = Gap(account=ACCOUNT, region="eu-west-1", service="s3", reason="AccessDenied")
    save_run(
        engine, run("assess", T0, [(live("logs"), Status.FAILED)], gaps=(gap,), suppressed=True)
    )
    found = latest_evidence(engine)
    assert found.runs[0].gap_services == frozenset({"s3"})
    assert found.findings[0].suppressed is True
    objective = ObjectiveInput(
        id="o", title="o", checks=("aws.ec2.other",), services=frozenset({"s3"})
    )
    status = evaluate([objective], found, {}, today=date(2026, 3, 2)).objectives[0]
    assert str(status.state) == "unknown"


def test_no_runs_is_empty_evidence(store_url: str) -> None:
    engine = open_store(store_url)
    found = latest_evidence(engine)
    assert found.runs == () and found.findings == ()


def test_attestations_are_kept_in_order_and_never_replaced(store_url: str) -> None:
    engine = open_store(store_url)
    add_attestation(
        engine,
        objective_id="network-rules-reviewable",
        attested_by="alice",
        expires_on=date(2026, 12, 31),
        evidence_uri="https://tickets.example/1",
        now=T0,
    )
    add_attestation(
        engine,
        objective_id="network-rules-reviewable",
        attested_by="bob",
        expires_on=None,
        evidence_uri=None,
        statement="reviewed",
        now=T0 + timedelta(days=1),
    )
    records = list_attestations(engine)
    assert [(r.attested_by, r.expires_on) for r in records] == [
        ("alice", date(2026, 12, 31)),
        ("bob", None),
    ]
    assert records[0].attested_at == T0
    assert list_attestations(engine, "other") == []
    # --as-of: what had been attested by then, not what came later.
    then = list_attestations(engine, until=T0 + timedelta(hours=12))
    assert [r.attested_by for r in then] == ["alice"]


def test_a_run_of_some_checks_does_not_speak_for_the_others(store_url: str) -> None:
    from secfound.store.write import default_scope, selection_scope

    engine = open_store(store_url)
    bucket = iac("aws_s3_bucket.a")
    full = run("scan", T0, [(bucket, Status.FAILED)])
    save_run(engine, full)
    other = "aws.s3.bucket_blocks_public_access"
    filtered = run("scan", T0 + timedelta(days=1), [])
    ref, where = bucket
    passing = Finding(
        check_id=other,
        status=Status.PASSED,
        severity=Severity.HIGH,
        message="blocked",
        resource=ref,
        location=where,
        fingerprint=fingerprint(other, ref, where),
    )
    from dataclasses import replace

    filtered = replace(
        filtered,
        findings=(passing,),
        resources=(SeenResourceRef(resource=ref, location=where),),
    )
    scope = [*default_scope(filtered), *selection_scope([other], [])]
    save_run(engine, filtered, scope=scope)
    found = latest_evidence(engine)
    by_check = {f.check_id: (f.status, f.run_id) for f in found.findings}
    # The versioning verdict still comes from the full run; the filtered run adds its own.
    assert by_check == {CHECK: ("failed", full.run_id), other: ("passed", filtered.run_id)}
