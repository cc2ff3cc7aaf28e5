"""The `dyads` command as users run it: real subprocesses against a real warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.ingest import RunSummary
from schemas.models import MODELS
from tests.web_server import WebServer


def dyads(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `dyads ARGS` in a fresh interpreter (with `env` added to this process's environment)."""
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE events",
        "DELETE FROM events",
        "INSERT INTO runs SELECT * FROM runs",
        "CREATE TABLE x AS SELECT 1",
        "COPY events TO '/tmp/x.csv'",
    ],
)
def test_sql_refuses_writes(sample_run: tuple[Path, RunSummary], statement: str) -> None:
    warehouse, _ = sample_run
    result = dyads("sql", statement, "--warehouse", str(warehouse))
    assert result.returncode == 2
    assert "read-only" in result.stderr


def test_sql_formats(sample_run: tuple[Path, RunSummary]) -> None:
    warehouse, summary = sample_run
    statement = "select event_type, sub_event_type, admin1, fatalities, cameo_code from events"
    as_csv = dyads("sql", statement, "--warehouse", str(warehouse), "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    lines = as_csv.stdout.strip().splitlines()
    assert lines[0] == "event_type,sub_event_type,admin1,fatalities,cameo_code"
    assert len(lines) - 1 == summary.events_new
    as_json = dyads(
        "sql", "select count(*) as n from articles", "--warehouse", str(warehouse), "--format", "json"
    )
    assert json.loads(as_json.stdout) == [{"n": summary.articles_new}]
    table = dyads("sql", "select count(*) as n from events", "--warehouse", str(warehouse))
    assert str(summary.events_new) in table.stdout


def test_export_parquet_reads_back(sample_run: tuple[Path, RunSummary], tmp_path: Path) -> None:
    warehouse, summary = sample_run
    result = dyads(
        "export", "--out", str(tmp_path / "out"), "--format", "parquet", "--warehouse", str(warehouse)
    )
    assert result.returncode == 0, result.stderr
    for table, model in MODELS.items():
        data = pq.read_table(tmp_path / "out" / f"{table}.parquet")
        assert data.column_names == list(model.to_schema().columns)
    assert pq.read_table(tmp_path / "out" / "events.parquet").num_rows == summary.events_new


def test_clear_errors(tmp_path: Path) -> None:
    missing = dyads("run", "--source", str(tmp_path / "nope.jsonl"), "--warehouse", str(tmp_path / "w"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    source = tmp_path / "a.txt"
    source.write_text("Rebels attacked the town.", encoding="utf-8")
    bad_wh = dyads("run", "--source", str(source), "--warehouse", str(blocker))
    assert bad_wh.returncode == 2 and "not a directory" in bad_wh.stderr
    no_wh = dyads("sql", "select 1", "--warehouse", str(tmp_path / "empty"))
    assert no_wh.returncode == 2 and "dyads run" in no_wh.stderr
    bad_date = dyads(
        "run", "--source", str(source), "--since", "yesterday", "--warehouse", str(tmp_path / "w")
    )
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_export_writes_dictionary_and_table_schema(
    sample_run: tuple[Path, RunSummary], tmp_path: Path
) -> None:
    warehouse, _ = sample_run
    result = dyads("export", "--out", str(tmp_path / "csv"), "--format", "csv", "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    package = json.loads((tmp_path / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    assert events["path"] == "events.csv"
    assert [f["name"] for f in events["schema"]["fields"]] == list(MODELS["events"].to_schema().columns)
    assert all(f["description"] for f in events["schema"]["fields"])
    dictionary = (tmp_path / "csv" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for table, model in MODELS.items():
        assert f"## `{table}`" in dictionary
        for column in model.to_schema().columns:
            assert f"| `{column}` |" in dictionary
    assert "Air/drone strike" in dictionary


def test_a_bad_sources_file_is_refused_before_the_run(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nurl = "ftp://example.org/feed"\n', encoding="utf-8")
    result = dyads("run", "--source", str(sources), "--warehouse", str(tmp_path / "w"))
    assert result.returncode == 2
    assert "sources.toml: source #1" in result.stderr and "not an http(s) URL" in result.stderr
    assert not (tmp_path / "w").exists()


def test_a_feed_run_over_the_reject_threshold_prints_its_summary_and_exits_1(
    prefect_harness: None, web_server: WebServer, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    env = {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),  # the session's server: no ephemeral start-up
        "DYADS_HOST_INTERVAL": "0",
        "DYADS_FETCH_TIMEOUT": "1",
        "DYADS_FETCH_RETRIES": "0",
    }
    warehouse = tmp_path / "w"
    result = dyads(
        "run", "--source", web_server.url("/feeds/troubled.rss"), "--warehouse", str(warehouse), env=env
    )
    assert result.returncode == 1, result.stderr
    assert "articles: 10 in = 1 loaded (1 new) + 9 rejected" in result.stdout
    assert "rejected 9 of 10 input items (90%)" in result.stderr
    assert "DYADS_MAX_REJECT_RATE=0.5" in result.stderr
    stored = dyads(
        "sql", "select count(*) as n from rejects", "--format", "json", "--warehouse", str(warehouse)
    )
    assert json.loads(stored.stdout) == [{"n": 9}]
