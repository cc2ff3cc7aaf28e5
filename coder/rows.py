"""Event rows: the place columns, evidence span, one-line notes and the deterministic event id."""

from __future__ import annotations

import hashlib

from spacy.tokens import Span

from coder.fatalities import Fatalities
from coder.gazetteer import Place
from coder.places import PlaceMention


def place_columns(place: Place | None, mention: PlaceMention | None) -> dict[str, object]:
    """The where columns of a row; a place found only as the article's country has precision 3."""
    if place is None:
        return {
            "location": None,
            "admin1": None,
            "admin2": None,
            "country": None,
            "iso3": None,
            "latitude": None,
            "longitude": None,
            "geo_precision": None,
            "geonames_id": None,
        }
    precision = place.geo_precision if mention is not None else 3
    return {
        "location": place.name,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "country": place.country,
        "iso3": place.iso3,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": precision,
        "geonames_id": place.geonames_id,
    }


def set_fatalities(row: dict[str, object], fat: Fatalities) -> None:
    """Put `fat` on the row (best, low, high) and rewrite its notes."""
    row["fatalities"], row["fatalities_low"], row["fatalities_high"] = fat.best, fat.low, fat.high
    row["notes"] = summary_note(row)


def evidence_span(sent: Span) -> tuple[str, int, int]:
    """The sentence as evidence: its stripped text and character offsets in the article."""
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return stripped, start, start + len(stripped)


def summary_note(row: dict[str, object]) -> str:
    """One line saying what, who, against whom, where, when and how many died."""
    what = row["sub_event_type"] or f"CAMEO {row['cameo_code']}"
    who = row["actor1"] or "Unidentified actor"
    whom = f" against {row['actor2']}" if row["actor2"] else ""
    where = f" in {row['location']}, {row['country']}" if row["location"] else ""
    return f"{what}: {who}{whom}{where} on {row['event_date']}; {row['fatalities']} fatalities."


def event_id_of(row: dict[str, object]) -> str:
    """Deterministic id: the same article coded the same way by the same coder version, the same id."""
    key = "|".join(
        str(row[k])
        for k in (
            "article_id",
            "coder_version",
            "evidence_start",
            "rule_id",
            "event_type",
            "sub_event_type",
            "cameo_code",
            "actor1",
            "actor2",
            "geonames_id",
            "event_date",
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def refreshed(row: dict[str, object]) -> dict[str, object]:
    """Notes and id again, after folding may have changed the row."""
    row["notes"] = summary_note(row)
    row["event_id"] = event_id_of(row)
    return row


def dedupe_rows(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """One row per event id, first kept, in order."""
    seen: dict[str, dict[str, object]] = {}
    for row in rows:
        seen.setdefault(str(row["event_id"]), row)
    return list(seen.values())
