"""coder/data/word_lists.csv: the rule modules' cue words, one list per rule, each list used."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from coder.lexicon import DATA_DIR, word_list

CODER_DIR = Path(__file__).resolve().parents[2] / "coder"


def _rows() -> list[dict[str, str]]:
    with open(DATA_DIR / "word_lists.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_words_are_clean_and_listed_once() -> None:
    rows = _rows()
    assert rows
    assert all(r["word"] and r["word"] == r["word"].strip() for r in rows)
    repeated = [key for key, n in Counter((r["list"], r["word"]) for r in rows).items() if n > 1]
    assert repeated == []


def test_every_list_is_used_by_a_rule_module() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in CODER_DIR.glob("*.py"))
    used = set(re.findall(r'word_list\("([^"]+)"\)', source))
    assert {r["list"] for r in _rows()} == used


def test_an_unknown_list_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="not in"):
        word_list("taxonomy.no_such_list")
