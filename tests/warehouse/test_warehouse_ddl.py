"""ddl.sql creates exactly the tables of the pandera models; views.sql and audits.sql parse and run."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from schemas.models import MODELS, polars_schema
from warehouse.db import apply_schema, audit_queries, run_script, sql_file
from warehouse.errors import WarehouseError
from warehouse.load import check_tables
from warehouse.paths import TABLE_KEYS, TABLES
from warehouse.query import query

DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Date: "DATE",
    pl.Int8: "TINYINT",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Float64: "DOUBLE",
    pl.Boolean: "BOOLEAN",
}


def expected_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Datetime):
        assert dtype.time_zone == "UTC"
        return "TIMESTAMP WITH TIME ZONE"
    return DUCKDB_TYPES[dtype.base_type()]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_schema(con)
    return con


@pytest.mark.parametrize("table", TABLES)
def test_ddl_columns_types_and_nullability_match_the_model(
    con: duckdb.DuckDBPyConnection, table: str
) -> None:
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
        " WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    columns = MODELS[table].to_schema().columns
    expected = [
        (name, expected_type(dtype), "YES" if columns[name].nullable and name != TABLE_KEYS[table] else "NO")
        for name, dtype in polars_schema(table).items()
    ]
    assert rows == expected


@pytest.mark.parametrize("table", TABLES)
def test_primary_key_is_the_table_key(con: duckdb.DuckDBPyConnection, table: str) -> None:
    rows = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints()"
        " WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchall()
    assert rows == [([TABLE_KEYS[table]],)]


def test_schema_scripts_are_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    apply_schema(con)
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {
        "events_complete",
        "events_acled",
        "event_clusters",
        "fatalities_by_country_month",
        "actor_dyads",
    } <= views


def test_views_return_typed_empty_results_on_an_empty_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    for view in (
        "events_complete",
        "events_acled",
        "event_clusters",
        "fatalities_by_country_month",
        "actor_dyads",
    ):
        assert con.sql(f"SELECT * FROM {view}").pl().height == 0


def test_audits_file_has_named_selects(con: duckdb.DuckDBPyConnection) -> None:
    audits = audit_queries()
    assert len(audits) >= 8
    con.execute(
        "CREATE TABLE acled_event_types (disorder_type VARCHAR, event_type VARCHAR, sub_event_type VARCHAR)"
    ).fetchall()
    for name, sql in audits.items():
        assert duckdb.extract_statements(sql)[0].type == duckdb.StatementType.SELECT, name
        assert con.sql(sql).pl().height == 0, name


def test_check_tables_refuses_a_warehouse_with_an_older_schema() -> None:
    con = duckdb.connect()
    run_script(con, sql_file("ddl.sql").replace("    published   DATE,\n", "", 1))
    with pytest.raises(WarehouseError, match="table articles of this warehouse has columns"):
        check_tables(con)


def test_loaded_tables_read_back_with_model_dtypes(loaded: Path) -> None:
    for table in TABLES:
        df = query(loaded, f"SELECT * FROM {table}")
        assert df.schema == polars_schema(table)
        MODELS[table].validate(df, lazy=True)
