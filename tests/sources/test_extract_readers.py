"""Each reader on well-formed input, the doc_id rules, directory order, dedupe and the output contract."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import sources.html
from sources import ARTICLE_SCHEMA, REJECT_SCHEMA, dedupe, extract, iter_extract, normalise_text
from sources.files import iter_files


def write_jsonl(path: Path, rows: Sequence[object]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def only_article(source: Path) -> dict[str, Any]:
    result = extract(source)
    assert result.rejects.height == 0, result.rejects.to_dicts()
    assert result.articles.height == 1
    return result.articles.row(0, named=True)


def test_txt_file_is_one_article_with_a_headline(good_dir: Path) -> None:
    row = only_article(good_dir / "clashes.txt")
    assert row["doc_id"] == str(good_dir / "clashes.txt")
    assert row["input_path"] == str(good_dir / "clashes.txt")
    assert row["title"] == "Fighting flares near river crossing"
    assert row["text"].startswith("Fighting flares near river crossing\n\nGovernment troops")
    assert "crossing, local officials" in row["text"]  # the double space is collapsed
    assert row["url"] is None and row["published"] is None and row["source"] is None


def test_txt_without_headline_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Shelling resumed overnight. Two houses were destroyed.\n", encoding="utf-8")
    assert only_article(path)["title"] is None


def test_markdown_is_stripped_and_titled_by_its_heading(good_dir: Path) -> None:
    row = only_article(good_dir / "protest.md")
    assert row["title"] == "Teachers march in Valdora over unpaid wages"
    text = row["text"]
    assert text.startswith("Teachers march in Valdora over unpaid wages\n\nValdora, 3 April --")
    assert "the Ministry of Education on Wednesday" in text
    assert "according to the teachers' union." in text
    assert "\nPolice watched the march" in text
    for syntax in ("#", "**", "](", "https://", "> ", "- Police"):
        assert syntax not in text


def test_html_page_keeps_the_article_and_drops_navigation_and_scripts(good_dir: Path) -> None:
    row = only_article(good_dir / "page.html")
    text = row["text"]
    assert "An airstrike hit the central market of Dembel on Sunday afternoon" in text
    assert "Aid groups called for an independent inquiry" in text
    for noise in ("Sign in", "Sport", "analytics", "font-family", "All rights reserved"):
        assert noise not in text
    assert row["title"] == "Airstrike hits market in Dembel"
    assert row["url"] == "https://harbourpost.example/world/dembel-market-strike"
    assert row["source"] == "The Harbour Post"
    # 22:40 at UTC-4 on 12 May is 13 May in UTC.
    assert row["published"] == date(2024, 5, 13)
    assert row["doc_id"] == str(good_dir / "page.html")


def test_html_falls_back_to_body_text_when_trafilatura_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    path = tmp_path / "short.htm"
    path.write_text(
        "<html><head><title>Brief</title><style>p{}</style></head><body><nav>Home | World</nav>"
        "<p>Two killed in Arta.</p><div>Police  investigate.</div><script>x()</script></body></html>",
        encoding="utf-8",
    )
    row = only_article(path)
    assert row["text"] == "Two killed in Arta.\nPolice investigate."
    assert row["title"] == "Brief"
    assert sources.html.parse_page("<p>x</p>").text == "x"


def test_json_list_gives_one_article_per_object(good_dir: Path) -> None:
    result = extract(good_dir / "briefs.json")
    assert result.rejects.height == 0
    first, second = result.articles.to_dicts()
    assert first["doc_id"] == "brief-101"
    assert first["url"] == "https://wire.example/briefs/101"
    assert first["title"] == "Ferry workers strike at Port Ansel"
    assert first["source"] == "Example Wire"
    assert first["published"] == date(2024, 6, 6)
    assert second["doc_id"] == f"{good_dir / 'briefs.json'}[1]"
    assert second["published"] is None  # "not a date" is NULL, not a reject


def test_json_single_object_uses_the_path_as_doc_id(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": "Curfew declared in Bara.", "title": "  Curfew \n in Bara "}))
    row = only_article(path)
    assert row["doc_id"] == str(path)
    assert row["title"] == "Curfew in Bara"


def test_jsonl_doc_id_is_id_then_url_then_path_and_line(good_dir: Path) -> None:
    path = good_dir / "wire.jsonl"
    result = extract(path)
    assert result.articles["doc_id"].to_list() == [
        "42",
        "https://wire.example/2024/06/09/talks",
        f"{path}:3",
    ]
    assert result.articles["published"].to_list() == [date(2024, 6, 9), date(2024, 6, 9), None]
    assert result.articles["url"].to_list() == [None, "https://wire.example/2024/06/09/talks", None]


def test_blank_id_falls_back_to_url_and_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text(
        json.dumps({"id": "  ", "url": "https://x.example/a", "text": "A."})
        + "\n\n   \n"
        + json.dumps({"id": None, "text": "B."})
        + "\n",
        encoding="utf-8",
    )
    result = extract(path)
    assert result.items_in == 2  # blank lines are not items
    assert result.articles["doc_id"].to_list() == ["https://x.example/a", f"{path}:4"]


def test_jsonl_gz_is_read_like_jsonl(tmp_path: Path, good_dir: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress((good_dir / "wire.jsonl").read_bytes()))
    plain = extract(good_dir / "wire.jsonl").articles
    packed = extract(path).articles
    assert packed["text"].to_list() == plain["text"].to_list()
    assert packed["doc_id"].to_list()[:2] == plain["doc_id"].to_list()[:2]
    assert packed["doc_id"][2] == f"{path}:3"


def test_utf8_bom_in_jsonl_and_txt_is_dropped(tmp_path: Path) -> None:
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "b1", "text": "Talks ended."}).encode() + b"\n")
    txt = tmp_path / "bom.txt"
    txt.write_bytes(b"\xef\xbb\xbfTalks ended.")
    assert only_article(jsonl)["text"] == "Talks ended."
    assert only_article(txt)["text"] == "Talks ended."


def test_utf16_jsonl_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "windows.jsonl"
    lines = "\r\n".join(
        json.dumps({"id": f"w{i}", "text": f"Bericht {i}: Grenzübergang geschlossen."}) for i in range(3)
    )
    path.write_bytes(lines.encode("utf-16"))
    result = extract(path)
    assert result.rejects.height == 0
    assert result.articles["doc_id"].to_list() == ["w0", "w1", "w2"]
    assert result.articles["text"][0] == "Bericht 0: Grenzübergang geschlossen."


def test_text_is_the_normalised_form_so_offsets_are_safe(tmp_path: Path) -> None:
    raw = "Troops\u00a0entered  Kessa\r\n\r\n\r\n\r\nCafe\u0301 owners\tfled.\u200b  "
    write_jsonl(tmp_path / "raw.jsonl", [{"id": "r1", "text": raw}])
    (tmp_path / "raw.txt").write_text(raw, encoding="utf-8", newline="")
    result = extract(tmp_path)
    assert result.articles.height == 1  # the same text from two files is one article
    row = result.articles.row(0, named=True)
    assert row["text"] == normalise_text(raw) == "Troops entered Kessa\n\nCafé owners fled."
    assert row["n_chars"] == len(row["text"])
    assert row["article_id"] == hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
    start = row["text"].index("Café")
    assert row["text"][start : start + len("Café owners")] == "Café owners"


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b/2.txt", "a.txt", "b/1.txt", "c.txt", ".hidden/x.txt", ".DS_Store", "b/.draft.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Report from {name}.", encoding="utf-8")
    names = [path.relative_to(tmp_path).as_posix() for path in iter_files(tmp_path)]
    assert names == ["a.txt", "b/1.txt", "b/2.txt", "c.txt"]
    result = extract(tmp_path)
    assert result.articles["doc_id"].to_list() == [str(tmp_path / name) for name in names]


def test_duplicate_article_collapses_to_one_and_is_not_a_reject(good_dir: Path) -> None:
    result = extract(good_dir)
    assert result.rejects.height == 0
    raw = pl.concat([batch.articles for batch in iter_extract(good_dir)])
    assert result.items_in == raw.height == 10
    assert result.articles.height == 8
    assert result.articles["article_id"].is_unique().all()
    clashes = result.articles.filter(pl.col("title") == "Fighting flares near river crossing")
    # clashes.txt, clashes_copy.txt and notes.jsonl hold the same text; the first file in order wins.
    assert clashes["doc_id"].to_list() == [str(good_dir / "clashes.txt")]
    assert raw.filter(pl.col("article_id") == clashes["article_id"][0]).height == 3


def test_dedupe_keeps_the_first_occurrence_across_batches(tmp_path: Path) -> None:
    rows = [{"id": f"d{i}", "text": f"Item {i % 3}."} for i in range(7)]
    write_jsonl(tmp_path / "dups.jsonl", rows)
    batches = list(iter_extract(tmp_path, batch_size=2))
    assert [b.items_in for b in batches] == [2, 2, 2, 1]
    result = extract(tmp_path, batch_size=2)
    assert result.items_in == 7
    assert result.articles["doc_id"].to_list() == ["d0", "d1", "d2"]
    assert dedupe(result.articles).equals(result.articles)


def test_frames_follow_the_contract_schemas(good_dir: Path, bad_dir: Path) -> None:
    good, bad = extract(good_dir), extract(bad_dir)
    for result in (good, bad):
        assert result.articles.schema == ARTICLE_SCHEMA
        assert result.rejects.schema == REJECT_SCHEMA
    for source in (good_dir, bad_dir):
        for batch in iter_extract(source, batch_size=3):
            assert batch.articles.schema == ARTICLE_SCHEMA
            assert batch.rejects.schema == REJECT_SCHEMA
            assert batch.items_in == batch.articles.height + batch.rejects.height
    assert set(bad.rejects["stage"]) == {"extract"}
    stamps = good.articles["ingested_at"].unique()
    assert stamps.len() == 1
    assert abs(datetime.now(UTC) - stamps[0]).total_seconds() < 60


def test_empty_directory_gives_empty_frames(tmp_path: Path) -> None:
    result = extract(tmp_path)
    assert result.items_in == 0
    assert result.articles.schema == ARTICLE_SCHEMA and result.articles.height == 0
    assert result.rejects.schema == REJECT_SCHEMA and result.rejects.height == 0


def test_schemas_match_the_warehouse_models(good_dir: Path, bad_dir: Path) -> None:
    from schemas.models import Articles, Rejects, polars_schema

    articles_contract = {k: v for k, v in polars_schema("articles").items() if k != "run_id"}
    assert dict(ARTICLE_SCHEMA) == articles_contract
    assert list(ARTICLE_SCHEMA) == list(articles_contract)
    rejects_contract = {
        k: v for k, v in polars_schema("rejects").items() if k not in ("reject_id", "run_id", "at")
    }
    assert dict(REJECT_SCHEMA) == rejects_contract

    articles = extract(good_dir).articles.with_columns(run_id=pl.lit("run-1"))
    Articles.validate(articles.select(polars_schema("articles").names()), lazy=True)
    rejects = extract(bad_dir).rejects.with_columns(
        reject_id=pl.int_range(pl.len()).cast(pl.String),
        run_id=pl.lit("run-1"),
        at=pl.lit(datetime.now(UTC)).cast(pl.Datetime("us", "UTC")),
    )
    Rejects.validate(rejects.select(polars_schema("rejects").names()), lazy=True)
