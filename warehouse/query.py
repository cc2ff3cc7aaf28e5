"""Read-only SQL over the warehouse (the back end of `dyads sql`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from warehouse.db import DEFAULT_BUSY_TIMEOUT, connect, fetch
from warehouse.errors import ReadOnlyError, WarehouseError
from warehouse.paths import WarehousePaths

READ_STATEMENTS = frozenset(
    {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN, duckdb.StatementType.PRAGMA}
)
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(ANALYZE\s+)?(\([^)]*\)\s*)?", re.IGNORECASE)


def check_read_only(sql: str) -> list[str]:
    """The statements of `sql`; `ReadOnlyError` if any is not a read, `WarehouseError` if it does not parse.

    Allowed: SELECT (including DESCRIBE, SHOW, SUMMARIZE, FROM-first queries), EXPLAIN of a read, and
    PRAGMA reads. Everything else (INSERT, COPY, ATTACH, INSTALL/LOAD, SET, CALL, ...) is refused.
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise WarehouseError(f"dyads sql: could not parse the query: {exc}") from exc
    if not statements:
        raise WarehouseError("dyads sql: the query has no statement to run")
    refused = []
    for statement in statements:
        kind = statement.type
        if kind == duckdb.StatementType.EXPLAIN:
            # EXPLAIN ANALYZE runs its statement, so the statement itself must be a read.
            try:
                inner = duckdb.extract_statements(_EXPLAIN.sub("", statement.query.strip(), count=1))
            except duckdb.Error:
                inner = []
            kind = inner[0].type if len(inner) == 1 else duckdb.StatementType.INVALID
        if kind not in READ_STATEMENTS or kind == duckdb.StatementType.EXPLAIN:
            refused.append(kind.name)
    if refused:
        kinds = ", ".join(sorted(set(refused)))
        raise ReadOnlyError(
            f"dyads sql is read-only: {kinds} statements are refused; use dyads run to load data"
        )
    return [s.query for s in statements]


def query(
    warehouse: Path,
    sql: str,
    params: Sequence[Any] | None = None,
    *,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> pl.DataFrame:
    """Run read-only `sql` on the warehouse and return the last statement's result.

    Raises `ReadOnlyError` for any write (checked before the database is opened, and the database
    is opened read-only), and `WarehouseError` when there is no warehouse yet, when it stays busy (a
    run loading) for longer than `busy_timeout` seconds, or when DuckDB rejects the query.
    """
    statements = check_read_only(sql)
    paths = WarehousePaths.of(warehouse)
    if not paths.db.exists():
        raise WarehouseError(f"no warehouse at {paths.db}: run `dyads run --source …` first to create it")
    with connect(paths, read_only=True, busy_timeout=busy_timeout) as con:
        try:
            for statement in statements[:-1]:
                fetch(con, statement)
            relation = con.sql(statements[-1], params=params)
            return relation.pl() if relation is not None else pl.DataFrame()
        except duckdb.Error as exc:
            if "read-only mode" in str(exc):
                raise ReadOnlyError(f"dyads sql is read-only: {exc}; use dyads run to load data") from exc
            raise WarehouseError(f"dyads sql: the query failed: {exc}") from exc
