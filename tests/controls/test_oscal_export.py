"""``secfound controls export --oscal DIR`` on a stored run: every file validates against
compliance-trestle's OSCAL models, its references resolve, the states are right, and two
exports of the same data are identical."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from trestle.oscal import assessment_results, catalog, poam, profile

from secfound.checks import Severity, Status
from secfound.cli.main import main
from secfound.controls.frameworks import load_frameworks
from secfound.controls.objectives import load_objectives
from secfound.controls.oscal.common import NS, OSCAL_VERSION
from secfound.findings import Finding, ResourceRef, Suppression, fingerprint
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import RunReport, SeenResourceRef
from secfound.store.attestations import add_attestation
from secfound.store.database import open_store
from secfound.store.write import save_run

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PINNED = "2026-03-02T12:00:00+00:00"
ACCOUNT = "123456789012"
FAILING = "data-recoverable-after-deletion"  # aws.s3.bucket_versioning_enabled fails
PASSING = "data-in-transit-encrypted"  # aws.s3.bucket_policy_requires_tls passes; no manual part
UNKNOWN = "permissions-managed-centrally"  # aws.s3.bucket_acls_disabled is unknown
EXPIRED = "data-access-logged"  # its attestation expired before PINNED; no finding
MODELS = {
    "catalog.json": catalog.Model,
    "assessment-results.json": assessment_results.Model,
    "poam.json": poam.Model,
}


def _finding(
    check_id: str, status: Status, ref: ResourceRef, where: Location, *, suppressed: bool = False
) -> Finding:
    return Finding(
        check_id=check_id,
        status=status,
        severity=Severity.MEDIUM,
        message=f"{ref.address}: {status.value}",
        resource=ref,
        location=where,
        fingerprint=fingerprint(check_id, ref, where),
        suppressed=Suppression(by="config", reason="accepted") if suppressed else None,
    )


def _report(command: str, started: datetime, findings: list[Finding]) -> RunReport:
    refs = dict.fromkeys((f.resource, f.location) for f in findings)
    return RunReport(
        tool_version="0.1.0",
        command=command,
        run_id=str(uuid.uuid4()),
        started=started,
        finished=started + timedelta(seconds=5),
        roots=("/repo/infra",) if command == "scan" else (),
        source_units={},
        resource_count=len(refs),
        checks_run=4,
        findings=tuple(findings),
        resources=tuple(SeenResourceRef(resource=r, location=w) for r, w in refs),
    )


@pytest.fixture
def db(sqlite_url: str) -> str:
    """A scan (one bucket failing versioning, passing TLS, unknown ACLs; another bucket's
    versioning failure suppressed) and an assessment (a live bucket failing versioning)."""
    engine = open_store(sqlite_url)
    bucket = ResourceRef(type="AWS::S3::Bucket", address="aws_s3_bucket.logs")
    here = FileLocation(path="infra/main.tf", line=3)
    other = ResourceRef(type="AWS::S3::Bucket", address="aws_s3_bucket.scratch")
    there = FileLocation(path="infra/main.tf", line=9)
    arn = "arn:aws:s3:::assets"
    live = ResourceRef(type="AWS::S3::Bucket", address=arn)
    cloud = CloudLocation(account=ACCOUNT, region="us-east-1", arn=arn)
    scan = [
        _finding("aws.s3.bucket_versioning_enabled", Status.FAILED, bucket, here),
        _finding("aws.s3.bucket_policy_requires_tls", Status.PASSED, bucket, here),
        _finding("aws.s3.bucket_acls_disabled", Status.UNKNOWN, bucket, here),
        _finding("aws.s3.bucket_versioning_enabled", Status.FAILED, other, there, suppressed=True),
        _finding("aws.s3.bucket_policy_requires_tls", Status.PASSED, other, there),
    ]
    assess = [
        _finding("aws.s3.bucket_versioning_enabled", Status.FAILED, live, cloud),
        _finding("aws.s3.bucket_policy_requires_tls", Status.PASSED, live, cloud),
    ]
    save_run(engine, _report("scan", T0, scan))
    save_run(engine, _report("assess", T0 + timedelta(hours=1), assess))
    add_attestation(
        engine,
        objective_id=EXPIRED,
        attested_by="alice",
        expires_on=date(2026, 2, 1),
        evidence_uri="https://tickets.example/SEC-1",
        now=T0 - timedelta(days=60),
    )
    engine.dispose()
    return sqlite_url


def _export(*args: str) -> Result:
    return CliRunner().invoke(main, ["controls", "export", *args], catch_exceptions=False)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _validate(path: Path) -> dict[str, Any]:
    """The document, after compliance-trestle's pydantic models accepted it."""
    model = profile.Model if path.name.startswith("profile-") else MODELS[path.name]
    document = _load(path)
    model.model_validate(document)
    return document


@pytest.fixture(autouse=True)
def _outside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .secfound.yaml of the checkout applies (the catalog is the packaged one)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def exported(db: str, tmp_path: Path) -> Path:
    out = tmp_path / "oscal"
    done = _export("--oscal", str(out), "--db", db, "--timestamp", PINNED)
    assert done.exit_code == 0, done.output
    return out


def test_every_file_validates_against_the_oscal_models(exported: Path) -> None:
    frameworks = [f.id for f in load_frameworks()]
    expected = {"catalog.json", "assessment-results.json", "poam.json"}
    expected |= {f"profile-{framework}.json" for framework in frameworks}
    assert {p.name for p in exported.iterdir()} == expected
    for path in exported.iterdir():
        document = _validate(path)
        (root,) = document.values()
        assert root["metadata"]["oscal-version"] == OSCAL_VERSION
        assert root["metadata"]["last-modified"] == "2026-03-02T12:00:00Z"


def test_profiles_include_only_controls_of_the_catalog(exported: Path) -> None:
    controls = {
        control["id"]
        for group in _load(exported / "catalog.json")["catalog"]["groups"]
        for control in group["controls"]
    }
    assert controls == set(load_objectives())
    for framework in load_frameworks():
        document = _load(exported / f"profile-{framework.id}.json")["profile"]
        (imported,) = document["imports"]
        assert imported["href"] == "catalog.json"
        included = {i for s in imported.get("include-controls", ()) for i in s["with-ids"]}
        assert included <= controls
        altered = {alter["control-id"] for alter in document.get("modify", {}).get("alters", ())}
        assert altered == included
        # Every requirement is either carried by an included control or listed as not covered.
        carried = {
            p["value"]
            for alter in document.get("modify", {}).get("alters", ())
            for add in alter["adds"]
            for p in add["props"]
            if p["name"] == "requirement" and p["ns"] == NS
        }
        missing = {
            p["value"]
            for p in document["metadata"]["props"]
            if p["name"] == "requirement-not-covered"
        }
        assert carried | missing == {r.id for r in framework.requirements}
        assert not carried & missing
        assert missing == {r.id for r in framework.requirements if not r.covered}


def test_findings_and_observations_reference_each_other(exported: Path) -> None:
    document = _load(exported / "assessment-results.json")["assessment-results"]
    resources = {r["uuid"] for r in document["back-matter"]["resources"]}
    assert document["import-ap"]["href"].removeprefix("#") in resources
    (result,) = document["results"]
    observations = {o["uuid"] for o in result["observations"]}
    assert len(observations) == len(result["observations"]) == 7  # one per stored finding
    subjects = {item["uuid"] for item in result["local-definitions"]["inventory-items"]}
    tools = {c["uuid"] for c in result["local-definitions"]["components"]}
    for item in result["observations"]:
        assert item["methods"] == ["TEST"]
        assert {s["subject-uuid"] for s in item["subjects"]} <= subjects
        assert {a["actor-uuid"] for o in item["origins"] for a in o["actors"]} <= tools
    referenced = {
        r["observation-uuid"] for f in result["findings"] for r in f.get("related-observations", ())
    }
    assert referenced <= observations
    assert len(result["findings"]) == len(load_objectives())
    assert len(result["assessment-log"]["entries"]) == 2


def _targets(exported: Path) -> dict[str, dict[str, Any]]:
    (result,) = _load(exported / "assessment-results.json")["assessment-results"]["results"]
    return {f["target"]["target-id"]: f for f in result["findings"]}


def test_failing_and_passing_objectives_become_not_satisfied_and_satisfied(
    exported: Path,
) -> None:
    findings = _targets(exported)
    failing = findings[FAILING]
    assert failing["target"]["status"] == {"state": "not-satisfied", "reason": "fail"}
    # The live failure and the unsuppressed scan failure; the suppressed one is an exception.
    props = {p["name"]: p["value"] for p in failing["props"]}
    assert (props["failed"], props["suppressed"]) == ("2", "1")
    assert findings[PASSING]["target"]["status"] == {"state": "satisfied", "reason": "pass"}
    assert len(findings[PASSING]["related-observations"]) == 3
    # Unknown is never a pass; not applicable claims neither.
    assert findings[UNKNOWN]["target"]["status"] == {"state": "not-satisfied", "reason": "other"}
    states = {f["target"]["props"][0]["value"] for f in findings.values()}
    assert {"failing", "passing", "unknown", "not applicable"} <= states
    for item in findings.values():
        if item["target"]["props"][0]["value"] == "not applicable":
            assert "status" not in item["target"]
            assert item["target"]["implementation-status"] == {"state": "not-applicable"}


def test_the_poam_lists_exactly_the_failing_objectives(exported: Path) -> None:
    document = _validate(exported / "poam.json")["plan-of-action-and-milestones"]
    failing = {
        objective
        for objective, item in _targets(exported).items()
        if item["target"]["props"][0]["value"] == "failing"
    }
    assert failing == {FAILING, EXPIRED}
    items = {
        next(p["value"] for p in item["props"] if p["name"] == "objective"): item
        for item in document["poam-items"]
    }
    assert set(items) == failing
    observations = {o["uuid"] for o in document["observations"]}
    risks = {r["uuid"]: r for r in document["risks"]}
    for item in items.values():
        assert {r["observation-uuid"] for r in item.get("related-observations", ())} <= observations
        assert {r["risk-uuid"] for r in item["related-risks"]} <= set(risks)
    assert all(risk["status"] == "open" for risk in risks.values())
    # The two unsuppressed failing resources, with the UUIDs the assessment results give them.
    assert len(items[FAILING]["related-observations"]) == 2
    (result,) = _load(exported / "assessment-results.json")["assessment-results"]["results"]
    assert observations <= {o["uuid"] for o in result["observations"]}
    # An expired attestation: re-attesting falls to the one who attested.
    owner = [p["value"] for p in items[EXPIRED]["props"] if p["name"] == "owner"]
    assert owner == ["alice"]


def test_two_exports_of_the_same_data_are_identical(
    db: str, exported: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    assert _export("--oscal", str(again), "--db", db, "--timestamp", PINNED).exit_code == 0
    for path in exported.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    later = tmp_path / "later"
    pinned = "2026-03-02T18:00:00+00:00"  # same day: only last-modified may differ
    assert _export("--oscal", str(later), "--db", db, "--timestamp", pinned).exit_code == 0
    for path in exported.iterdir():
        first, second = _load(path), _load(later / path.name)
        (root,) = second.values()
        assert root["metadata"].pop("last-modified") == "2026-03-02T18:00:00Z"
        (root,) = first.values()
        root["metadata"].pop("last-modified")
        assert first == second, path.name


def test_named_frameworks_and_the_printed_summary(db: str, tmp_path: Path) -> None:
    out = tmp_path / "one"
    done = _export("--oscal", str(out), "--db", db, "--framework", "wa-sec01")
    assert done.exit_code == 0, done.output
    assert {p.name for p in out.iterdir()} == {
        "catalog.json",
        "profile-wa-sec01.json",
        "assessment-results.json",
        "poam.json",
    }
    assert f"wrote {out / 'poam.json'}" in done.output
    assert "2 failing objectives" in done.output


def test_no_failure_means_no_poam_and_a_stale_one_is_removed(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = open_store(sqlite_url)
    bucket = ResourceRef(type="AWS::S3::Bucket", address="aws_s3_bucket.logs")
    here = FileLocation(path="infra/main.tf", line=3)
    passing = [_finding("aws.s3.bucket_policy_requires_tls", Status.PASSED, bucket, here)]
    save_run(engine, _report("scan", T0, passing))
    engine.dispose()
    out = tmp_path / "oscal"
    out.mkdir()
    (out / "poam.json").write_text("{}")
    done = _export("--oscal", str(out), "--db", sqlite_url)
    assert done.exit_code == 0, done.output
    assert not (out / "poam.json").exists()
    assert f"removed {out / 'poam.json'}" in done.output
    _validate(out / "assessment-results.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--framework", "no-such-framework"), "no framework 'no-such-framework'; known: "),
        (("--timestamp", "yesterday"), "--timestamp 'yesterday' is not an ISO date-time"),
        (("--run", "abc"), "too short"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    db: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = CliRunner().invoke(
        main, ["controls", "export", "--oscal", str(tmp_path / "x"), "--db", db, *args]
    )
    assert done.exit_code == 2
    (line,) = done.stderr.strip().splitlines()[-1:]
    assert message in line


def test_an_empty_store_still_gets_the_catalog_and_profiles(
    sqlite_url: str, tmp_path: Path
) -> None:
    open_store(sqlite_url).dispose()
    out = tmp_path / "oscal"
    done = CliRunner().invoke(main, ["controls", "export", "--oscal", str(out), "--db", sqlite_url])
    assert done.exit_code == 2
    assert "no runs are stored yet" in done.stderr
    assert (out / "catalog.json").exists()
    assert not (out / "assessment-results.json").exists()
    only = tmp_path / "catalog-only"
    done = _export("--oscal", str(only), "--catalog-only")  # no store at all
    assert done.exit_code == 0, done.output
    assert {p.name for p in only.iterdir()} == {"catalog.json"} | {
        f"profile-{f.id}.json" for f in load_frameworks()
    }
    for path in only.iterdir():
        _validate(path)
