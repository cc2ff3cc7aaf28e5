"""Fatalities: numbers of dead in a sentence, by ACLED's conservative rule (injuries are not deaths)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from coder.dates import MONTHS

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000}
# Vague quantities, ACLED's conventions: "dozens" 12, "hundreds" 100.
VAGUE = {
    "dozen": 12,
    "dozens": 12,
    "scores": 20,
    "score": 20,
    "hundreds": 100,
    "thousands": 1000,
    "several": 3,
    "few": 3,
}
DEATH_NOUNS = {"death", "fatality", "body", "corpse", "dead", "life", "casualty"}
DEATH_VERBS = {
    "kill",
    "die",
    "slay",
    "execute",
    "massacre",
    "behead",
    "lynch",
    "murder",
    "assassinate",
    "perish",
    "claim",
}
NOT_DEATH = {
    "injure",
    "wound",
    "hurt",
    "injury",
    "arrest",
    "detain",
    "abduct",
    "kidnap",
    "displace",
    "rescue",
    "evacuate",
    "hospitalize",
    "hospitalise",
    "captive",
    "hostage",
    "prisoner",
}
CUMULATIVE = {"war", "conflict", "violence", "fighting", "insurgency", "crisis", "unrest", "campaign"}
FLOOR_WORDS = {
    "least",
    "more",
    "over",
    "than",
    "some",
    "about",
    "approximately",
    "around",
    "nearly",
    "almost",
}
ZERO_PATTERN = re.compile(
    r"\b(no (one|body|deaths?|fatalities|casualties|injuries or deaths)|nobody)\b[^.]*?"
    r"\b(killed|died|reported|recorded|dead)?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Deaths reported in a sentence: ACLED's figure and the reported range."""

    best: int
    low: int
    high: int


def parse_number(text: str) -> int | None:
    """An integer written in digits ("1,200") or words ("twenty-five", "two hundred"); None otherwise."""
    cleaned = text.lower().replace(",", "").strip()
    if cleaned.isdigit():
        return int(cleaned)
    if cleaned in VAGUE:
        return VAGUE[cleaned]
    total, current = 0, 0
    parts = [p for p in re.split(r"[\s-]+", cleaned) if p and p != "and"]
    if not parts:
        return None
    for part in parts:
        if part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part in SCALES:
            current = max(current, 1) * SCALES[part]
            if SCALES[part] >= 1000:
                total, current = total + current, 0
        elif part.isdigit():
            current += int(part)
        else:
            return None
    return total + current


def _number_tokens(sent: Span) -> list[tuple[Token, int]]:
    out = []
    for tok in sent:
        if tok.i > sent.start and tok.nbor(-1).lower_ == "no":  # "no one was killed"
            continue
        if tok.like_num or tok.lower_ in VAGUE:
            value = parse_number(tok.text)
            if value is None or tok.ent_type_ in {"TIME", "MONEY", "PERCENT", "ORDINAL"}:
                continue
            # NER often calls "between 10 and 15" a DATE; only years and days of a month are dates here.
            if tok.ent_type_ == "DATE" and (1900 <= value <= 2100 or _next_to_month(tok)):
                continue
            out.append((tok, value))
    return out


def _next_to_month(tok: Token) -> bool:
    doc = tok.doc
    near = [doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(doc)]
    return any(t.lower_.rstrip(".") in MONTHS for t in near)


def _counts_deaths(num: Token) -> bool:
    """Does this number count dead people? Walk from the number to its noun and that noun's verb."""
    if any(c.lemma_.lower() in NOT_DEATH or c.lower_ in {"injured", "wounded"} for c in num.children):
        return False  # "one dead and three injured": the three are the injured
    while num.dep_ == "conj" and num.head.like_num:  # "between 10 and 15 people": 15 hangs off 10
        num = num.head
    noun = num.head if num.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"} else num
    while noun.dep_ == "conj" and noun.head.i != noun.i:  # "two soldiers and four militants were killed"
        noun = noun.head
    if noun.lemma_.lower() in DEATH_NOUNS and noun.lemma_.lower() != "casualty":
        return not _injury_nearby(noun)
    if noun.lemma_.lower() == "casualty":
        return False
    if any(c.lower_ == "dead" for c in noun.children) or (noun.head.lower_ == "dead"):
        return True
    if noun.dep_ == "pobj" and noun.head.lemma_ in {"to", "at"}:
        verb = noun.head.head
        if any(c.lemma_ == "toll" for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}):
            return True
    head = noun.head
    for _ in range(2):
        lemma = head.lemma_.lower()
        if lemma in NOT_DEATH:
            return False
        if lemma in DEATH_VERBS and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in CUMULATIVE for c in head.children
        ):
            return False  # "the war has killed tens of thousands": a running total, not this event's toll
        if lemma in DEATH_VERBS and noun.dep_ in {
            "nsubjpass",
            "dobj",
            "nsubj",
            "conj",
            "appos",
            "pobj",
            "attr",
        }:
            return lemma != "claim" or any(c.lemma_ == "life" for c in head.children)
        if lemma in {"leave", "left"} and any(c.lower_ == "dead" for c in head.children):
            return True
        if head.dep_ != "conj" or head.head.i == head.i:
            break
        head = head.head
    return False


def _injury_nearby(noun: Token) -> bool:
    return noun.head.lemma_.lower() in NOT_DEATH


def find_fatalities(sent: Span) -> Fatalities | None:
    """Deaths reported in `sent`, or None when it reports none (ACLED then codes 0)."""
    counts: list[tuple[Token, int]] = []
    for tok, value in _number_tokens(sent):
        if _counts_deaths(tok):
            counts.append((tok, value))
    if not counts:
        return Fatalities(0, 0, 0) if ZERO_PATTERN.search(sent.text) and _mentions_death(sent) else None
    values = [v for _, v in counts]
    # Two numbers joined by "to"/"and" under "between" form a range; numbers on conjoined nouns add up.
    if len(counts) == 2 and _is_range(counts[0][0], counts[1][0]):
        low, high = sorted(values)
        return Fatalities(low, low, high)
    nouns = [t.head if t.dep_ == "nummod" else t for t, _ in counts]
    if len(counts) > 1 and all(n in nouns[0].conjuncts or n.i == nouns[0].i for n in nouns):
        total = sum(values)
        return Fatalities(total, total, total)
    return Fatalities(min(values), min(values), max(values))


def _is_range(first: Token, second: Token) -> bool:
    """'between 10 and 15', '10 to 15', '10-15'."""
    if second.head.i == first.i and second.dep_ == "conj":
        before = first.doc[first.i - 1].lower_ if first.i > 0 else ""
        return before == "between" or any(c.lower_ == "between" for c in first.head.children)
    between = first.doc[first.i + 1 : second.i]
    return len(between) == 1 and between[0].lower_ in {"to", "-", "–"}


def _mentions_death(sent: Span) -> bool:
    return any(t.lemma_.lower() in DEATH_VERBS | DEATH_NOUNS for t in sent)
