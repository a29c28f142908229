"""Migrations: every earlier revision upgrades to head with its data, and head is tables.py."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from store_samples import sample_report

from secfound.errors import StoreError
from secfound.store.database import open_store, store_engine, write_transaction
from secfound.store.migrate import current_revisions, revisions, script_directory, upgrade
from secfound.store.read import load_run
from secfound.store.tables import Base
from secfound.store.write import save_run


def _differences(engine: sqlalchemy.Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_revisions_form_one_line_ending_at_one_head() -> None:
    assert revisions() == ["0001", "0002", "0003"]
    assert script_directory().get_heads() == ["0003"]


def test_a_new_database_is_migrated_to_head_on_first_use(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        with engine.connect() as connection:
            assert current_revisions(connection) == ("0003",)
        assert set(sqlalchemy.inspect(engine).get_table_names()) == {
            *Base.metadata.tables,
            "alembic_version",
        }
    finally:
        engine.dispose()


def test_the_migrated_schema_equals_the_tables(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        assert _differences(engine) == []
        inspector = sqlalchemy.inspect(engine)
        for table in Base.metadata.sorted_tables:
            assert {ix["name"] for ix in inspector.get_indexes(table.name)} == {
                ix.name for ix in table.indexes
            }, table.name
            for fk in inspector.get_foreign_keys(table.name):
                column = fk["constrained_columns"][0]
                assert fk["name"] == f"fk_{table.name}_{column}_{fk['referred_table']}"
                assert fk["options"].get("ondelete") == "CASCADE"
    finally:
        engine.dispose()


def test_compare_metadata_would_notice_a_missing_index(store_url: str) -> None:
    # The comparison above can fail: drop one index and it reports the difference.
    engine = open_store(store_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP INDEX ix_findings_check_id_run_id")
        assert any("ix_findings_check_id_run_id" in repr(d) for d in _differences(engine))
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_every_earlier_revision_upgrades_to_head_keeping_its_runs(
    store_url: str, revision: str
) -> None:
    engine = store_engine(store_url)
    try:
        with write_transaction(engine) as connection:
            upgrade(connection, revision)
        with engine.connect() as connection:
            assert current_revisions(connection) == (revision,)
        stored = sample_report()
        save_run(engine, stored)
    finally:
        engine.dispose()

    engine = open_store(store_url)
    try:
        with engine.connect() as connection:
            assert current_revisions(connection) == ("0003",)
        assert load_run(engine, stored.run_id).findings == stored.findings
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_a_database_from_a_newer_secfound_is_refused(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(StoreError, match=r"revision 9999.*newer secfound"):
        open_store(store_url)


def test_decisions_stored_before_0003_become_acceptances(store_url: str) -> None:
    engine = store_engine(store_url)
    try:
        with write_transaction(engine) as connection:
            upgrade(connection, "0002")
            connection.exec_driver_sql(
                "INSERT INTO risk_acceptances (risk_id, reason, accepted_by, accepted_at) "
                "VALUES ('SF-1@db', 'known', 'alice', '2025-01-01 00:00:00+00:00')"
            )
    finally:
        engine.dispose()
    engine = open_store(store_url)
    try:
        with engine.connect() as connection:
            kinds = connection.exec_driver_sql("SELECT risk_id, kind FROM risk_acceptances")
            assert [tuple(row) for row in kinds] == [("SF-1@db", "accepted")]
    finally:
        engine.dispose()
