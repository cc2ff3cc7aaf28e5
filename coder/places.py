"""Place mentions in a sentence, resolved through the gazetteer.

NER labels on place names are often wrong ("Tel Rifaat" PERSON, "Hama" ORG), so candidates are runs of
proper nouns and place-like entities, and the gazetteer decides which of them are places.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from coder.dates import MONTHS, WEEKDAYS
from coder.gazetteer import Gazetteer, Place

ADMIN_WORDS = {
    "province",
    "provinces",
    "governorate",
    "governorates",
    "state",
    "states",
    "region",
    "regions",
    "district",
    "districts",
    "county",
    "counties",
    "oblast",
    "department",
    "prefecture",
}
PARTICLES = {
    "al",
    "el",
    "ez",
    "ad",
    "ar",
    "as",
    "az",
    "ash",
    "an",
    "de",
    "du",
    "la",
    "le",
    "des",
    "del",
    "bin",
    "ibn",
    "abu",
    "bani",
    "beni",
    "-",
    "'",
    "’",
}
CALENDAR_WORDS = set(MONTHS) | set(WEEKDAYS)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: tokens [start, end) and the gazetteer entry they resolve to."""

    start: int
    end: int
    text: str
    place: Place
    admin_hint: bool


def _candidate_spans(sent: Span) -> list[tuple[int, int]]:
    """Runs of proper nouns (with Arabic/Romance particles and hyphens inside), plus place entities."""
    spans: list[tuple[int, int]] = []
    i = sent.start
    doc = sent.doc
    while i < sent.end:
        tok = doc[i]
        if (tok.pos_ == "PROPN" and tok.ent_type_ not in NOT_PLACE_LABELS and tok.is_alpha) or (
            tok.ent_type_ in PLACE_LABELS and tok.is_alpha and tok.is_title
        ):
            j = i + 1
            while j < sent.end and (
                (doc[j].pos_ == "PROPN" and doc[j].ent_type_ not in NOT_PLACE_LABELS)
                or (doc[j].lower_ in PARTICLES and j + 1 < sent.end and doc[j + 1].pos_ == "PROPN")
            ):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def _admin_hint(doc_tokens: list[Token]) -> bool:
    first, last = doc_tokens[0], doc_tokens[-1]
    after = last.nbor(1) if last.i + 1 < len(last.doc) else None
    if after is not None and after.lower_ in ADMIN_WORDS:
        return True
    # "the provinces of Idlib and Hama": the admin word governs the first conjunct through "of".
    node = first
    for _ in range(4):
        if node.dep_ in {"pobj", "conj", "prep"}:
            node = node.head
            if node.lower_ in ADMIN_WORDS:
                return True
        else:
            break
    return False


def find_places(
    sent: Span, gazetteer: Gazetteer, country_hint: str | None, excluded: set[int]
) -> list[PlaceMention]:
    """Place mentions in `sent`, skipping tokens in `excluded` (named actors)."""
    doc = sent.doc
    out: list[PlaceMention] = []
    for start, end in _candidate_spans(sent):
        while start < end and doc[start].lower_ in PARTICLES - {"al", "el"}:
            start += 1
        if start >= end or any(i in excluded for i in range(start, end)):
            continue
        tokens = list(doc[start:end])
        if tokens[-1].lower_ in ADMIN_WORDS and len(tokens) > 1:
            tokens = tokens[:-1]
            end -= 1
        text = doc[start:end].text
        if len(text) < 3 or text.lower() in CALENDAR_WORDS:
            continue
        hint = _admin_hint(tokens)
        place = gazetteer.lookup(text, country_hint, prefer_admin1=hint)
        if place is not None:
            out.append(PlaceMention(start, end, text, place, hint))
    return out


def specificity(place: Place) -> int:
    """Higher is more specific: a town beats a province beats a country."""
    return {"PPL": 3, "ADM1": 2}.get(place.feature, 1)
