"""The TOML sources file: what a valid file gives, and a clear SourceError for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources import SourceError, SourceSpec, read_sources_file


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sources.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str | bytes) -> str:
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as info:
        read_sources_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    return message


def test_a_valid_file_lists_every_source_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
# World news and the local archive.
[[source]]
url = "https://example.org/world/rss.xml"
name = "Example World"
kind = "feed"

[[source]]
url = "https://example.org/2024/05/ferry-strike.html"
kind = "page"

[[source]]
url = "http://wire.example/latest"

[[source]]
path = "archive/2024"
name = "Archive"

[[source]]
path = "/data/briefs.jsonl"
""",
    )
    assert read_sources_file(path) == [
        SourceSpec("https://example.org/world/rss.xml", "feed", "Example World"),
        SourceSpec("https://example.org/2024/05/ferry-strike.html", "page", None),
        SourceSpec("http://wire.example/latest", "auto", None),
        SourceSpec(str(tmp_path / "archive" / "2024"), "path", "Archive"),
        SourceSpec("/data/briefs.jsonl", "path", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[source]\nurl = 'x'\n", "not valid TOML"),
        ("", "no [[source]] entries"),
        ("# nothing here\n", "no [[source]] entries"),
        ("[source]\nurl = 'https://a.example/rss'\n", "no [[source]] entries (note the double brackets)"),
        ("source = []\n", "no [[source]] entries"),
        (
            "[settings]\nretries = 3\n[[source]]\nurl = 'https://a.example/rss'\n",
            "unknown top-level key(s) settings",
        ),
        ("[[source]]\nname = 'Nameless'\n", "source #1 needs exactly one of url"),
        (
            "[[source]]\nurl = 'https://a.example/rss'\n"
            "[[source]]\nurl = 'https://b.example/rss'\npath = 'b'\n",
            "source #2 needs exactly one of url",
        ),
        ("[[source]]\nurl = 'https://a.example/rss'\ntitle = 'A'\n", "source #1 has unknown key(s) title"),
        (
            "[[source]]\nurl = 'https://a.example/rss'\nkind = 'sitemap'\n",
            "source #1: kind 'sitemap' is not one of",
        ),
        (
            "[[source]]\nurl = 'https://a.example/rss'\nkind = 'path'\n",
            "source #1: kind 'path' is not one of",
        ),
        ("[[source]]\npath = 'archive'\nkind = 'feed'\n", "source #1: kind 'feed' applies to URLs only"),
        (
            "[[source]]\nurl = 'ftp://a.example/rss'\n",
            "source #1: url 'ftp://a.example/rss' is not an http(s) URL",
        ),
        ("[[source]]\nurl = 'a.example/rss'\n", "source #1: url 'a.example/rss' is not an http(s) URL"),
        (
            "[[source]]\nurl = 'https://a.example/rss'\nname = 7\n",
            "source #1: name must be a non-empty string",
        ),
        ("[[source]]\npath = ''\n", "source #1: path must be a non-empty string"),
        (
            "[[source]]\nurl = 'https://a.example/rss'\n[[source]]\nurl = 'https://a.example/rss'\n",
            "source #2 repeats source #1 (https://a.example/rss)",
        ),
    ],
    ids=[
        "bad-toml",
        "empty",
        "comment-only",
        "single-brackets",
        "empty-array",
        "top-level-key",
        "neither",
        "both",
        "unknown-key",
        "bad-kind",
        "path-kind-on-url",
        "url-kind-on-path",
        "ftp",
        "no-scheme",
        "name-type",
        "empty-path",
        "duplicate",
    ],
)
def test_mistakes_raise_a_source_error_naming_file_and_entry(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in error_of(tmp_path, text)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    assert "not UTF-8" in error_of(tmp_path, "[[source]]\nname = 'Caf\u00e9'\n".encode("cp1252"))


def test_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(SourceError, match=r"nowhere\.toml: cannot read the sources file"):
        read_sources_file(missing)
