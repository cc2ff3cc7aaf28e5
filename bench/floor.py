"""The floor: raw `nlp.pipe` over the corpus texts, nothing else (`python -m bench.floor CORPUS ...`).

Uses the coder's own pipeline (`coder.nlp.load_nlp`) with the same processes and batch size as a
`dyads run`; prints JSON: parse seconds (model loading excluded, reported apart), articles, tokens.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def read_texts(corpus: Path) -> list[str]:
    """The `text` of every JSONL line of `corpus`."""
    with corpus.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def parse_all(texts: list[str], model: str, n_process: int, batch_size: int) -> dict[str, float | int]:
    """Load `model` and parse `texts` with it; return the load and parse times."""
    from coder.nlp import load_nlp

    started = time.perf_counter()
    nlp = load_nlp(model)
    loaded = time.perf_counter()
    # The coder's own rule (coder.code): small batches are parsed in one process.
    processes = n_process if len(texts) >= 4 * batch_size else 1
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes))
    parsed = time.perf_counter()
    return {
        "load_seconds": loaded - started,
        "seconds": parsed - loaded,
        "articles": len(texts),
        "tokens": tokens,
        "n_process": processes,
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: parse CORPUS and print the timings as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    texts = read_texts(args.corpus)
    print(json.dumps(parse_all(texts, args.model, args.n_process, args.batch_size)))


if __name__ == "__main__":
    main()
