"""What the readers produce: articles and rejects as records, and the batch frames built from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from sources.text import content_hash

STAGE = "extract"
UTC_DATETIME = pl.Datetime("us", "UTC")

# schemas.Articles minus run_id (added by the flow); tests check the two stay in step.
ARTICLE_SCHEMA = pl.Schema(
    {
        "article_id": pl.String(),
        "doc_id": pl.String(),
        "url": pl.String(),
        "title": pl.String(),
        "source": pl.String(),
        "published": pl.Date(),
        "text": pl.String(),
        "n_chars": pl.Int64(),
        "input_path": pl.String(),
        "ingested_at": UTC_DATETIME,
    }
)
# schemas.Rejects minus reject_id, run_id and at (added by the flow).
REJECT_SCHEMA = pl.Schema(
    {
        name: pl.String()
        for name in ("stage", "doc_id", "article_id", "reason", "field", "failed_check", "value", "payload")
    }
)


class SourceError(ValueError):
    """The source as a whole cannot be read (it does not exist, or is neither a file nor a directory)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One readable input item; `text` must already be normalised (see `normalise_text`)."""

    doc_id: str
    text: str
    input_path: str | None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    """One input item that could not become an article, with what is wrong and what to do."""

    doc_id: str | None
    reason: str
    check: str
    field: str | None = None
    value: str | None = None
    payload: str | None = None
    article_id: str | None = None


Item = Article | Reject


@dataclass
class ExtractResult:
    """A batch (or the whole) of extracted articles and rejects.

    `items_in` counts every input item seen: `articles` rows before deduplication plus `rejects` rows.
    """

    articles: pl.DataFrame
    rejects: pl.DataFrame
    items_in: int


def articles_frame(articles: list[Article], ingested_at: datetime) -> pl.DataFrame:
    """The `articles` frame (ARTICLE_SCHEMA) of `articles`, all stamped with `ingested_at`."""
    return pl.DataFrame(
        {
            "article_id": [content_hash(a.text) for a in articles],
            "doc_id": [a.doc_id for a in articles],
            "url": [a.url for a in articles],
            "title": [a.title for a in articles],
            "source": [a.source for a in articles],
            "published": [a.published for a in articles],
            "text": [a.text for a in articles],
            "n_chars": [len(a.text) for a in articles],
            "input_path": [a.input_path for a in articles],
            "ingested_at": [ingested_at] * len(articles),
        },
        schema=ARTICLE_SCHEMA,
    )


def rejects_frame(rejects: list[Reject]) -> pl.DataFrame:
    """The `rejects` frame (REJECT_SCHEMA) of `rejects`."""
    return pl.DataFrame(
        {
            "stage": [STAGE] * len(rejects),
            "doc_id": [r.doc_id for r in rejects],
            "article_id": [r.article_id for r in rejects],
            "reason": [r.reason for r in rejects],
            "field": [r.field for r in rejects],
            "failed_check": [r.check for r in rejects],
            "value": [r.value for r in rejects],
            "payload": [r.payload for r in rejects],
        },
        schema=REJECT_SCHEMA,
    )


def result_of(items: list[Item], ingested_at: datetime) -> ExtractResult:
    """An `ExtractResult` for a batch of reader output, in input order within each frame."""
    articles = [item for item in items if isinstance(item, Article)]
    rejects = [item for item in items if isinstance(item, Reject)]
    return ExtractResult(articles_frame(articles, ingested_at), rejects_frame(rejects), len(items))
