"""Text cleaning, content ids, headline guessing and Markdown stripping."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from sources import article_id, normalise_text
from sources.files import strip_markdown
from sources.text import excerpt, guess_title


def test_normalise_text_applies_every_rule() -> None:
    raw = "\ufeff  Cafe\u0301 \t\u00a0 in  town\r\nline\x00two\x07 \r\rthree\u200b\n\n\n\n  end  \n"
    assert normalise_text(raw) == "Café in town\nlinetwo\n\nthree\n\n end"


def test_normalise_text_unifies_every_newline_style() -> None:
    assert normalise_text("a\r\nb\rc\u2028d\u2029e\x85f") == "a\nb\nc\nd\ne\nf"


def test_normalise_text_keeps_single_blank_lines_and_leading_indent_once() -> None:
    assert normalise_text("para one\n\npara two\n    indented") == "para one\n\npara two\n indented"


def test_normalise_text_of_blank_input_is_empty() -> None:
    assert normalise_text(" \t\n\r\n\x00 ") == ""


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_text_is_idempotent(raw: str) -> None:
    once = normalise_text(raw)
    assert normalise_text(once) == once


def test_article_id_is_sha256_of_normalised_text() -> None:
    text = "Troops entered the town.\n\nResidents fled."
    assert article_id(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert article_id("  Troops entered the town.\r\n\r\n\r\nResidents   fled.  ") == article_id(text)
    assert article_id(text) != article_id(text + " More.")


def test_guess_title_takes_a_short_first_line_without_final_period() -> None:
    assert guess_title("Rebels seize airport\n\nRebels seized the airport.") == "Rebels seize airport"
    assert guess_title("Is peace near?\nTalks resume.") == "Is peace near?"


def test_guess_title_refuses_sentences_long_lines_and_single_lines() -> None:
    assert guess_title("Rebels seized the airport.\nMore text.") is None
    assert guess_title("Only one line") is None
    assert guess_title("x" * 151 + "\nbody") is None


def test_strip_markdown_keeps_the_words_and_drops_the_syntax() -> None:
    raw = (
        "## Police *clash* with **strikers** ##\n\n"
        "See the [full report](https://example.org/r) and ![map](m.png) of `Harbour Road`.\n"
        "> Quoted _witness_ words\n"
        "* first point\n"
        "- second point\n\n"
        "---\n"
        "snake_case_name stays, and 2 * 3 * 4 too.\n"
        "[ref]: https://example.org/ref\n"
    )
    assert strip_markdown(raw).splitlines() == [
        "Police clash with strikers",
        "",
        "See the full report and map of Harbour Road.",
        "Quoted witness words",
        "first point",
        "second point",
        "",
        "",
        "snake_case_name stays, and 2 * 3 * 4 too.",
        "",
    ]


def test_excerpt_truncates_and_shows_bytes_as_repr() -> None:
    assert excerpt("a" * 600) == "a" * 499 + "…"
    assert excerpt(b"\x89PNG\x00") == "b'\\x89PNG\\x00'"
    assert excerpt(None) is None
