"""Load stage: Parquet files and the DuckDB warehouse (DDL, views, audits as `.sql`), export, read-only SQL.

A warehouse directory W holds `dyads.duckdb`, `parquet/<table>/<run_id>.parquet` and `dyads.lock`.
Nothing here runs at import time; DuckDB opens inside each call.
"""

from warehouse.audits import audit_rows, run_audits
from warehouse.check import CheckReport, CheckResult, check_warehouse
from warehouse.errors import ReadOnlyError, WarehouseBusyError, WarehouseError
from warehouse.export import FORMATS, ExportFormat, export
from warehouse.load import LoadResult, load_run, start_run
from warehouse.parquet import read_metadata
from warehouse.paths import TABLE_KEYS, TABLES, WarehousePaths
from warehouse.query import check_read_only, query

__all__ = [
    "FORMATS",
    "TABLES",
    "TABLE_KEYS",
    "CheckReport",
    "CheckResult",
    "ExportFormat",
    "LoadResult",
    "ReadOnlyError",
    "WarehouseBusyError",
    "WarehouseError",
    "WarehousePaths",
    "audit_rows",
    "check_read_only",
    "check_warehouse",
    "export",
    "load_run",
    "query",
    "read_metadata",
    "run_audits",
    "start_run",
]
