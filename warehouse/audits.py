"""Warehouse audits: SELECTs in `sql/audits.sql` that return offending rows (none when clean)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from schemas.vocab import acled_event_types
from warehouse.db import DEFAULT_BUSY_TIMEOUT, audit_queries, connect
from warehouse.errors import WarehouseError
from warehouse.paths import WarehousePaths


def run_audits(warehouse: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> dict[str, int]:
    """Run every audit and return {audit name: number of offending rows}; all zero when clean."""
    return {name: df.height for name, df in audit_rows(warehouse, busy_timeout=busy_timeout).items()}


def audit_rows(warehouse: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> dict[str, pl.DataFrame]:
    """Run every audit and return {audit name: the offending rows}."""
    paths = WarehousePaths.of(warehouse)
    if not paths.db.exists():
        raise WarehouseError(f"no warehouse at {paths.db}: run `dyads run --source …` first to create it")
    results: dict[str, pl.DataFrame] = {}
    with connect(paths, read_only=True, busy_timeout=busy_timeout) as con:
        con.register(
            "acled_event_types",
            acled_event_types().select("disorder_type", "event_type", "sub_event_type").to_arrow(),
        )
        for name, sql in audit_queries().items():
            results[name] = con.sql(sql).pl()
    return results
