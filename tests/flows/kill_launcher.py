"""Test-only launcher for test_kill_runs.py: runs `dyads ARGS` and SIGKILLs itself at a chosen point.

    python kill_launcher.py kill POINT N ARGS...   die the Nth time the run reaches POINT
    python kill_launcher.py count FILE ARGS...     run to the end, then write to FILE, as JSON, how often
                                                   each point was reached, and when (seconds after start)

A point wraps a real function of the pipeline, in this process only: production code has no test hooks.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STARTED = time.monotonic()
_INSERT = re.compile(r"^INSERT (OR REPLACE )?INTO \w+ BY NAME SELECT \* FROM new_\w+$")
_COMPLETE = "UPDATE runs SET status = 'complete'"

#: Where each point is, in the order a run reaches them.
POINTS: dict[str, str] = {
    "duckdb.create": "the moment a new warehouse's first DuckDB file appears, while its headers are written",
    "start.orphans": "start_run, after the 'running' row is stored, before orphan files are removed",
    "extract.item": "before a reader yields its Nth input item",
    "code.article": "before the coder codes its Nth article",
    "parquet.batch": "after the Nth record batch is written into a hidden .tmp file, before it is closed",
    "parquet.renamed": "after the Nth run file is renamed into place, before the DuckDB transaction",
    "duckdb.insert": "inside the load transaction, after its Nth INSERT",
    "duckdb.complete": "inside the load transaction, after the run is marked complete, before COMMIT",
    "duckdb.committed": "after COMMIT, before the connection is closed and the flow reports",
}


class Trigger:
    """Counts how often each point is reached; kills this process on the Nth time at `point`."""

    def __init__(self, point: str | None = None, nth: int = 0) -> None:
        self.point, self.nth = point, nth
        #: point -> {"calls": times reached, "first"/"last": seconds after start when reached}
        self.seen: dict[str, dict[str, float]] = {}

    def __call__(self, point: str) -> None:
        now = time.monotonic() - STARTED
        seen = self.seen.setdefault(point, {"calls": 0, "first": now})
        seen["calls"] += 1
        seen["last"] = now
        if point == self.point and seen["calls"] == self.nth:
            os.kill(os.getpid(), signal.SIGKILL)


def install(reached: Trigger) -> None:
    """Wrap the functions behind every point so that they report to `reached`."""
    import pyarrow.parquet as pq

    # By module path: `sources.extract` as an attribute is the function the package re-exports.
    events = importlib.import_module("coder.events")
    extract = importlib.import_module("sources.extract")
    load = importlib.import_module("warehouse.load")

    def before(point: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            reached(point)
            return func(*args, **kwargs)

        return wrapper

    def after(point: str, func: Callable[..., Any], when: Callable[..., bool] = lambda *a: True) -> Any:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = func(*args, **kwargs)
            if when(*args, **kwargs):
                reached(point)
            return result

        return wrapper

    def each_item(reader: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        @functools.wraps(reader)
        def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            for item in reader(*args, **kwargs):
                reached("extract.item")
                yield item

        return wrapper

    def fetch(con: Any, sql: str, params: Any = None) -> Any:
        rows = real_fetch(con, sql, params)
        if _INSERT.match(sql):
            reached("duckdb.insert")
        elif sql.startswith(_COMPLETE):
            reached("duckdb.complete")
        return rows

    def watch_creation(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(lock_file: Path, *args: Any, **kwargs: Any) -> Any:
            if not database_files(lock_file.parent):  # a new warehouse: spin while its database appears
                threading.Thread(target=spin_until_created, args=(lock_file.parent,), daemon=True).start()
            return func(lock_file, *args, **kwargs)

        return wrapper

    def database_files(directory: Path) -> list[str]:
        return [name for name in os.listdir(directory) if ".duckdb" in name]

    def spin_until_created(directory: Path) -> None:
        # Whatever the file is called: the kill lands while DuckDB writes the first file's headers.
        while not database_files(directory):
            pass
        reached("duckdb.create")

    load.write_lock = watch_creation(load.write_lock)
    real_fetch = load.fetch
    load.fetch = fetch
    load._remove_orphans = before("start.orphans", load._remove_orphans)
    load._commit = after("duckdb.committed", load._commit)
    for kind, reader in list(extract.READERS.items()):
        extract.READERS[kind] = each_item(reader)
    events.EventCoder.code = before("code.article", events.EventCoder.code)
    pq.ParquetWriter.write_batch = after("parquet.batch", pq.ParquetWriter.write_batch)
    os.replace = after("parquet.renamed", os.replace, lambda src, dst, **_: str(dst).endswith(".parquet"))


def main(argv: list[str]) -> None:
    """Parse the launcher's own arguments, install the points, then run the real `dyads` CLI."""
    mode, arg, *dyads_args = argv
    if mode == "kill":
        if arg not in POINTS:
            raise SystemExit(f"unknown point {arg!r}; known: {', '.join(POINTS)}")
        trigger = Trigger(arg, int(dyads_args.pop(0)))
    elif mode == "count":
        trigger = Trigger()
    else:
        raise SystemExit(__doc__)
    install(trigger)
    from flows.cli import main as dyads

    sys.argv = ["dyads", *dyads_args]
    try:
        dyads()
    finally:
        if mode == "count":
            Path(arg).write_text(json.dumps(trigger.seen), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
