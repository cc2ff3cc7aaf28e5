"""The benchmark corpus: deterministic, distinct, about 430 words, built from the project's own files only."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

import sources
from bench.corpus import ROOT, SOURCE_PATHS, SourceText, generate, source_texts, write_corpus
from sources import article_id


@pytest.fixture(scope="module")
def pool() -> list[SourceText]:
    return source_texts()


def test_same_seed_same_corpus_and_a_smaller_corpus_is_a_prefix(pool: list[SourceText]) -> None:
    first = generate(60, seed=3, sources=pool)
    assert generate(60, seed=3, sources=pool) == first
    assert generate(25, seed=3, sources=pool) == first[:25]
    assert generate(60, seed=4, sources=pool) != first


def test_every_text_and_id_is_distinct(pool: list[SourceText]) -> None:
    records = generate(300, seed=0, sources=pool)
    assert len({article_id(r["text"]) for r in records}) == 300
    assert len({r["id"] for r in records}) == 300


def test_articles_average_about_430_words(pool: list[SourceText]) -> None:
    words = [len(r["text"].split()) for r in generate(300, seed=0, sources=pool)]
    assert 415 <= statistics.mean(words) <= 445
    assert min(words) >= 300


def test_articles_are_paragraphs_of_news_prose(pool: list[SourceText]) -> None:
    for record in generate(40, seed=1, sources=pool):
        paragraphs = record["text"].split("\n\n")
        assert len(paragraphs) >= 4
        assert all(p[-1] in ".!?\"'\u201d" for p in paragraphs), record["id"]
        assert record["title"] and record["published"][:2] == "20"


def test_only_the_projects_own_files_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[Path] = []
    real_extract = sources.extract

    def recording_extract(source: str, **kwargs: object) -> sources.ExtractResult:
        read.append(Path(source).resolve())
        return real_extract(source)

    monkeypatch.setattr(sources, "extract", recording_extract)
    texts = source_texts()
    assert texts
    assert read == [(ROOT / p).resolve() for p in SOURCE_PATHS]
    for path in read:
        assert path.is_relative_to(ROOT) and path.exists()
        assert "shared" not in path.relative_to(ROOT).parts


def test_write_corpus_writes_jsonl_with_the_article_fields(tmp_path: Path) -> None:
    info = write_corpus(tmp_path / "corpus.jsonl", 12, seed=5)
    lines = info.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == info.articles == 12
    records = [json.loads(line) for line in lines]
    assert all(list(r) == ["id", "title", "published", "source", "text"] for r in records)
    assert 300 < info.mean_words < 560
    assert write_corpus(tmp_path / "again.jsonl", 12, seed=5).sha256 == info.sha256
