"""Small valid rows for the warehouse tests, built through `schemas.conform` like the real callers."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from schemas.models import conform
from warehouse.load import LoadResult, load_run, start_run

UTC = dt.UTC
TEXTS = (
    "Syrian army troops clashed with HTS fighters near Aleppo on Sunday, killing three.",
    "Protesters gathered peacefully in Idlib on Monday.",
)


@dataclass
class Batch:
    """What one run hands to the load stage."""

    run_id: str
    run: pl.DataFrame
    articles: pl.DataFrame
    events: pl.DataFrame
    rejects: pl.DataFrame
    counts: dict[str, int]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def run_row(run_id: str, **overrides: Any) -> pl.DataFrame:
    row = {
        "run_id": run_id,
        "started_at": dt.datetime(2024, 12, 2, 12, 0, tzinfo=UTC),
        "status": "running",
        "source": "tests/fixtures",
        "coder_version": "0.1.0+test",
        "parameters": "{}",
    } | overrides
    return conform(pl.DataFrame([row]), "runs")


def article_rows(run_id: str, texts: tuple[str, ...] = TEXTS) -> pl.DataFrame:
    rows = [
        {
            "article_id": sha256(text),
            "doc_id": f"doc-{i}",
            "url": f"https://example.org/{i}",
            "title": f"Report {i}",
            "source": "Example Wire" if i % 2 == 0 else "Other Daily",
            "published": dt.date(2024, 12, 2),
            "text": text,
            "n_chars": len(text),
            "input_path": None,
            "run_id": run_id,
            "ingested_at": dt.datetime(2024, 12, 2, 12, 1, tzinfo=UTC),
        }
        for i, text in enumerate(texts)
    ]
    return conform(pl.DataFrame(rows), "articles")


def event_row(run_id: str, article_text: str, **overrides: Any) -> dict[str, Any]:
    """A valid armed clash coded from the first sentence of `article_text`."""
    evidence = article_text.split(",")[0]
    row: dict[str, Any] = {
        "article_id": sha256(article_text),
        "doc_id": "doc-0",
        "run_id": run_id,
        "coder_version": "0.1.0+test",
        "coded_at": dt.datetime(2024, 12, 2, 12, 2, tzinfo=UTC),
        "event_date": dt.date(2024, 12, 1),
        "time_precision": 1,
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "civilian_targeting": False,
        "cameo_code": "190",
        "cameo_root": "19",
        "quad_class": 4,
        "goldstein": -10.0,
        "actor1": "Military Forces of Syria (2000-2024)",
        "actor1_type": "State forces",
        "actor1_cameo": "SYRMIL",
        "actor1_country": "SYR",
        "actor2": "HTS: Hayat Tahrir al Sham",
        "actor2_type": "Rebel group",
        "actor2_cameo": "SYRREB",
        "actor2_country": "SYR",
        "interaction": "State forces-Rebel group",
        "location": "Aleppo",
        "admin1": "Aleppo",
        "country": "Syria",
        "iso3": "SYR",
        "latitude": 36.2021,
        "longitude": 37.1343,
        "geo_precision": 1,
        "geonames_id": 170063,
        "fatalities": 3,
        "fatalities_low": 3,
        "fatalities_high": 3,
        "evidence": evidence,
        "evidence_start": 0,
        "evidence_end": len(evidence),
        "rule_id": "verb:clash",
        "confidence": 0.8,
        "notes": "Syrian forces clashed with HTS near Aleppo.",
        "source": "Example Wire",
        "source_url": "https://example.org/0",
        "published": dt.date(2024, 12, 2),
    } | overrides
    # Like the coder's ids: the same article and coding give the same id, whichever run codes it.
    coding = sorted((k, v) for k, v in row.items() if k not in ("run_id", "coded_at"))
    row.setdefault("event_id", hashlib.sha1(repr(coding).encode()).hexdigest()[:20])
    return row


def event_rows(run_id: str) -> pl.DataFrame:
    rows = [
        event_row(run_id, TEXTS[0]),
        event_row(
            run_id,
            TEXTS[1],
            doc_id="doc-1",
            disorder_type="Demonstrations",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            cameo_code=None,
            cameo_root=None,
            quad_class=None,
            goldstein=None,
            actor1="Protesters (Syria)",
            actor1_type="Protesters",
            actor1_cameo=None,
            actor2=None,
            actor2_type=None,
            actor2_cameo=None,
            actor2_country=None,
            interaction="Protesters only",
            location="Idlib",
            admin1="Idlib",
            latitude=35.93,
            longitude=36.63,
            fatalities=0,
            fatalities_low=0,
            fatalities_high=0,
            rule_id="noun:protest",
            source="Other Daily",
        ),
    ]
    return conform(pl.DataFrame(rows), "events")


def reject_rows(run_id: str) -> pl.DataFrame:
    row = {
        "reject_id": sha256("extract|bad.txt|text|empty"),
        "run_id": run_id,
        "stage": "extract",
        "doc_id": "bad.txt",
        "reason": "The file is empty: nothing to code; check the source",
        "field": "text",
        "check": "not_empty",
        "value": "",
        "at": dt.datetime(2024, 12, 2, 12, 1, tzinfo=UTC),
    }
    return conform(pl.DataFrame([row]), "rejects")


def make_batch(run_id: str) -> Batch:
    articles = article_rows(run_id)
    rejects = reject_rows(run_id)
    counts = {
        "articles_in": articles.height + rejects.height,
        "articles_loaded": articles.height,
        "articles_rejected": rejects.height,
        "events_coded": 2,
        "events_rejected": 0,
    }
    return Batch(run_id, run_row(run_id), articles, event_rows(run_id), rejects, counts)


def load_batch(warehouse: Path, batch: Batch, **kwargs: Any) -> LoadResult:
    """start_run + load_run, as the ingest flow does."""
    start_run(warehouse, batch.run)
    return load_run(
        warehouse, batch.run_id, batch.articles, batch.events, batch.rejects, batch.counts, **kwargs
    )


@pytest.fixture
def warehouse_dir(tmp_path: Path) -> Path:
    """A warehouse directory that does not exist yet."""
    return tmp_path / "wh"


@pytest.fixture
def batch() -> Callable[[str], Batch]:
    """Factory: the frames of one run stamped with the given run id."""
    return make_batch


@pytest.fixture
def load() -> Callable[..., LoadResult]:
    """load(warehouse, batch): start the run and load it."""
    return load_batch


@pytest.fixture(scope="session")
def loaded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session; tests get copies (`loaded`) they may change."""
    template = tmp_path_factory.mktemp("template") / "wh"
    load_batch(template, make_batch("r1"))
    return template


@pytest.fixture
def loaded(loaded_template: Path, warehouse_dir: Path) -> Path:
    """A warehouse with one complete run, r1."""
    shutil.copytree(loaded_template, warehouse_dir)
    return warehouse_dir
