"""What `--source` names: a file or directory, a feed or page URL, or a `sources.toml` listing several."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources import ExtractResult, SourceSpec, read_sources_file
from warehouse import query

URL_PREFIXES = ("http://", "https://")


def source_specs(source: str) -> list[SourceSpec]:
    """The sources one `--source` value stands for (a `.toml` file lists several)."""
    if source.startswith(URL_PREFIXES):
        return [SourceSpec(location=source, kind="auto", name=None)]
    if source.endswith(".toml"):
        return read_sources_file(Path(source))
    return [SourceSpec(location=source, kind="path", name=None)]


def named(result: ExtractResult, name: str | None) -> ExtractResult:
    """Articles of a named source without a `source` of their own get the name."""
    if name is None:
        return result
    articles = result.articles.with_columns(pl.col("source").fill_null(name))
    return ExtractResult(articles, result.rejects, result.items_in)


def feed_state(warehouse: Path) -> dict[str, tuple[str | None, str | None]]:
    """{feed url: (etag, last_modified)} as the last complete runs left them."""
    if not (warehouse / "dyads.duckdb").exists():
        return {}
    rows = query(warehouse, "SELECT url, etag, last_modified FROM feeds").rows()
    return {url: (etag, modified) for url, etag, modified in rows}


def known_urls(warehouse: Path, urls: list[str]) -> set[str]:
    """The URLs among `urls` whose article is already stored."""
    if not urls or not (warehouse / "dyads.duckdb").exists():
        return set()
    found = query(
        warehouse, "SELECT DISTINCT url FROM articles WHERE list_contains(?::VARCHAR[], url)", [urls]
    )
    return set(found["url"].to_list())
