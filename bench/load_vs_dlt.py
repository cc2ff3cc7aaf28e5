"""Validate + load of synthetic event rows: ours (`validate_table`, `start_run`, `load_run`) against dlt.

`prepare` builds the rows once (polars, vectorised) and writes them to Parquet; each measurement is a
separate process (`python -m bench.load_vs_dlt ours|dlt|profile --data DIR --dest DIR`) that reads them
untimed, times only the validate and load, checks the result and prints JSON.
dlt is imported inside its function only, so the rest of the harness runs without the bench group.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
RUN_ID = "20240101T000000Z-bench000"
EVENTS_PER_ARTICLE = 10
CODER_VERSION = "bench-synthetic"
ACTORS = (
    ("Military Forces of Syria", "State forces", "SYRMIL", "SYR"),
    ("Rapid Support Forces", "Political militia", "SDNREB", "SDN"),
    ("Police Forces of Kenya", "State forces", "KENCOP", "KEN"),
    ("Protesters (Peru)", "Protesters", "PERCVL", "PER"),
    ("M23: March 23 Movement", "Rebel group", "CODREB", "COD"),
    ("Civilians (Mali)", "Civilians", "MLICVL", "MLI"),
)
PLACES = (
    ("Ariha", "Idlib", "Syria", "SYR", 35.8126, 36.6104, 174186),
    ("Odesa", "Odessa", "Ukraine", "UKR", 46.4775, 30.7326, 698740),
    ("Kisumu", "Kisumu", "Kenya", "KEN", -0.1022, 34.7617, 191245),
    ("Puno", "Puno", "Peru", "PER", -15.8402, -70.0219, 3931276),
    ("Maiduguri", "Borno", "Nigeria", "NGA", 11.8464, 13.1603, 2331447),
    ("Taiz", "Taiz", "Yemen", "YEM", 13.5795, 44.0209, 70225),
)


def synthetic_rows(n_events: int, run_id: str = RUN_ID) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`n_events` valid event rows and their articles (one per `EVENTS_PER_ARTICLE` events).

    Each event's evidence is one sentence of its article, at its real offsets, so the rows also pass
    `check_evidence` and the warehouse audits (no event without an article, no duplicate coding).
    """
    from schemas.models import conform
    from schemas.vocab import acled_event_types, cameo_codes

    n_articles = -(-n_events // EVENTS_PER_ARTICLE)
    i = pl.int_range(0, n_events, dtype=pl.Int64, eager=True)
    art = i // EVENTS_PER_ARTICLE
    sentences = pl.DataFrame({"i": i, "a": art}).with_columns(
        evidence=pl.format(
            "Government troops and fighters of group {} clashed near the village of Kessa {} on day {}, "
            "killing {} people, officials said.",
            pl.col("a"),
            pl.col("i") % 97,
            pl.col("i") % EVENTS_PER_ARTICLE,
            pl.col("i") % 7,
        )
    )
    length = pl.col("evidence").str.len_chars().cast(pl.Int64)
    sentences = sentences.with_columns(
        evidence_start=(length + 1).cum_sum().over("a") - (length + 1),
    ).with_columns(evidence_end=pl.col("evidence_start") + length)

    day0 = date(2024, 1, 1)
    articles = (
        sentences.group_by("a", maintain_order=True)
        .agg(text=pl.col("evidence").str.join(" "))
        .with_columns(
            doc_id=pl.format("bench-load-{}", pl.col("a")),
            url=pl.format("https://wire.example/bench/{}", pl.col("a")),
            title=pl.format("Clashes near Kessa, report {}", pl.col("a")),
            source=pl.lit("Example Wire"),
            published=pl.lit(day0) + pl.duration(days=pl.col("a") % 365),
            n_chars=pl.col("text").str.len_chars(),
            run_id=pl.lit(run_id),
            ingested_at=pl.lit(datetime(2024, 12, 31, tzinfo=UTC)),
        )
    )
    ids = [hashlib.sha256(t.encode()).hexdigest() for t in articles["text"]]
    articles = articles.with_columns(article_id=pl.Series(ids, dtype=pl.String))
    assert articles.height == n_articles

    types = acled_event_types().select("disorder_type", "event_type", "sub_event_type")
    nulls = pl.DataFrame({c: [None] for c in types.columns}, schema=types.schema)
    types = pl.concat([types, nulls])  # one slot of CAMEO-only events (no ACLED type)
    codes = cameo_codes().select("cameo_code", "cameo_root", "quad_class", "goldstein")
    actors = pl.DataFrame(ACTORS, schema=["actor", "type", "cameo", "country"], orient="row")
    places = pl.DataFrame(
        PLACES,
        schema=["location", "admin1", "country", "iso3", "latitude", "longitude", "geonames_id"],
        orient="row",
    )

    def pick(vocab: pl.DataFrame, index: pl.Series, prefix: str = "") -> pl.DataFrame:
        picked = vocab.select(pl.all().gather(index % vocab.height))
        return picked.rename({c: prefix + c for c in picked.columns}) if prefix else picked

    keys = articles.select("a", "article_id", "doc_id", "url", "source", "published")
    events = pl.concat(
        [
            sentences,
            pick(types, i * 7),
            pick(codes, i * 13),
            pick(actors, i, "actor1_"),
            pick(actors, i * 5 + 1, "actor2_"),
            pick(places, i * 3),
        ],
        how="horizontal",
    ).join(keys, on="a", how="left", maintain_order="left")
    fatalities = (pl.col("i") % 7).cast(pl.Int32)
    events = events.with_columns(
        event_id=pl.concat_str(
            pl.col("article_id").str.slice(0, 13), pl.col("i").cast(pl.String).str.zfill(7)
        ),
        run_id=pl.lit(run_id),
        coder_version=pl.lit(CODER_VERSION),
        coded_at=pl.lit(datetime(2024, 12, 31, tzinfo=UTC)),
        event_date=pl.col("published") - pl.duration(days=pl.col("i") % 5),
        time_precision=(pl.col("i") % 3 + 1).cast(pl.Int8),
        civilian_targeting=pl.when(pl.col("event_type").is_not_null()).then(pl.col("i") % 5 == 0),
        actor1=pl.col("actor1_actor"),
        actor1_type=pl.col("actor1_type"),
        actor1_cameo=pl.col("actor1_cameo"),
        actor1_country=pl.col("actor1_country"),
        actor2=pl.col("actor2_actor"),
        actor2_type=pl.col("actor2_type"),
        actor2_cameo=pl.col("actor2_cameo"),
        actor2_country=pl.col("actor2_country"),
        interaction=pl.concat_str("actor1_type", "actor2_type", separator="-"),
        geo_precision=(pl.col("i") % 3 + 1).cast(pl.Int8),
        fatalities=fatalities,
        fatalities_low=fatalities,
        fatalities_high=fatalities + (pl.col("i") % 3).cast(pl.Int32),
        rule_id=pl.lit("verb:clash"),
        confidence=0.5 + (pl.col("i") % 50) / 100,
        notes=pl.format("{} near {}", pl.col("actor1_actor"), pl.col("location")),
        source_url=pl.col("url"),
    )
    return conform(articles, "articles"), conform(events, "events")


def prepare(data: Path, n_events: int) -> dict[str, Any]:
    """Write the synthetic rows of `n_events` events to `data` as Parquet (skipped when already there)."""
    meta_path = data / "meta.json"
    if meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        if meta.get("events") == n_events:
            return meta
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    articles, events = synthetic_rows(n_events)
    articles.write_parquet(data / "articles.parquet")
    events.write_parquet(data / "events.parquet")
    meta = {
        "events": events.height,
        "articles": articles.height,
        "run_id": RUN_ID,
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    meta_path.write_text(json.dumps(meta))
    return meta


def read_rows(data: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The articles and events written by `prepare`."""
    return pl.read_parquet(data / "articles.parquet"), pl.read_parquet(data / "events.parquet")


def load_ours(data: Path, dest: Path, profile_out: Path | None = None) -> dict[str, Any]:
    """Validate and load the rows into a fresh warehouse at `dest`; time each step.

    With `profile_out`, the timed part runs under pyinstrument: the profile is written there and its
    hot spots are returned as well.
    """
    from warehouse import run_audits

    articles, events = read_rows(data)
    _fresh(dest)
    profiler = _profiler() if profile_out else None
    if profiler:
        profiler.start()
    times = _validate_and_load(articles, events, dest)
    extra: dict[str, Any] = {}
    if profiler and profile_out:
        profiler.stop()
        profile_out.parent.mkdir(parents=True, exist_ok=True)
        profile_out.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
        session = profiler.last_session
        extra = {"profile": str(profile_out), "hot_spots": hot_spots(session.root_frame()) if session else []}
    failed_audits = {name: n for name, n in run_audits(dest).items() if n}
    return {
        **times,
        "events": events.height,
        "articles": articles.height,
        "failed_audits": failed_audits,
        **extra,
    }


def _validate_and_load(articles: pl.DataFrame, events: pl.DataFrame, dest: Path) -> dict[str, float]:
    """The measured work: what the flow's validate and load tasks do with these rows."""
    from schemas.models import conform, empty_frame
    from schemas.validate import validate_table
    from warehouse import load_run, start_run

    run = conform(pl.DataFrame([_run_row()]), "runs")
    counts = {
        "articles_in": articles.height,
        "articles_loaded": articles.height,
        "articles_rejected": 0,
        "events_coded": events.height,
        "events_rejected": 0,
    }
    t0 = time.perf_counter()
    valid_articles = validate_table(articles, "articles")
    valid_events = validate_table(events, "events")
    t1 = time.perf_counter()
    start_run(dest, run)
    t2 = time.perf_counter()
    result = load_run(dest, RUN_ID, valid_articles.valid, valid_events.valid, empty_frame("rejects"), counts)
    t3 = time.perf_counter()
    rejected = valid_articles.rejects.height + valid_events.rejects.height
    if rejected or result.events_new != events.height or result.articles_new != articles.height:
        raise RuntimeError(
            f"synthetic rows did not all load: {rejected} rejected, {result.events_new} of {events.height} "
            f"events and {result.articles_new} of {articles.height} articles new"
        )
    return {
        "seconds": t3 - t0,
        "validate_seconds": t1 - t0,
        "start_seconds": t2 - t1,
        "load_seconds": t3 - t2,
    }


def load_dlt(data: Path, dest: Path) -> dict[str, Any]:
    """Load the same rows with dlt into a DuckDB file: merge on `event_id` (and `article_id`)."""
    import dlt
    import duckdb

    articles, events = read_rows(data)
    _fresh(dest)
    db = dest / "dlt.duckdb"
    pipeline = dlt.pipeline(
        pipeline_name="bench_load",
        destination=dlt.destinations.duckdb(str(db)),
        dataset_name="dyads",
        pipelines_dir=str(dest / "pipelines"),
    )
    resources = [
        dlt.resource(
            articles.to_arrow(), name="articles", write_disposition="merge", primary_key="article_id"
        ),
        dlt.resource(events.to_arrow(), name="events", write_disposition="merge", primary_key="event_id"),
    ]
    t0 = time.perf_counter()
    pipeline.run(resources)
    t1 = time.perf_counter()
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = {t: _count(con, f"dyads.{t}") for t in ("articles", "events")}
    if loaded != {"articles": articles.height, "events": events.height}:
        raise RuntimeError(
            f"dlt loaded {loaded}, expected {articles.height} articles, {events.height} events"
        )
    return {"seconds": t1 - t0, "events": loaded["events"], "articles": loaded["articles"]}


def _profiler() -> Any:
    from pyinstrument import Profiler

    return Profiler(interval=0.001)


def hot_spots(root: Any, top: int = 12) -> list[dict[str, Any]]:
    """The project functions (schemas/, warehouse/) taking the most time, inclusive of what they call,
    each with the library function under it that takes the most self time."""
    project: dict[tuple[str, str, int], float] = {}
    leaves: dict[tuple[str, str, int], dict[tuple[str, str, int], float]] = {}

    def walk(frame: Any, owner: tuple[str, str, int] | None, seen: frozenset[tuple[str, str, int]]) -> None:
        key = (str(frame.function), str(frame.file_path_short), int(frame.line_no or 0))
        path = str(frame.file_path or "")
        ours = path.startswith(str(ROOT)) and "/.venv/" not in path and "/bench/" not in path
        if ours and not key[0].startswith("<"):  # comprehensions and modules are not functions to fix
            if key not in seen:  # recursion counts once
                project[key] = project.get(key, 0.0) + float(frame.time)
            owner, seen = key, seen | {key}
        if owner is not None and frame.total_self_time:
            bucket = leaves.setdefault(owner, {})
            bucket[key] = bucket.get(key, 0.0) + float(frame.total_self_time)
        for child in frame.children:
            walk(child, owner, seen)

    walk(root, None, frozenset())
    ranked = sorted(project.items(), key=lambda kv: kv[1], reverse=True)[:top]
    spots = []
    for (function, file, line), seconds in ranked:
        below = leaves.get((function, file, line), {})
        heaviest = max(below.items(), key=lambda kv: kv[1], default=None)
        spots.append(
            {
                "function": function,
                "where": f"{file}:{line}",
                "seconds": round(seconds, 3),
                "self_heaviest": f"{heaviest[0][0]} ({heaviest[0][1]}) {heaviest[1]:.3f} s"
                if heaviest
                else "",
            }
        )
    return spots


def _run_row() -> dict[str, Any]:
    return {
        "run_id": RUN_ID,
        "started_at": datetime.now(UTC),
        "status": "running",
        "source": "bench:synthetic",
        "coder_version": CODER_VERSION,
        "parameters": "{}",
    }


def _count(con: Any, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _fresh(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)


COMMANDS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {"ours": load_ours, "dlt": load_dlt}


def main(argv: list[str] | None = None) -> None:
    """Command line: `ours`, `dlt` or `profile` one load of the prepared rows; prints JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.load_vs_dlt", description=__doc__)
    parser.add_argument("what", choices=[*COMMANDS, "profile", "prepare"])
    parser.add_argument("--data", type=Path, required=True, help="Directory of the prepared Parquet rows")
    parser.add_argument("--dest", type=Path, help="Fresh destination directory (deleted first)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="Events to prepare (prepare only)")
    parser.add_argument("--profile-out", type=Path, help="Where `profile` writes the pyinstrument text")
    args = parser.parse_args(argv)
    if args.what == "prepare":
        print(json.dumps(prepare(args.data, args.rows)))
        return
    if args.dest is None:
        parser.error(f"{args.what} needs --dest")
    if args.what == "profile":
        out = args.profile_out or args.dest.with_suffix(".profile.txt")
        print(json.dumps(load_ours(args.data, args.dest, out)))
        return
    print(json.dumps(COMMANDS[args.what](args.data, args.dest)))


if __name__ == "__main__":
    main()
