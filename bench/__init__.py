"""Benchmark harness behind `make bench`: measures dyads end to end, its load against dlt, reruns,
memory and scale-out, and writes BENCHMARKS.md. Run it as `python -m bench --help`.

Modules: `corpus` (the generated articles), `measure` (timing, RSS, medians, machine), `runs` (the
`dyads run` benchmarks), `floor` (raw `nlp.pipe`), `load_vs_dlt`, `report` (BENCHMARKS.md).
Nothing here is imported by the pipeline, and nothing heavy is imported at package import.
"""

from bench.corpus import CorpusInfo, generate, write_corpus
from bench.report import Target, render, targets

__all__ = ["CorpusInfo", "Target", "generate", "render", "targets", "write_corpus"]
