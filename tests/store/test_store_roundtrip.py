"""Storing a run and reading it back: every column, counts, scope, and run id lookups."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy
from store_samples import START, big_report, sample_report

from secfound.errors import RunNotFoundError, StoreError
from secfound.findings import ResourceRef
from secfound.model.location import CloudLocation, FileLocation
from secfound.report.model import Gap, SeenResourceRef
from secfound.store.database import mask_url, open_store
from secfound.store.read import latest_run_id, load_run, resolve_run_id
from secfound.store.tables import Run
from secfound.store.write import save_run, scope_key


@pytest.fixture
def engine(store_url: str) -> Iterator[sqlalchemy.Engine]:
    engine = open_store(store_url)
    yield engine
    engine.dispose()


def test_a_run_reads_back_as_it_was_stored(engine: sqlalchemy.Engine) -> None:
    stored = sample_report()
    assert save_run(engine, stored) == stored.run_id
    loaded = load_run(engine, stored.run_id)
    assert loaded.findings == stored.findings
    assert loaded.errors == stored.errors
    assert loaded.gaps == stored.gaps
    assert loaded.resources == stored.resources
    assert loaded.started == stored.started
    assert loaded.finished == stored.finished
    assert loaded.started.utcoffset() == timedelta(0)
    assert (loaded.command, loaded.tool_version, loaded.run_id) == ("scan", "0.1.0", stored.run_id)
    assert loaded.roots == ("/repo/cfn", "/repo/infra")
    assert loaded.source_units == {"terraform": 1, "cloudformation": 1}
    assert (loaded.resource_count, loaded.checks_run) == (3, 42)
    assert loaded.summary() == stored.summary()
    # Titles come from the built-in registry where it knows the check.
    assert "aws.s3.bucket_versioning_enabled" in loaded.titles
    assert "custom.iam.user_tagged" not in loaded.titles


def test_the_run_row_carries_counts_and_scope(engine: sqlalchemy.Engine) -> None:
    stored = sample_report()
    save_run(engine, stored)
    with engine.connect() as connection:
        row = connection.execute(sqlalchemy.select(Run.__table__)).one()
    assert row.scope == ["/repo/cfn", "/repo/infra"]
    expected_key = hashlib.sha256(b'["/repo/cfn","/repo/infra"]').hexdigest()
    assert row.scope_key == expected_key == scope_key(["/repo/cfn", "/repo/infra"])
    assert (row.passed, row.failed, row.unknown, row.errored, row.suppressed) == (1, 2, 1, 1, 2)
    assert (row.failed_critical, row.failed_high, row.failed_medium) == (1, 0, 1)
    assert (row.failed_low, row.failed_info) == (0, 0)
    assert (row.input_errors, row.gaps, row.resource_count) == (2, 1, 3)
    assert row.sources == {"terraform": 1, "cloudformation": 1}


def test_live_runs_are_scoped_by_account_and_region(engine: sqlalchemy.Engine) -> None:
    live = replace(sample_report(), command="assess", roots=())
    save_run(engine, live)
    explicit = replace(sample_report(), command="assess")
    save_run(engine, explicit, scope=["222222222222/us-east-1", "111111111111/eu-west-1"])
    with engine.connect() as connection:
        scopes = {row.id: row.scope for row in connection.execute(sqlalchemy.select(Run.__table__))}
    assert scopes[live.run_id] == [
        "123456789012/ap-south-2",
        "123456789012/eu-west-1",
        "123456789012/us-east-1",
    ]
    assert scopes[explicit.run_id] == ["111111111111/eu-west-1", "222222222222/us-east-1"]
    assert load_run(engine, live.run_id).roots == ()


def test_cloud_and_file_resources_keep_their_place(engine: sqlalchemy.Engine) -> None:
    seen = (
        SeenResourceRef(
            resource=ResourceRef(type="AWS::KMS::Key", address="arn:aws:kms:eu-west-1:1:key/x"),
            location=CloudLocation(account="111111111111", region="eu-west-1", arn=None),
        ),
        SeenResourceRef(
            resource=ResourceRef(type="AWS::S3::Bucket", address="B"),
            location=FileLocation(path="t.yaml"),
        ),
    )
    report = replace(
        sample_report(),
        resources=seen,
        gaps=(Gap(account="1", region="r", service="s", reason="x"),),
    )
    save_run(engine, report)
    assert load_run(engine, report.run_id).resources == seen


def test_run_ids_resolve_by_prefix(engine: sqlalchemy.Engine) -> None:
    first = sample_report(run_id="abcdef01-0000-4000-8000-000000000001")
    second = sample_report(
        run_id="abcdef02-0000-4000-8000-000000000002", started=START + timedelta(hours=1)
    )
    save_run(engine, first)
    save_run(engine, second)
    assert resolve_run_id(engine, "abcdef01") == first.run_id
    assert resolve_run_id(engine, "ABCDEF02-0000") == second.run_id
    assert load_run(engine, "abcdef02").run_id == second.run_id
    assert latest_run_id(engine) == second.run_id
    with pytest.raises(RunNotFoundError, match="ambiguous"):
        resolve_run_id(engine, "abcdef0")
    with pytest.raises(RunNotFoundError, match="no stored run"):
        resolve_run_id(engine, "ffffff")
    with pytest.raises(RunNotFoundError, match="at least 6"):
        resolve_run_id(engine, "abcde")
    with pytest.raises(RunNotFoundError, match="no stored run"):
        resolve_run_id(engine, "abcde_")  # LIKE wildcards are taken literally
    assert RunNotFoundError("x").exit_code == 2
    assert issubclass(RunNotFoundError, StoreError)


def test_an_empty_store_has_no_latest_run(engine: sqlalchemy.Engine) -> None:
    assert latest_run_id(engine) is None


def test_deleting_a_run_deletes_what_hangs_off_it(engine: sqlalchemy.Engine) -> None:
    stored = sample_report()
    kept = sample_report()
    save_run(engine, stored)
    save_run(engine, kept)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.delete(Run.__table__).where(Run.id == stored.run_id))
    with engine.connect() as connection:
        for table in ("findings", "resources", "gaps", "input_errors"):
            counts = dict(
                connection.execute(
                    sqlalchemy.text(f"SELECT run_id, count(*) FROM {table} GROUP BY run_id")
                ).all()
            )
            assert stored.run_id not in counts, table
            assert counts[kept.run_id] > 0, table


def test_a_failed_write_leaves_nothing(engine: sqlalchemy.Engine) -> None:
    stored = sample_report()
    save_run(engine, stored)
    again = replace(sample_report(), run_id=stored.run_id)  # primary key clash, at the end
    with pytest.raises(StoreError, match=f"cannot store run {stored.run_id} in the database"):
        save_run(engine, again)
    assert load_run(engine, stored.run_id).findings == stored.findings


def test_a_hundred_thousand_findings_store_in_seconds_on_sqlite(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    report = big_report(100_000)
    began = time.perf_counter()
    save_run(engine, report)
    took = time.perf_counter() - began
    with engine.connect() as connection:
        count = connection.execute(sqlalchemy.text("SELECT count(*) FROM findings")).scalar()
    engine.dispose()
    assert count == 100_000
    assert took < 10, f"storing 100k findings took {took:.1f}s"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://alice:s3cret@db.example/evidence", "alice:***@db.example"),
        ("sqlite:////var/lib/secfound/runs.db", "sqlite:////var/lib/secfound/runs.db"),
        ("not a url://bob:pw@host", "bob:***@host"),
    ],
)
def test_passwords_never_show(url: str, shown: str) -> None:
    masked = mask_url(url)
    assert shown in masked
    assert "s3cret" not in masked
    assert ":pw@" not in masked


def test_an_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://alice:s3cret@127.0.0.1:1/nothing")
    message = str(caught.value)
    assert message.startswith(
        "cannot open the database postgresql+psycopg://alice:***@127.0.0.1:1/nothing: "
    )
    assert "s3cret" not in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("nonsense", "not a database URL"),
        ("oracle+nodriver://x/y", "unknown database kind"),
    ],
)
def test_wrong_urls_say_why(url: str, reason: str) -> None:
    with pytest.raises(StoreError, match=reason):
        open_store(url)


def test_scope_key_is_the_canonical_json_digest() -> None:
    assert scope_key([]) == hashlib.sha256(json.dumps([]).encode()).hexdigest()
