"""Two writers and a reader at once: writers take turns, the reader retries, nothing is doubled."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from warehouse.query import query

WRITER = """
import sys
sys.path.insert(0, {here!r})
from pathlib import Path
from conftest import load_batch, make_batch
result = load_batch(Path({warehouse!r}), make_batch(sys.argv[1]))
print(result.articles_new, result.events_new, result.rejects_new)
"""


def test_concurrent_runs_load_each_row_once(warehouse_dir: Path) -> None:
    script = WRITER.format(here=str(Path(__file__).parent), warehouse=str(warehouse_dir))
    writers = [
        subprocess.Popen([sys.executable, "-c", script, run_id], stdout=subprocess.PIPE, text=True)
        for run_id in ("w1", "w2")
    ]
    seen = 0
    while any(w.poll() is None for w in writers):
        if (warehouse_dir / "dyads.duckdb").exists():
            # The database appears complete with its tables (created under a hidden name, then renamed),
            # and a reader never sees half a run: either no events of a run or all of them.
            n = query(warehouse_dir, "SELECT count(*) AS n FROM events_complete", busy_timeout=30)["n"][0]
            assert n in (0, 2)
            seen += 1
        time.sleep(0.02)
    assert seen > 0
    outputs = sorted(w.communicate()[0].strip() for w in writers)
    assert [w.returncode for w in writers] == [0, 0]
    assert outputs == ["0 0 0", "2 2 1"]  # whoever came second found everything stored
    runs = query(warehouse_dir, "SELECT status, count(*) AS n FROM runs GROUP BY 1")
    assert runs.rows() == [("complete", 2)]
    counts = query(
        warehouse_dir,
        "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM events) AS e,"
        " (SELECT count(*) FROM rejects) AS r",
    )
    assert counts.row(0) == (2, 2, 1)
