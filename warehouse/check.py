"""`dyads check`: every stored row against the pandera models, then the warehouse audits (DESIGN §4).

Each table is streamed from one read-only connection and validated `BATCH_ROWS` rows at a time, so
memory does not grow with the table (1M events: ~4 s, ~0.8 GB peak, mostly DuckDB's audit aggregates).
Which rows fail is decided by `schemas.validate.validate_table`, the same validation a run applies
before loading; those rows are then validated once more with the model alone, to name every failed
check with its column and count.
Uniqueness across a whole table is the audits' job: the model's `unique` sees one batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import duckdb
import pandera.errors as pa_errors
import polars as pl

from schemas.models import MODELS
from schemas.validate import SchemaContractError, validate_table
from warehouse.audits import audit_rows
from warehouse.db import connect, fetch
from warehouse.errors import WarehouseError
from warehouse.paths import TABLE_KEYS, TABLES, WarehousePaths

#: Rows validated at once; bounds memory on large tables (1M events are ten batches).
BATCH_ROWS = 100_000
#: How long to wait for a writer to release the database file.
CHECK_BUSY_TIMEOUT = 60.0
#: Offending rows quoted per failed check.
MAX_EXAMPLES = 3
_MAX_VALUE = 60

CheckKind = Literal["schema", "audit"]


@dataclass
class CheckResult:
    """One check: a table's schema, one failed model check, or one audit."""

    name: str
    kind: CheckKind
    n_failures: int = 0
    examples: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True when no row failed the check."""
        return self.n_failures == 0


@dataclass
class CheckReport:
    """What `check_warehouse` found: one result per check, in the order they ran."""

    warehouse: Path
    rows: dict[str, int]
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(r.ok for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        """The checks that failed."""
        return [r for r in self.results if not r.ok]

    def text(self) -> str:
        """One line per check (OK/FAIL, kind, name, count), examples indented under failures."""
        counts = ", ".join(f"{table} {n:,}" for table, n in self.rows.items())
        lines = [f"dyads check {self.warehouse}: rows {counts}"]
        for r in self.results:
            status = "OK  " if r.ok else "FAIL"
            count = f": {_rows(r.n_failures)}" if not r.ok else ""
            detail = f" ({r.detail})" if r.detail else ""
            lines.append(f"{status} {r.kind:<6} {r.name}{count}{detail}")
            lines.extend(f"       e.g. {example}" for example in r.examples)
        failed = self.failures
        lines.append(
            f"all {len(self.results)} checks passed"
            if not failed
            else f"{len(failed)} of {len(self.results)} checks failed"
        )
        return "\n".join(lines)


def check_warehouse(warehouse: Path, *, busy_timeout: float = CHECK_BUSY_TIMEOUT) -> CheckReport:
    """Validate every row of every table against its pandera model, then run every audit.

    Read-only: nothing in the warehouse changes. Raises `WarehouseError` when there is no warehouse
    at `warehouse` (run `dyads run` first) or it cannot be opened within `busy_timeout` seconds.
    """
    paths = WarehousePaths.of(warehouse)
    if not paths.db.exists():
        raise WarehouseError(
            f"no warehouse at {paths.db}: run `dyads run --source …` first to create it, "
            "or pass --warehouse DIR of an existing one"
        )
    rows = _row_counts(paths, busy_timeout)
    results: list[CheckResult] = []
    for table in TABLES:
        if table not in rows:
            detail = "table missing: this warehouse predates this dyads version; export it and load anew"
            results.append(CheckResult(table, "schema", 1, detail=detail))
        else:
            results.extend(_check_table(paths, table, rows[table], busy_timeout))
    results.extend(_audit_results(warehouse, busy_timeout))
    return CheckReport(paths.root, rows, results)


def _row_counts(paths: WarehousePaths, busy_timeout: float) -> dict[str, int]:
    """Rows per table, for the tables this warehouse has."""
    with connect(paths, read_only=True, busy_timeout=busy_timeout) as con:
        present = {r[0] for r in fetch(con, "SELECT table_name FROM information_schema.tables")}
        return {t: fetch(con, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES if t in present}


def _check_table(paths: WarehousePaths, table: str, n_rows: int, busy_timeout: float) -> list[CheckResult]:
    """One OK result for a clean table, else one result per failed check."""
    failed: dict[str, CheckResult] = {}
    try:
        for batch in _batches(paths, table, busy_timeout):
            validated = validate_table(batch, table)
            if validated.rejects.height:
                key = TABLE_KEYS[table]
                bad_rows = batch.join(validated.valid.select(key), on=key, how="anti")
                for result in _failed_checks(bad_rows, table):
                    _merge(failed, result)
    except SchemaContractError as exc:  # the table's columns differ from the model
        return [CheckResult(f"{table}: columns", "schema", n_rows, detail=str(exc))]
    except duckdb.Error as exc:
        return [CheckResult(f"{table}: unreadable", "schema", n_rows, detail=str(exc))]
    if failed:
        return list(failed.values())
    return [CheckResult(table, "schema", detail=f"{_rows(n_rows)} checked")]


def _batches(paths: WarehousePaths, table: str, busy_timeout: float) -> Iterator[pl.DataFrame]:
    """`table`, streamed in batches of at most `BATCH_ROWS` rows (one scan, one snapshot)."""
    # Read-only: other readers go on; a writer waits for the scan (seconds per million rows).
    with connect(paths, read_only=True, busy_timeout=busy_timeout) as con:
        for batch in con.sql(f"SELECT * FROM {table}").to_arrow_reader(BATCH_ROWS):
            yield cast(pl.DataFrame, pl.from_arrow(batch))  # a record batch converts to a frame


def _failed_checks(bad_rows: pl.DataFrame, table: str) -> list[CheckResult]:
    """Each check the rows fail, with its column, the number of rows and a few examples."""
    key = TABLE_KEYS[table]
    try:
        MODELS[table].validate(bad_rows, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases.filter(pl.col("index").is_not_null())
    else:  # validate_table refused rows the model alone accepts: count them rather than lose them
        return [CheckResult(f"{table}: rejected by validate_table", "schema", bad_rows.height)]
    keys = bad_rows[key]
    results = []
    for (column, context, check), group in cases.group_by(
        "column", "schema_context", "check", maintain_order=True
    ):
        whole_row = context == "DataFrameSchema"
        name = f"{table}: {check}" if whole_row else f"{table}.{column}: {_short(str(check))}"
        indices = group["index"].unique(maintain_order=True)
        examples: list[str] = []
        for row in group.iter_rows(named=True):
            example = f"{key}={_short(str(keys[row['index']]))}"
            if not whole_row and column != key:
                example += f", {column}={_short(str(row['failure_case']))}"
            if example not in examples:
                examples.append(example)
            if len(examples) == MAX_EXAMPLES:
                break
        results.append(CheckResult(name, "schema", indices.len(), examples))
    return results


def _merge(failed: dict[str, CheckResult], result: CheckResult) -> None:
    if result.name not in failed:
        failed[result.name] = result
        return
    known = failed[result.name]
    known.n_failures += result.n_failures
    for example in result.examples:
        if len(known.examples) < MAX_EXAMPLES and example not in known.examples:
            known.examples.append(example)


def _audit_results(warehouse: Path, busy_timeout: float) -> list[CheckResult]:
    try:
        offending = audit_rows(warehouse, busy_timeout=busy_timeout)
    except duckdb.Error as exc:  # a damaged or hand-built table the audit SQL cannot read
        return [CheckResult("audits", "audit", 1, detail=f"the audits could not run: {exc}")]
    return [
        CheckResult(name, "audit", rows.height, [_row_text(r) for r in rows.head(MAX_EXAMPLES).to_dicts()])
        for name, rows in offending.items()
    ]


def _row_text(row: dict[str, object]) -> str:
    return ", ".join(f"{column}={_short(str(value))}" for column, value in row.items())


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _short(text: str) -> str:
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"
