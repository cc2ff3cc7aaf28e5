"""Audits are zero on a clean warehouse and catch rows planted behind the loader's back."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.audits import audit_rows, run_audits
from warehouse.paths import WarehousePaths


def plant(warehouse: Path, sql: str) -> None:
    con = duckdb.connect(str(WarehousePaths.of(warehouse).db))
    try:
        con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_clean_warehouse_passes_every_audit(loaded: Path) -> None:
    results = run_audits(loaded)
    assert results and set(results.values()) == {0}


@pytest.mark.parametrize(
    ("audit", "sql"),
    [
        (
            # the same coding under a second id: ids are not deterministic
            "duplicate_event_coding",
            "INSERT INTO events SELECT * REPLACE ('ffffffffffffffffffff' AS event_id) FROM events"
            " WHERE event_type = 'Battles'",
        ),
        (
            "duplicate_article_text",
            "INSERT INTO articles SELECT * REPLACE (repeat('e', 64) AS article_id) FROM articles LIMIT 1",
        ),
        (
            "events_without_article",
            "INSERT INTO events SELECT * REPLACE ('eeeeeeeeeeeeeeeeeeee' AS event_id, repeat('0', 64)"
            " AS article_id) FROM events LIMIT 1",
        ),
        ("runs_unbalanced", "UPDATE runs SET articles_in = articles_in + 1"),
        ("rows_without_complete_run", "UPDATE runs SET status = 'failed'"),
        (
            "sub_event_type_not_in_event_type",
            "UPDATE events SET sub_event_type = 'Peaceful protest' WHERE event_type = 'Battles'",
        ),
    ],
)
def test_a_planted_problem_is_reported(loaded: Path, audit: str, sql: str) -> None:
    plant(loaded, sql)
    results = run_audits(loaded)
    assert results[audit] >= 1
    assert audit_rows(loaded)[audit].height == results[audit]


def test_duplicate_key_audit_catches_a_table_without_its_primary_key(loaded: Path) -> None:
    # A warehouse built by hand (or an older DDL) may lack the key; the audit still sees duplicates.
    plant(
        loaded,
        "CREATE TABLE rejects_copy AS SELECT * FROM rejects; DROP TABLE rejects;"
        " ALTER TABLE rejects_copy RENAME TO rejects; INSERT INTO rejects SELECT * FROM rejects",
    )
    results = run_audits(loaded)
    assert results["duplicate_reject_id"] == 1
    assert {k for k, v in results.items() if v} == {"duplicate_reject_id"}
