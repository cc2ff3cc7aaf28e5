"""query() answers reads and refuses everything else, clearly."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from warehouse.errors import ReadOnlyError, WarehouseError
from warehouse.paths import WarehousePaths
from warehouse.query import check_read_only, query


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("INSERT INTO runs (run_id) VALUES ('x')", "INSERT"),
        ("DELETE FROM events", "DELETE"),
        ("UPDATE runs SET status = 'failed'", "UPDATE"),
        ("DROP TABLE events", "DROP"),
        ("CREATE TABLE t AS SELECT 1", "CREATE"),
        ("COPY events TO 'events.csv'", "COPY"),
        ("COPY (SELECT 1) TO 'x.csv'", "COPY"),
        ("ATTACH 'other.duckdb'", "ATTACH"),
        ("INSTALL httpfs", "LOAD"),
        ("LOAD httpfs", "LOAD"),
        ("SET threads = 1", "SET"),
        ("EXPLAIN ANALYZE COPY events TO 'e.csv'", "COPY"),
        ("SELECT 1; DELETE FROM events", "DELETE"),
    ],
)
def test_write_statements_are_refused(loaded: Path, sql: str, kind: str) -> None:
    with pytest.raises(
        ReadOnlyError, match=rf"dyads sql is read-only: {kind} statements are refused; use dyads run"
    ):
        query(loaded, sql)


def test_refused_before_touching_the_warehouse(loaded: Path) -> None:
    with pytest.raises(ReadOnlyError):
        query(loaded, "DELETE FROM events")
    assert query(loaded, "SELECT count(*) AS n FROM events")["n"][0] == 2


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "FROM events",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
        "DESCRIBE events",
        "SHOW TABLES",
        "EXPLAIN SELECT * FROM events",
        "PRAGMA table_info('events')",
    ],
)
def test_reads_are_allowed(sql: str) -> None:
    assert check_read_only(sql)


def test_select_answers_with_a_polars_frame(loaded: Path) -> None:
    df = query(loaded, "SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY 1")
    assert df.rows() == [("Battles", 1), ("Protests", 1)]
    assert query(loaded, "SELECT ? AS x", [7])["x"].to_list() == [7]
    assert query(loaded, "SELECT 1 AS a; SELECT 2 AS b").columns == ["b"]


def test_a_bad_query_is_a_warehouse_error(loaded: Path) -> None:
    with pytest.raises(WarehouseError, match="no_such_table"):
        query(loaded, "SELECT * FROM no_such_table")
    with pytest.raises(WarehouseError, match="could not parse"):
        query(loaded, "SELEC 1")
    with pytest.raises(WarehouseError, match="no statement"):
        query(loaded, "  ;")


def test_missing_warehouse_says_to_run_first(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match=rf"no warehouse at {tmp_path}/nothing/dyads.duckdb.*dyads run"):
        query(tmp_path / "nothing", "SELECT 1")


def test_a_busy_warehouse_is_retried_then_reported(loaded: Path) -> None:
    db = str(WarehousePaths.of(loaded).db)
    writer = duckdb.connect(db)  # a writer holds the file
    try:
        with pytest.raises(WarehouseError, match=r"could not open the warehouse .* for read"):
            query(loaded, "SELECT 1", busy_timeout=0.2)
        threading.Timer(0.3, writer.close).start()  # the writer finishes while the reader waits
        assert query(loaded, "SELECT count(*) AS n FROM articles", busy_timeout=5)["n"][0] == 2
    finally:
        writer.close()
