"""Where a warehouse keeps its files: `dyads.duckdb`, `parquet/<table>/<run_id>.parquet`, `dyads.lock`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Primary key of each table (deterministic ids, so loads are idempotent).
TABLE_KEYS: dict[str, str] = {
    "articles": "article_id",
    "events": "event_id",
    "rejects": "reject_id",
    "runs": "run_id",
    "feeds": "url",
}
#: Tables a run loads rows into (and writes one Parquet file for); `runs` is updated in place.
LOADED_TABLES: tuple[str, ...] = ("articles", "events", "rejects")
#: `feeds` holds the conditional-request state of RSS/Atom feeds, upserted by the run that read them.
TABLES: tuple[str, ...] = ("articles", "events", "rejects", "runs", "feeds")


@dataclass(frozen=True)
class WarehousePaths:
    """The files of one warehouse directory."""

    root: Path

    @classmethod
    def of(cls, warehouse: Path | str) -> WarehousePaths:
        """Paths of the warehouse at `warehouse` (nothing is created)."""
        return cls(Path(warehouse))

    @property
    def db(self) -> Path:
        """The DuckDB database file."""
        return self.root / "dyads.duckdb"

    @property
    def lock(self) -> Path:
        """The write-lock file every writer holds while it changes the warehouse."""
        return self.root / "dyads.lock"

    @property
    def parquet_root(self) -> Path:
        """Directory holding one sub-directory of Parquet files per loaded table."""
        return self.root / "parquet"

    def parquet_dir(self, table: str) -> Path:
        """Directory of `table`'s Parquet files."""
        return self.parquet_root / table

    def run_file(self, table: str, run_id: str) -> Path:
        """The Parquet file holding the rows `run_id` added to `table`."""
        return self.parquet_dir(table) / f"{run_id}.parquet"

    def tmp_file(self, table: str, run_id: str) -> Path:
        """Hidden name a run file is written under before its atomic rename."""
        return self.parquet_dir(table) / f".{run_id}.parquet.tmp"
