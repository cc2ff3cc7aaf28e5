"""DuckDB connections and the package's `.sql` files.

DuckDB 2.0 streams results: every helper here fetches a statement's result fully before the next one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from warehouse.errors import WarehouseBusyError, WarehouseError
from warehouse.paths import WarehousePaths

DEFAULT_BUSY_TIMEOUT = 5.0
#: The package's SQL files (package data `warehouse/sql/*.sql`), next to this module.
SQL_DIR = Path(__file__).with_name("sql")
_AUDIT_HEADER = re.compile(r"^--\s*audit:\s*(\w+)\s*$", re.MULTILINE)


@cache
def sql_file(name: str) -> str:
    """Text of `warehouse/sql/<name>` (package data)."""
    return (SQL_DIR / name).read_text(encoding="utf-8")


def audit_queries() -> dict[str, str]:
    """The audits of `audits.sql`: name -> SELECT returning the offending rows."""
    text = sql_file("audits.sql")
    parts = _AUDIT_HEADER.split(text)
    # split() gives [preamble, name1, body1, name2, body2, ...]
    return {name: _strip_sql(body) for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def _strip_sql(body: str) -> str:
    lines = [line for line in body.strip().splitlines() if not line.lstrip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";")


def fetch(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run one statement and fetch its whole result."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


def run_script(con: duckdb.DuckDBPyConnection, script: str) -> None:
    """Run every statement of `script`, fetching each result before the next statement."""
    for statement in duckdb.extract_statements(script):
        con.execute(statement.query).fetchall()


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables (if missing), the reference data and the views."""
    for name in ("ddl.sql", "countries.sql", "views.sql"):
        run_script(con, sql_file(name))


def _is_busy(exc: duckdb.Error) -> bool:
    text = str(exc)
    # Another process holds the file ("Could not set lock"), or this process holds it with the other
    # access mode ("different configuration"): both clear once that connection closes.
    return "Could not set lock" in text or "different configuration" in text


@contextmanager
def connect(
    paths: WarehousePaths, *, read_only: bool, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse database, retrying with backoff while another connection holds it.

    Timestamps come back in UTC. Raises `WarehouseError` when it stays busy past `busy_timeout`.
    """
    deadline = time.monotonic() + busy_timeout
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(paths.db), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            remaining = deadline - time.monotonic()
            if not _is_busy(exc) or remaining <= 0:
                mode = "read" if read_only else "write"
                error = WarehouseBusyError if _is_busy(exc) else WarehouseError
                raise error(
                    f"could not open the warehouse {paths.db} for {mode}: {exc}. "
                    + ("Another process is using it; try again when it is done." if _is_busy(exc) else "")
                ) from exc
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 0.5)
    try:
        con.execute("SET TimeZone = 'UTC'").fetchall()
        yield con
    finally:
        con.close()
