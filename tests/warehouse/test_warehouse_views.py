"""The analysis views: complete runs only, clusters of reports, country-month and dyad counts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from schemas.models import conform
from warehouse.load import load_run, start_run
from warehouse.paths import WarehousePaths
from warehouse.query import query


def test_views_hide_events_of_incomplete_runs(loaded: Path) -> None:
    count_sql = "SELECT count(*) AS n FROM events_complete"
    assert query(loaded, count_sql)["n"][0] == 2
    con = duckdb.connect(str(WarehousePaths.of(loaded).db))
    con.execute("UPDATE runs SET status = 'running'").fetchall()
    con.close()
    assert query(loaded, count_sql)["n"][0] == 0
    assert query(loaded, "SELECT count(*) AS n FROM events_acled")["n"][0] == 0


def test_two_reports_of_one_event_form_one_cluster(loaded: Path, batch: Callable[[str], Any]) -> None:
    b = batch("r2")
    text = "Government forces and HTS fought near Aleppo on Sunday, leaving five dead."
    article = conform(
        pl.DataFrame(
            [
                {
                    **b.articles.row(0, named=True),
                    "article_id": hashlib.sha256(text.encode()).hexdigest(),
                    "doc_id": "doc-9",
                    "text": text,
                    "n_chars": len(text),
                    "source": "Third Post",
                }
            ]
        ),
        "articles",
    )
    clash = b.events.filter(pl.col("event_type") == "Battles").row(0, named=True)
    evidence = text.split(",")[0]
    report = {
        **clash,
        "event_id": "9" * 20,
        "article_id": article["article_id"][0],
        "doc_id": "doc-9",
        "actor1": clash["actor2"],
        "actor2": clash["actor1"],  # the other direction
        "evidence": evidence,
        "evidence_end": len(evidence),
        "source": "Third Post",
        "fatalities": 5,
        "fatalities_low": 5,
        "fatalities_high": 5,
    }
    events = conform(pl.DataFrame([report]), "events")
    start_run(loaded, b.run)
    load_run(loaded, "r2", article, events, b.rejects.clear(), b.counts)

    clusters = query(loaded, "SELECT * FROM event_clusters WHERE event_type = 'Battles'")
    assert clusters.height == 1
    row = clusters.row(0, named=True)
    assert (row["num_events"], row["num_articles"], row["num_sources"]) == (2, 2, 2)
    assert (row["fatalities"], row["fatalities_high"]) == (3, 5)
    assert sorted(row["event_ids"]) == row["event_ids"] and "9" * 20 in row["event_ids"]

    month = query(loaded, "SELECT * FROM fatalities_by_country_month")
    assert month.rows(named=True) == [
        {
            "iso3": "SYR",
            "country": "Syria",
            "month": clash["event_date"].replace(day=1),
            "n_events": 2,
            "n_reports": 3,
            "fatalities": 3,
        }
    ]
    dyads = query(loaded, "SELECT actor1, actor2, n_events, fatalities FROM actor_dyads ORDER BY actor1")
    assert dyads.height == 2
    assert dyads["n_events"].sum() == 2
