"""A load that fails or crashes between the Parquet write and the commit leaves no trace once rerun."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import warehouse.load
from warehouse.errors import WarehouseError
from warehouse.load import load_run, start_run
from warehouse.paths import TABLES, WarehousePaths
from warehouse.query import query


class Crash(BaseException):
    """Stands in for the process dying: not an Exception, so no handler in load_run sees it."""


def snapshot(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, ignoring when runs happened."""
    tables = {t: query(warehouse, f"SELECT * FROM {t} ORDER BY 1").rows() for t in TABLES if t != "runs"}
    tables["runs"] = query(
        warehouse,
        "SELECT * EXCLUDE (started_at, finished_at) FROM runs WHERE status = 'complete' ORDER BY 1",
    ).rows()
    return tables


def files(warehouse: Path) -> list[str]:
    return sorted(str(p.relative_to(warehouse)) for p in (warehouse / "parquet").rglob("*") if p.is_file())


def crash_in_commit(*_: object) -> None:
    raise Crash


def test_crash_then_rerun_equals_an_uninterrupted_run(
    tmp_path: Path, batch: Callable[[str], Any], load: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "reference"
    load(reference, batch("r2"))

    crashed = tmp_path / "crashed"
    with monkeypatch.context() as patch:
        patch.setattr(warehouse.load, "_complete_run", crash_in_commit)  # after the INSERTs, before COMMIT
        with pytest.raises(Crash):
            load(crashed, batch("r1"))
    paths = WarehousePaths.of(crashed)
    assert paths.run_file("events", "r1").exists()  # the files were written and renamed...
    assert query(crashed, "SELECT count(*) AS n FROM events")["n"][0] == 0  # ...but nothing committed
    assert query(crashed, "SELECT status FROM runs").rows() == [("running",)]

    start_run(crashed, batch("r2").run)
    assert files(crashed) == []  # the orphans of r1 are gone
    b = batch("r2")
    load_run(crashed, "r2", b.articles, b.events, b.rejects, b.counts)

    assert snapshot(crashed) == snapshot(reference)
    assert files(crashed) == files(reference)


def test_a_crashed_run_id_can_be_restarted(
    warehouse_dir: Path,
    batch: Callable[[str], Any],
    load: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(warehouse.load, "_complete_run", crash_in_commit)
        with pytest.raises(Crash):
            load(warehouse_dir, batch("r1"))
    result = load(warehouse_dir, batch("r1"))
    assert (result.articles_new, result.events_new) == (2, 2)
    assert query(warehouse_dir, "SELECT status FROM runs").rows() == [("complete",)]


def test_leftover_temporary_files_are_removed_by_the_next_start(
    loaded: Path, batch: Callable[[str], Any]
) -> None:
    paths = WarehousePaths.of(loaded)
    paths.tmp_file("events", "r0").write_bytes(b"half a file")
    kept = files(loaded)
    start_run(loaded, batch("r2").run)
    assert not paths.tmp_file("events", "r0").exists()
    assert files(loaded) == [f for f in kept if not f.endswith(".tmp")]  # complete runs' files stay


def test_a_failing_commit_rolls_back_marks_the_run_failed_and_removes_its_files(
    warehouse_dir: Path, batch: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object) -> None:
        raise OSError("disk full")

    b = batch("r1")
    start_run(warehouse_dir, b.run)
    monkeypatch.setattr(warehouse.load, "_complete_run", boom)
    with pytest.raises(WarehouseError, match=r"loading run r1 .* failed and was rolled back \(disk full\)"):
        load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts)
    assert files(warehouse_dir) == []
    assert query(warehouse_dir, "SELECT count(*) AS n FROM articles")["n"][0] == 0
    assert query(warehouse_dir, "SELECT status FROM runs").rows() == [("failed",)]

    monkeypatch.undo()
    result = load_run(warehouse_dir, "r1", b.articles, b.events, b.rejects, b.counts)  # a retry works
    assert result.events_new == 2


def test_a_database_killed_while_being_created_is_created_again(
    warehouse_dir: Path, batch: Callable[[str], Any], load: Callable[..., Any]
) -> None:
    # A run SIGKILLed while DuckDB writes a new file's headers leaves it truncated (one 4 KiB block of
    # three); tests/flows/test_kill_runs.py kills real runs there. That file is only ever the hidden one.
    warehouse_dir.mkdir()
    hidden = warehouse_dir / ".dyads.duckdb.tmp"
    hidden.write_bytes(b"\0" * 8 + b"DUCK" + b"\0" * 4084)
    result = load(warehouse_dir, batch("r1"))
    assert (result.articles_new, result.events_new) == (2, 2)
    assert sorted(p.name for p in warehouse_dir.iterdir()) == ["dyads.duckdb", "dyads.lock", "parquet"]
