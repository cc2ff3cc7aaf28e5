"""The code stage: articles in, events out (plain functions over polars DataFrames)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from coder.actors import load_actor_dictionary
from coder.events import ArticleMeta, EventCoder
from coder.gazetteer import load_gazetteer
from coder.nlp import load_nlp
from coder.version import coder_version
from schemas.models import conform
from schemas.validate import REJECT_COLUMNS


@dataclass(frozen=True, slots=True)
class CoderSettings:
    """How to code: model name, worker processes, batch size, confidence threshold, gazetteer cache."""

    spacy_model: str = "en_core_web_sm"
    n_process: int = 1
    batch_size: int = 64
    min_confidence: float = 0.5
    cache_dir: Path = Path.home() / ".cache" / "dyads"


class Coder:
    """A loaded coder: spaCy pipeline, dictionaries and gazetteer, built once per process."""

    def __init__(self, settings: CoderSettings) -> None:
        self.settings = settings
        self.nlp = load_nlp(settings.spacy_model)
        self.version = coder_version()
        self.events = EventCoder(
            load_actor_dictionary(), load_gazetteer(settings.cache_dir), self.version, settings.min_confidence
        )


@dataclass(frozen=True, slots=True)
class Coded:
    """Events coded from a batch of articles, and reject rows for articles the coder failed on."""

    events: pl.DataFrame
    rejects: pl.DataFrame


def code_articles(articles: pl.DataFrame, coder: Coder) -> Coded:
    """Code every article into event rows (events-table columns; `run_id` left NULL for the flow to set).

    A rule that fails on one article never stops the batch: that article becomes a stage 'code' reject
    naming the error, and is left out so that a rerun with a fixed coder codes it.
    """
    rows: list[dict[str, object]] = []
    failures: list[dict[str, str | None]] = []
    coded_at = datetime.now(UTC)
    texts = articles["text"].to_list()
    metas = [
        ArticleMeta(r["article_id"], r["doc_id"], r["published"], r["source"], r["url"])
        for r in articles.select("article_id", "doc_id", "published", "source", "url").iter_rows(named=True)
    ]
    n_process = coder.settings.n_process if len(texts) >= 4 * coder.settings.batch_size else 1
    docs = coder.nlp.pipe(texts, batch_size=coder.settings.batch_size, n_process=n_process)
    for doc, meta in zip(docs, metas, strict=True):
        try:
            rows.extend(coder.events.code(doc, meta))
        except Exception as exc:  # a coder bug on one text must not lose the other articles
            failures.append(_failure(meta, exc, coder.version))
    frame = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()
    events = conform(frame.with_columns(pl.lit(coded_at).alias("coded_at")) if rows else frame, "events")
    return Coded(events, pl.DataFrame(failures, schema={c: pl.String for c in REJECT_COLUMNS}))


def _failure(meta: ArticleMeta, exc: Exception, version: str) -> dict[str, str | None]:
    return {
        "stage": "code",
        "doc_id": meta.doc_id,
        "article_id": meta.article_id,
        "reason": f"coder {version} failed on this article ({type(exc).__name__}: {exc}); "
        "it was not loaded: report the bug, then rerun the source",
        "field": "text",
        "failed_check": "coder_error",
        "value": type(exc).__name__,
        "payload": None,
    }
