"""Entry points of the extract stage: a file or a directory in, batches of articles and rejects out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from sources.files import file_kind, iter_files, read_md, read_txt, unsupported
from sources.html import read_html
from sources.jsonl import read_json, read_jsonl
from sources.records import ExtractResult, Item, Reject, SourceError, articles_frame, rejects_frame, result_of

DEFAULT_BATCH_SIZE = 500
DEFAULT_MAX_BYTES = 50_000_000

Reader = Callable[[Path, int], Iterator[Item]]
READERS: dict[str, Reader] = {
    "txt": read_txt,
    "md": read_md,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "jsonl.gz": read_jsonl,
}


def iter_items(source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every input item of `source` (a file, or a directory read recursively in sorted order).

    Raises SourceError at once when `source` is neither an existing file nor a directory; everything
    wrong inside it becomes a `Reject` item instead.
    """
    root = _checked_source(source)
    paths = iter_files(root) if root.is_dir() else [root]
    return _items_of(paths, max_bytes)


def iter_extract(
    source: str | Path, batch_size: int = DEFAULT_BATCH_SIZE, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ExtractResult]:
    """Stream `source` as batches of at most `batch_size` input items (articles plus rejects).

    Batches are not deduplicated (see `dedupe`); every article in one call shares one `ingested_at`.
    Whole-file formats larger than `max_bytes` are rejected; JSONL is streamed and has no file limit.
    Raises SourceError at once when `source` does not exist.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    items = iter_items(source, max_bytes)
    return _batches(items, batch_size, datetime.now(UTC))


def extract(
    source: str | Path, batch_size: int = DEFAULT_BATCH_SIZE, max_bytes: int = DEFAULT_MAX_BYTES
) -> ExtractResult:
    """All of `source` at once: the batches of `iter_extract` concatenated, articles deduplicated.

    `items_in` still counts every item seen, so `items_in == articles before dedupe + rejects`.
    """
    return merge(list(iter_extract(source, batch_size, max_bytes)))


def merge(results: list[ExtractResult]) -> ExtractResult:
    """One result of several batches or sources: articles deduplicated across them, every item counted."""
    now = datetime.now(UTC)
    articles = pl.concat([r.articles for r in results]) if results else articles_frame([], now)
    rejects = pl.concat([r.rejects for r in results]) if results else rejects_frame([])
    return ExtractResult(dedupe(articles), rejects, sum(r.items_in for r in results))


def dedupe(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per `article_id`, keeping the first occurrence and the input order."""
    return articles.unique(subset="article_id", keep="first", maintain_order=True)


def _checked_source(source: str | Path) -> Path:
    text = str(source)
    if text.startswith(("http://", "https://")):
        raise SourceError(f"source {text!r} is a URL; extract reads files and directories only.")
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"source {text!r} does not exist; pass an existing file or directory.")
    if not (path.is_file() or path.is_dir()):
        raise SourceError(f"source {text!r} is neither a regular file nor a directory.")
    return path


def _items_of(paths: list[Path], max_bytes: int) -> Iterator[Item]:
    for path in paths:
        kind = file_kind(path)
        if kind is None:
            yield unsupported(path)
            continue
        try:
            yield from READERS[kind](path, max_bytes)
        except Exception as exc:
            # One file must not stop the run (DESIGN §4): a reader bug on odd input becomes a reject
            # that names the file, and the next file is read.
            yield Reject(
                doc_id=str(path),
                reason=(
                    f"{path}: the {kind} reader failed ({type(exc).__name__}: {exc}); items of this file "
                    "after the failure were not read. Report this with the file."
                ),
                check="reader_error",
                field="path",
                value=str(path),
            )


def _batches(items: Iterator[Item], batch_size: int, ingested_at: datetime) -> Iterator[ExtractResult]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield result_of(batch, ingested_at)
            batch = []
    if batch:
        yield result_of(batch, ingested_at)
