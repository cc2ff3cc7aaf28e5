"""Streaming: iter_extract reads a large JSONL in bounded memory, in batches that add up."""

from __future__ import annotations

import gzip
import json
import shutil
import tracemalloc
from pathlib import Path

import pytest

from sources import iter_extract

LINES = 20_000
TARGET_BYTES = 20_000_000


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 20 MB of JSONL: 20,000 distinct articles of about 1 kB each."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    filler = "Shelling was reported near the northern checkpoint, residents said. " * 14
    with path.open("w", encoding="utf-8") as out:
        for i in range(LINES):
            out.write(
                json.dumps({"id": f"big-{i}", "text": f"Report {i}. {filler}", "published": "2024-01-02"})
            )
            out.write("\n")
    assert path.stat().st_size >= TARGET_BYTES
    return path


def count_streamed(path: Path) -> tuple[int, int, int]:
    """(articles, batches, traced peak bytes) of streaming `path` while dropping every batch."""
    tracemalloc.start()
    try:
        articles = batches = 0
        for batch in iter_extract(path, batch_size=500):
            assert batch.rejects.height == 0
            assert batch.items_in == batch.articles.height <= 500
            articles += batch.articles.height
            batches += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return articles, batches, peak


def test_iter_extract_streams_a_20mb_jsonl_in_bounded_memory(big_jsonl: Path) -> None:
    articles, batches, peak = count_streamed(big_jsonl)
    assert articles == LINES
    assert batches == LINES // 500
    # One batch of ~1 kB articles is well under a megabyte; holding the file would be 20 MB.
    assert peak < big_jsonl.stat().st_size / 8, f"peak {peak:,} bytes"


def test_iter_extract_streams_jsonl_gz_in_bounded_memory(big_jsonl: Path, tmp_path: Path) -> None:
    packed = tmp_path / "big.jsonl.gz"
    with big_jsonl.open("rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
        shutil.copyfileobj(src, dst)
    articles, _, peak = count_streamed(packed)
    assert articles == LINES
    assert peak < big_jsonl.stat().st_size / 8, f"peak {peak:,} bytes"


def test_iter_extract_is_lazy(big_jsonl: Path) -> None:
    batches = iter_extract(big_jsonl, batch_size=10)
    first = next(batches)
    assert first.articles["doc_id"].to_list() == [f"big-{i}" for i in range(10)]


def test_batch_size_must_be_positive(big_jsonl: Path) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        iter_extract(big_jsonl, batch_size=0)


def test_a_50mb_text_file_is_rejected_by_size_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    line = b"Shelling was reported near the northern checkpoint, residents said.\n"
    with path.open("wb") as out:
        for _ in range(50 * 2**20 // len(line) + 1):
            out.write(line)
    size = path.stat().st_size
    assert size > 50 * 2**20
    tracemalloc.start()
    try:
        batches = list(iter_extract(path))  # the default limit: 50,000,000 bytes
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [b.items_in for b in batches] == [1]
    reject = batches[0].rejects.row(0, named=True)
    assert (reject["failed_check"], reject["value"]) == ("max_bytes", str(size))
    assert "JSONL" in reject["reason"]  # it says how to feed a big corpus instead
    assert peak < 2 * 2**20, f"peak {peak:,} bytes"
