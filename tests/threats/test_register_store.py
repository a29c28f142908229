"""The register in the store (SQLite and PostgreSQL): decisions, snapshots, history; and the
pure register: sorting, counts, CSV, JSON, diff."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from threat_register_samples import OBJECTIVES, TODAY, evidence, finding, threat

from secfound.errors import StoreError
from secfound.store.database import open_store
from secfound.store.threats import (
    add_decision,
    list_decisions,
    load_register,
    register_history,
    save_register,
)
from secfound.threats.register import (
    CSV_COLUMNS,
    Register,
    diff_threats,
    facts_of_entries,
    facts_of_threats,
    register_csv,
    register_document,
    register_from_scored,
)
from secfound.threats.scoring import score_threats

CREATED = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def sample_register(created: datetime = CREATED) -> Register:
    threats = [
        threat(element="orders-db"),  # one of two passing: residual 15
        threat(("aws_db_instance.audit",), element="audit-db", impact=2),  # no evidence: 8
        threat(("cache",), element="cache", likelihood=3, mitigations=("encrypted",)),  # 15
        threat(("aws_s3_bucket.site",), element="site", impact=1),  # one of two: 3
    ]
    found = evidence(
        finding("c.encrypted"),
        finding("c.backup", "failed"),
        finding("c.encrypted", address="aws_s3_bucket.site"),
    )
    scored = score_threats(
        threats, objectives=OBJECTIVES, evidence=found, attestations={}, today=TODAY
    )
    return register_from_scored(
        scored,
        model_name="orders",
        model_sha256="ab" * 32,
        created=created,
        as_of=TODAY,
        evidence_runs=["run-scan"],
    )


def test_entries_sort_by_residual_then_inherent_then_id() -> None:
    register = sample_register()
    order = [(e.threat_id, e.residual, e.inherent) for e in register.entries]
    assert order == [
        ("SF-DS-001@orders-db", 15, 20),
        ("SF-DS-001@cache", 15, 15),
        ("SF-DS-001@audit-db", 8, 8),
        ("SF-DS-001@site", 3, 4),
    ]
    assert register.counts()["open"] == 4
    assert register.total_residual == 41


def test_csv_has_one_row_per_threat_and_the_documented_columns() -> None:
    register = sample_register()
    rows = list(csv.DictReader(io.StringIO(register_csv(register))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["id"] for row in rows] == [e.threat_id for e in register.entries]
    first = rows[0]
    assert (first["residual"], first["residual_band"], first["status"]) == ("15", "high", "open")
    assert first["objectives"] == "encrypted=passing; backed-up=failing"
    assert first["failing_resources"] == "aws_db_instance.orders (c.backup)"
    assert first["evidence_runs"] == "run-scan"


def test_csv_cells_never_start_a_formula() -> None:
    register = sample_register()
    entry = replace(register.entries[0], title="=HYPERLINK(1)", notes=("@SUM(1)",))
    rows = list(csv.DictReader(io.StringIO(register_csv(replace(register, entries=(entry,))))))
    assert rows[0]["title"] == "'=HYPERLINK(1)"
    assert rows[0]["notes"] == "'@SUM(1)"


def test_json_document() -> None:
    document = register_document(sample_register())
    assert document["schema_version"] == 1
    assert document["register"]["counts"]["open"] == 4
    assert document["register"]["total_residual"] == 41
    first = document["threats"][0]
    assert first["id"] == "SF-DS-001@orders-db"
    assert first["objectives"][1]["failing"][0]["run"] == "run-scan"


def test_a_snapshot_round_trips_and_keeps_history(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        first = sample_register()
        first_id = save_register(engine, first)
        second = sample_register(CREATED + timedelta(days=1))
        second_id = save_register(engine, replace(second, model_name="other"))
        loaded = load_register(engine, first_id)
        assert loaded is not None
        assert loaded.id == first_id
        assert loaded.entries == first.entries
        assert (loaded.created, loaded.as_of, loaded.evidence_runs) == (
            CREATED,
            TODAY,
            ("run-scan",),
        )
        latest = load_register(engine)
        assert latest is not None and latest.id == second_id
        by_model = load_register(engine, model_name="orders")
        assert by_model is not None and by_model.id == first_id
        assert load_register(engine, first_id[:8]) is not None
        with pytest.raises(StoreError, match="no threat register snapshot"):
            load_register(engine, "ffffffff")
        history = register_history(engine)
        assert [h.id for h in history] == [first_id, second_id]
        assert history[0].counts == {
            "open": 4,
            "mitigated": 0,
            "accepted": 0,
            "transferred": 0,
            "false-positive": 0,
        }
        assert (history[0].threats, history[0].total_residual) == (4, 41)
        assert [h.id for h in register_history(engine, "other")] == [second_id]
    finally:
        engine.dispose()


def test_an_empty_store_has_no_register(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        assert load_register(engine) is None
        assert register_history(engine) == []
    finally:
        engine.dispose()


def test_decisions_are_kept_with_their_kind(store_url: str) -> None:
    engine = open_store(store_url)
    try:
        add_decision(
            engine,
            threat_id="SF-DS-001@orders-db",
            kind="accepted",
            by="alice",
            reason="backups",
            until=date(2026, 6, 30),
            now=CREATED,
        )
        add_decision(
            engine,
            threat_id="SF-DS-001@orders-db",
            kind="false-positive",
            by="bob",
            reason="no disk",
            until=date(2026, 12, 31),
            now=CREATED + timedelta(hours=1),
        )
        add_decision(
            engine,
            threat_id="SF-NET-001@lb",
            kind="transferred",
            by="carol",
            reason="provider",
            until=date(2027, 1, 1),
            now=CREATED,
        )
        decisions = list_decisions(engine, "SF-DS-001@orders-db")
        assert [(d.kind, d.by, d.until) for d in decisions] == [
            ("accepted", "alice", date(2026, 6, 30)),
            ("false-positive", "bob", date(2026, 12, 31)),
        ]
        assert decisions[1].recorded_at == CREATED + timedelta(hours=1)
        assert {d.threat_id for d in list_decisions(engine)} == {
            "SF-DS-001@orders-db",
            "SF-NET-001@lb",
        }
        # The newest decision sets the status when the register is scored.
        (scored,) = score_threats(
            [threat()],
            objectives=OBJECTIVES,
            evidence=evidence(),
            attestations={},
            decisions=decisions,
            today=TODAY,
        )
        assert scored.status == "false-positive"
        with pytest.raises(ValueError, match="unknown decision kind"):
            add_decision(
                engine,
                threat_id="x@y",
                kind="ignored",
                by="a",
                reason="r",
                until=date(2027, 1, 1),
            )
    finally:
        engine.dispose()


def test_diff_by_id() -> None:
    old = facts_of_threats([threat(element="a"), threat(element="b"), threat(element="c")])
    new = facts_of_threats(
        [threat(element="b", impact=2), threat(element="c"), threat(element="d")]
    )
    changes = diff_threats(old, new)
    assert [f.id for f in changes.added] == ["SF-DS-001@d"]
    assert [f.id for f in changes.removed] == ["SF-DS-001@a"]
    assert [(c.id, c.fields) for c in changes.changed] == [("SF-DS-001@b", (("impact", 5, 2),))]
    assert changes.unchanged == 1
    # A stored snapshot compares the same way.
    stored = facts_of_entries(sample_register().entries)
    assert diff_threats(stored, stored).unchanged == 4
