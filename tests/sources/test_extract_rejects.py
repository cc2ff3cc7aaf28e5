"""Bad input: every case becomes exactly one reject that says what is wrong, and nothing raises."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
from pathlib import Path

import pytest

from sources import ExtractResult, SourceError, extract, iter_extract
from sources.extract import READERS


def only_reject(result: ExtractResult) -> dict[str, str | None]:
    assert result.articles.height == 0, result.articles.to_dicts()
    assert result.rejects.height == 1, result.rejects.to_dicts()
    assert result.items_in == 1
    row = result.rejects.row(0, named=True)
    assert row["stage"] == "extract"
    assert row["reason"] and row["doc_id"]
    assert row["payload"] is None or len(row["payload"]) <= 500
    return row


def reject_of(path: Path, data: bytes, **kwargs: int) -> dict[str, str | None]:
    path.write_bytes(data)
    row = only_reject(extract(path, **kwargs))
    assert row["doc_id"] == str(path)
    assert str(path) in str(row["reason"])
    return row


def test_missing_source_raises_source_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SourceError, match=r"nowhere.*does not exist"):
        extract(missing)
    with pytest.raises(SourceError, match="does not exist"):
        iter_extract(str(missing))  # raised on the call, not on the first next()
    with pytest.raises(SourceError, match="URL"):
        extract("https://example.org/feed.xml")


def test_empty_file(tmp_path: Path) -> None:
    row = reject_of(tmp_path / "empty.txt", b"")
    assert (row["failed_check"], row["field"], row["value"]) == ("not_empty", "text", "<empty>")
    assert "empty" in str(row["reason"])


@pytest.mark.parametrize("name", ["blank.txt", "blank.md", "blank.json", "blank.html"])
def test_whitespace_only_file(tmp_path: Path, name: str) -> None:
    row = reject_of(tmp_path / name, b" \n\t\r\n  \n")
    assert (row["failed_check"], row["field"], row["value"]) == ("not_blank", "text", "<whitespace only>")
    assert "only whitespace" in str(row["reason"])


def test_png_saved_as_txt(tmp_path: Path) -> None:
    row = reject_of(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert (row["failed_check"], row["field"]) == ("not_binary", "encoding")
    assert "PNG image" in str(row["reason"])
    assert str(row["payload"]).startswith("b'\\x89PNG")


@pytest.mark.parametrize(
    ("magic", "kind"), [(b"%PDF-1.7\n", "PDF"), (b"PK\x03\x04", "ZIP"), (b"\x1f\x8b\x08\x00", "gzip")]
)
def test_other_binary_formats_with_a_text_extension(tmp_path: Path, magic: bytes, kind: str) -> None:
    row = reject_of(tmp_path / "report.md", magic + b"binary body" * 10)
    assert row["failed_check"] == "not_binary"
    assert kind in str(row["reason"])


def test_nul_bytes(tmp_path: Path) -> None:
    row = reject_of(tmp_path / "dump.txt", b"Some words\x00\x00\x01 and more")
    assert row["failed_check"] == "not_binary"
    assert "NUL" in str(row["reason"])


def test_mostly_non_printable_bytes(tmp_path: Path) -> None:
    noise = bytes(b % 31 + 1 for b in range(4000))  # control bytes, no NUL, no magic number
    row = reject_of(tmp_path / "noise.txt", noise)
    assert row["failed_check"] == "not_binary"
    assert "non-printable" in str(row["reason"])


def test_broken_utf16_after_its_bom(tmp_path: Path) -> None:
    # A lone high surrogate followed by "a": the BOM promises UTF-16 that the bytes do not hold.
    row = reject_of(tmp_path / "broken16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a\x00")
    assert (row["failed_check"], row["field"]) == ("decodable", "encoding")
    assert "utf-16" in str(row["reason"])


def test_latin1_text_is_decoded_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = "Les forces armées ont attaqué la ville près de Goma. Naïve señor, café.\n"
    path.write_bytes(text.encode("latin-1"))
    result = extract(path)
    assert result.rejects.height == 0
    assert result.articles["text"][0] == text.strip()


def test_utf16_with_bom_is_decoded_and_without_bom_rejected(tmp_path: Path) -> None:
    text = "Вооружённые люди атаковали деревню. Two killed."
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode("utf-16"))
    assert extract(path).articles["text"][0] == text
    row = reject_of(tmp_path / "utf16le.txt", text.encode("utf-16-le"))
    assert row["failed_check"] == "not_binary"
    assert "UTF-16 text without a byte-order mark" in str(row["reason"])


def test_file_over_max_bytes_names_its_size(tmp_path: Path) -> None:
    row = reject_of(tmp_path / "big.html", b"<p>" + b"x" * 2000 + b"</p>", max_bytes=1000)
    assert (row["failed_check"], row["field"], row["value"]) == ("max_bytes", "file_size", "2007")
    assert "2,007 bytes" in str(row["reason"]) and "1,000-byte limit" in str(row["reason"])


def test_html_page_without_article_text(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>Index</title><script>var a = 'lots of script text';</script></head>"
        b"<body><nav><a href='/'>Home</a> <a href='/world'>World news</a></nav>"
        b"<script>track()</script><style>p {}</style></body></html>"
    )
    row = reject_of(tmp_path / "index.html", page)
    assert (row["failed_check"], row["field"], row["value"]) == ("has_text", "text", "<no text>")
    assert "no article text" in str(row["reason"])


def test_unsupported_extension_inside_a_directory(bad_dir: Path) -> None:
    result = extract(bad_dir)
    row = result.rejects.filter(failed_check="supported_type").row(0, named=True)
    assert row["doc_id"] == str(bad_dir / "table.csv")
    assert (row["field"], row["value"]) == ("extension", ".csv")
    assert "unsupported file type" in str(row["reason"]) and "supported: .jsonl.gz" in str(row["reason"])


def test_unsupported_single_file_and_double_suffix(tmp_path: Path) -> None:
    assert reject_of(tmp_path / "notes.docx", b"PK\x03\x04")["value"] == ".docx"
    assert reject_of(tmp_path / "dump.tar.gz", b"\x1f\x8b")["value"] == ".tar.gz"


def test_bad_fixture_directory_gives_one_reject_per_bad_item(bad_dir: Path) -> None:
    result = extract(bad_dir)
    assert result.items_in == result.articles.height + result.rejects.height == 7
    assert result.articles["doc_id"].to_list() == ["ok-1"]
    checks = dict(zip(result.rejects["doc_id"], result.rejects["failed_check"], strict=True))
    assert checks == {
        str(bad_dir / "blank.md"): "not_blank",
        f"{bad_dir / 'broken.jsonl'}:2": "valid_json",
        "notext-3": "text_present",
        f"{bad_dir / 'broken.jsonl'}:4": "is_object",
        str(bad_dir / "empty.txt"): "not_empty",
        str(bad_dir / "table.csv"): "supported_type",
    }


@pytest.mark.parametrize(
    ("line", "check", "field", "value"),
    [
        ('{"id": "x1", "text": "cut off', "valid_json", None, None),
        ('{"id": "x1", "title": "no body"}', "text_present", "text", "<missing>"),
        ('{"id": "x1", "text": null}', "text_present", "text", "null"),
        ('{"id": "x1", "text": 123}', "text_present", "text", "123"),
        ('{"id": "x1", "text": ["a"]}', "text_present", "text", '["a"]'),
        ('{"id": "x1", "text": ""}', "text_present", "text", "<empty>"),
        ('{"id": "x1", "text": " \\n\\t "}', "text_present", "text", "<whitespace only>"),
        ('"just a string"', "is_object", None, "a string"),
        ("[1, 2]", "is_object", None, "an array"),
    ],
)
def test_bad_jsonl_line(tmp_path: Path, line: str, check: str, field: str | None, value: str | None) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    row = only_reject(extract(path))
    assert (row["failed_check"], row["field"], row["value"]) == (check, field, value)
    assert row["payload"] == line
    expected_doc = "x1" if '"id"' in line and check != "valid_json" else f"{path}:1"
    assert row["doc_id"] == expected_doc
    assert expected_doc in str(row["reason"])


def test_jsonl_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    first = json.dumps({"id": "g", "text": "Fine."}).encode()
    last = json.dumps({"id": "h", "text": "Also fine."}).encode()
    path.write_bytes(first + b"\n" + '{"text": "caf\u00e9"}'.encode("latin-1") + b"\n" + last)
    result = extract(path)
    assert result.articles["doc_id"].to_list() == ["g", "h"]
    row = result.rejects.row(0, named=True)
    assert (row["doc_id"], row["failed_check"], row["field"]) == (f"{path}:2", "decodable", "encoding")
    assert "not valid UTF-8" in str(row["reason"])


def test_jsonl_line_over_max_bytes_is_rejected_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    rows = [{"id": "a", "text": "x" * 5000}, {"id": "b", "text": "Short."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = extract(path, max_bytes=1000)
    assert result.articles["doc_id"].to_list() == ["b"]
    row = result.rejects.row(0, named=True)
    assert row["doc_id"] == f"{path}:1"
    assert (row["failed_check"], row["field"], row["value"]) == ("max_bytes", "line", "1")


def test_empty_and_blank_jsonl(tmp_path: Path) -> None:
    for name, data in [("empty.jsonl", b""), ("blank.jsonl", b"\n \n\n")]:
        row = reject_of(tmp_path / name, data)
        assert (row["failed_check"], row["value"]) == ("not_empty", "<empty>")


@pytest.mark.parametrize(
    ("data", "check", "value"),
    [
        (b'{"text": "cut', "valid_json", None),
        (b"42", "is_object", "a number"),
        (b"[]", "not_empty", "<empty list>"),
    ],
)
def test_bad_json_file(tmp_path: Path, data: bytes, check: str, value: str | None) -> None:
    row = reject_of(tmp_path / "doc.json", data)
    assert (row["failed_check"], row["value"]) == (check, value)


def test_json_list_with_a_bad_element_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": "One."}, "two", {"id": 3, "text": ""}, {"text": "Four."}]))
    result = extract(path)
    assert result.items_in == 4
    assert result.articles["doc_id"].to_list() == [f"{path}[0]", f"{path}[3]"]
    assert result.rejects["doc_id"].to_list() == [f"{path}[1]", "3"]
    assert result.rejects["failed_check"].to_list() == ["is_object", "text_present"]


def numbered_lines(count: int, seed: int = 7) -> bytes:
    # Seeded, not os.urandom: the damage tests below must see the same compressed bytes on every run.
    rng = random.Random(seed)
    return b"".join(
        json.dumps({"id": f"n{i}", "text": f"Report number {i} " + rng.randbytes(300).hex()}).encode() + b"\n"
        for i in range(count)
    )


def test_gzip_corrupt_midway_keeps_the_earlier_lines(tmp_path: Path) -> None:
    # A second gzip member whose deflate data starts with the reserved block type 3: zlib fails at once.
    broken_member = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\x06" + os.urandom(200)
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(gzip.compress(numbered_lines(300)) + broken_member)
    result = extract(path)
    assert result.articles["doc_id"].to_list() == [f"n{i}" for i in range(300)]
    row = result.rejects.row(0, named=True)
    assert result.rejects.height == 1
    assert (row["failed_check"], row["field"], row["value"]) == ("gzip_intact", "line", "301")
    assert row["doc_id"] == f"{path}:301"
    assert "corrupt or truncated after line 300" in str(row["reason"])
    assert result.items_in == 301


def test_gzip_with_flipped_bytes_rejects_from_the_damage_on(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(numbered_lines(400), compresslevel=1))
    middle = len(packed) * 3 // 4
    packed[middle : middle + 64] = b"\xff" * 64
    path = tmp_path / "flipped.jsonl.gz"
    path.write_bytes(bytes(packed))
    result = extract(path)
    kept = result.articles["doc_id"].to_list()
    assert 0 < len(kept) < 400
    # The lines before the damage come out whole and in order; inflated garbage may copy an earlier line
    # through a back-reference, which no reader can tell from data, so only the intact prefix is checked.
    intact = next((i for i, doc_id in enumerate(kept) if doc_id != f"n{i}"), len(kept))
    assert intact >= 250
    # Garbage that still inflates is rejected line by line until zlib or the CRC check gives up.
    assert result.rejects["failed_check"][-1] == "gzip_intact"
    assert result.items_in == len(kept) + result.rejects.height


def test_gzip_truncated_keeps_the_earlier_lines(tmp_path: Path) -> None:
    packed = gzip.compress(numbered_lines(400), compresslevel=1)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    result = extract(path)
    assert 0 < result.articles.height < 400
    assert result.rejects["failed_check"].to_list() == ["gzip_intact"]


def test_jsonl_gz_that_is_not_gzip(tmp_path: Path) -> None:
    row = reject_of(tmp_path / "plain.jsonl.gz", b'{"text": "not compressed"}\n')
    assert row["doc_id"] == str(tmp_path / "plain.jsonl.gz") and row["failed_check"] == "gzip_intact"


def test_gzip_saved_as_plain_jsonl(tmp_path: Path) -> None:
    row = reject_of(tmp_path / "packed.jsonl", gzip.compress(b'{"text": "x"}\n'))
    assert row["failed_check"] == "not_binary"
    assert "rename it to .jsonl.gz" in str(row["reason"])


def test_a_failing_reader_becomes_a_reject_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(path: Path, max_bytes: int) -> None:
        raise RuntimeError("parser blew up")

    monkeypatch.setitem(READERS, "md", explode)
    (tmp_path / "a.md").write_text("# Title\n\nBody.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Body of b.", encoding="utf-8")
    result = extract(tmp_path)
    assert result.articles["doc_id"].to_list() == [str(tmp_path / "b.txt")]
    row = result.rejects.row(0, named=True)
    assert row["failed_check"] == "reader_error"
    assert "RuntimeError: parser blew up" in str(row["reason"])
