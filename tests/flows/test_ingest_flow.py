"""End to end: the real Prefect ingest flow on the sample corpus into a real DuckDB warehouse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from flows.ingest import RejectRateError, RunSummary, ingest
from schemas.models import MODELS
from warehouse import query

ROOT = Path(__file__).resolve().parents[2]


def _expected() -> list[dict[str, object]]:
    lines = (ROOT / "samples" / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_run_loads_every_article_and_balances(sample_run: tuple[Path, RunSummary]) -> None:
    warehouse, summary = sample_run
    n_lines = len((ROOT / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    assert summary.articles_in == n_lines
    assert summary.articles_in == summary.articles_loaded + summary.articles_rejected
    assert summary.articles_new == n_lines
    runs = query(warehouse, "SELECT status, articles_in, articles_new, events_new FROM runs")
    assert runs.rows() == [("complete", n_lines, n_lines, summary.events_new)]


def test_expected_sample_events_are_found(sample_run: tuple[Path, RunSummary]) -> None:
    """At least three quarters of the hand-coded ACLED events appear with the right type and country."""
    warehouse, _ = sample_run
    events = query(warehouse, "SELECT doc_id, event_type, country FROM events WHERE event_type IS NOT NULL")
    found = {(r["doc_id"], r["event_type"], r["country"]) for r in events.iter_rows(named=True)}
    expected = [e for e in _expected() if e.get("event_type")]
    hits = [e for e in expected if (e["article"], e["event_type"], e["country"]) in found]
    assert len(hits) >= 3 * len(expected) // 4, f"found {len(hits)} of {len(expected)} expected events"


def test_every_warehouse_row_passes_the_models(sample_run: tuple[Path, RunSummary]) -> None:
    warehouse, _ = sample_run
    for table, model in MODELS.items():
        frame = query(warehouse, f"SELECT * FROM {table}")
        model.validate(frame, lazy=True)


def test_events_point_at_their_evidence(sample_run: tuple[Path, RunSummary]) -> None:
    warehouse, _ = sample_run
    rows = query(
        warehouse,
        "SELECT e.evidence, e.evidence_start, e.evidence_end, a.text FROM events e "
        "JOIN articles a USING (article_id)",
    )
    assert rows.height > 0
    for evidence, start, end, text in rows.iter_rows():
        assert text[start:end] == evidence


def test_second_run_adds_nothing(sample_run: tuple[Path, RunSummary], samples_path: Path) -> None:
    warehouse, first = sample_run
    before = query(warehouse, "SELECT event_id FROM events ORDER BY event_id")
    second = ingest(source=str(samples_path), warehouse=str(warehouse))
    after = query(warehouse, "SELECT event_id FROM events ORDER BY event_id")
    assert second.articles_new == 0 and second.events_new == 0
    assert second.articles_in == first.articles_in
    assert before["event_id"].to_list() == after["event_id"].to_list()
    counts = query(warehouse, "SELECT count(*) AS n FROM articles")["n"][0]
    assert counts == first.articles_new


def test_bad_input_becomes_rejects_not_a_failure(prefect_harness: None, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Police arrested 40 protesters in Nairobi on Tuesday.", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "broken.jsonl").write_text('{"id": "x", "text": "ok text here"}\n{not json\n', encoding="utf-8")
    summary = ingest(source=str(src), warehouse=str(tmp_path / "w"))
    assert summary.articles_in == 4
    assert summary.articles_rejected == 2
    rejects = query(tmp_path / "w", "SELECT stage, doc_id, reason FROM rejects")
    assert rejects.height == 2
    assert set(rejects["stage"]) == {"extract"}
    assert all(isinstance(r, str) and r for r in rejects["reason"])


def test_events_table_has_the_contract_columns(sample_run: tuple[Path, RunSummary]) -> None:
    warehouse, _ = sample_run
    columns = query(warehouse, "SELECT * FROM events LIMIT 0").columns
    assert columns == list(MODELS["events"].to_schema().columns)
    cameo = query(warehouse, "SELECT cameo_code, cameo_root FROM events WHERE cameo_code IS NOT NULL")
    assert cameo.height > 0
    assert cameo.select((pl.col("cameo_code").str.slice(0, 2) == pl.col("cameo_root")).all()).item()


def test_since_turns_older_articles_into_rejects(
    prefect_harness: None, samples_path: Path, tmp_path: Path
) -> None:
    published = [
        json.loads(line)["published"] for line in samples_path.read_text(encoding="utf-8").splitlines()
    ]
    cutoff = sorted(published)[len(published) // 2]
    older = sum(p < cutoff for p in published)
    summary = ingest(
        source=str(samples_path), warehouse=str(tmp_path / "w"), since=dt.date.fromisoformat(cutoff)
    )
    assert summary.articles_rejected == older
    assert summary.articles_new == len(published) - older
    assert summary.articles_in == summary.articles_loaded + summary.articles_rejected
    rejects = query(tmp_path / "w", "SELECT field, failed_check FROM rejects")
    assert rejects.rows() == [("published", "since")] * older


def test_duplicates_count_as_loaded(prefect_harness: None, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text("Rebels captured the town of Saraqib on Tuesday.", encoding="utf-8")
    summary = ingest(source=str(src), warehouse=str(tmp_path / "w"))
    assert (
        summary.articles_in,
        summary.articles_loaded,
        summary.articles_new,
        summary.articles_rejected,
    ) == (2, 2, 1, 0)


def test_run_publishes_a_summary_artifact(sample_run: tuple[Path, RunSummary]) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, summary = sample_run
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-summary"]))
        )
    texts = [str(a.data) for a in artifacts]
    assert any(summary.run_id in text and "articles:" in text for text in texts)


def test_a_reject_rate_above_the_threshold_fails_the_run_after_storing_everything(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Police arrested 40 protesters in Nairobi on Tuesday.", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    monkeypatch.setenv("DYADS_MAX_REJECT_RATE", "0.6")
    with pytest.raises(RejectRateError, match=r"rejected 2 of 3 input items \(67%\).*MAX_REJECT_RATE=0.6"):
        ingest(source=str(src), warehouse=str(tmp_path / "w"))
    stored = query(
        tmp_path / "w",
        "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM rejects) AS r,"
        " (SELECT list(status) FROM runs) AS s",
    )
    assert stored.row(0) == (1, 2, ["complete"])

    monkeypatch.setenv("DYADS_MAX_REJECT_RATE", "0.7")  # the same share under a looser threshold passes
    summary = ingest(source=str(src), warehouse=str(tmp_path / "w2"))
    assert (summary.articles_in, summary.articles_rejected) == (3, 2)


def test_a_missing_path_in_a_sources_file_is_a_reject_and_the_other_sources_load(
    prefect_harness: None, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("Rebels captured the town of Saraqib on Tuesday.", encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\npath = "a.txt"\nname = "Local desk"\n\n[[source]]\npath = "missing-dir"\n',
        encoding="utf-8",
    )
    summary = ingest(source=str(sources), warehouse=str(tmp_path / "w"))
    assert (summary.articles_in, summary.articles_loaded, summary.articles_rejected) == (2, 1, 1)
    assert query(tmp_path / "w", "SELECT source FROM articles").rows() == [("Local desk",)]
    reject = query(tmp_path / "w", "SELECT failed_check, doc_id, reason FROM rejects").row(0)
    assert reject[0] == "missing_source"
    assert reject[1].endswith("missing-dir") and "does not exist" in reject[2]
