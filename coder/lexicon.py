"""Action triggers and role nouns: the coder's verb/noun lexicon, read from `coder/data/*.csv`."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
# actions.csv wins over cameo_verbs.csv when both list a trigger.
ACTION_FILES = ("actions.csv", "cameo_verbs.csv")
# spaCy splits "sit-in" into three tokens, so trigger keys are split the same way.
_KEY_TOKENS = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Action:
    """A trigger lemma sequence and what it means."""

    trigger: tuple[str, ...]
    pos: str  # VERB or NOUN
    family: str
    cameo_code: str


@dataclass(frozen=True, slots=True)
class Role:
    """A role noun (forces, police, protesters…) and the actor it names."""

    role: tuple[str, ...]
    actor_type: str
    cameo_role: str
    template: str
    armed: bool


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of the CSV file `name` in the coder's data directory."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def actions() -> dict[tuple[tuple[str, ...], str], Action]:
    """All actions keyed by (lemma tuple, POS)."""
    out: dict[tuple[tuple[str, ...], str], Action] = {}
    for name in ACTION_FILES:
        for row in read_rows(name):
            key = trigger_key(row["trigger"])
            out.setdefault((key, row["pos"]), Action(key, row["pos"], row["family"], row["cameo_code"]))
    return out


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of list `name` in `word_lists.csv`, the cue words of the rules ("taxonomy.artillery_words").

    Raises KeyError for a list the file does not have, so a renamed list fails at import, not silently.
    """
    words = _word_lists().get(name)
    if words is None:
        raise KeyError(f"word list {name!r} is not in {DATA_DIR / 'word_lists.csv'}")
    return words


@cache
def _word_lists() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    for row in read_rows("word_lists.csv"):
        lists.setdefault(row["list"], set()).add(row["word"])
    return {name: frozenset(words) for name, words in lists.items()}


@cache
def cameo_only_families() -> frozenset[str]:
    """Families of `cameo_verbs.csv`: verbal and diplomatic acts, CAMEO events but never ACLED ones."""
    return frozenset(row["family"] for row in read_rows("cameo_verbs.csv"))


def trigger_key(text: str) -> tuple[str, ...]:
    """Lower-cased tokens of a trigger as spaCy splits them: 'sit-in' -> ('sit', '-', 'in')."""
    return tuple(_KEY_TOKENS.findall(text.lower()))


@cache
def roles() -> dict[tuple[str, ...], Role]:
    """All role nouns keyed by lemma tuple."""
    return {
        tuple(row["role"].lower().split()): Role(
            tuple(row["role"].lower().split()),
            row["actor_type"],
            row["cameo_role"],
            row["template"],
            row["armed"] == "true",
        )
        for row in read_rows("roles.csv")
    }


@cache
def max_trigger_len() -> int:
    """Longest trigger, in tokens."""
    return max(len(key) for key, _ in actions())
