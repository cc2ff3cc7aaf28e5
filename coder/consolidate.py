"""Folding rows that ACLED codes as one event: a demonstration and the force used against it, and
repeated mentions of one event (same type, place and day).

ACLED codes one event per demonstration per place and day: protesters who are arrested or dispersed are
a "Protest with intervention", protesters who turn violent a "Violent demonstration". The sentence rules
see the protest, the arrests and the clash separately; this pass folds them back into one row.
"""

from __future__ import annotations

from collections.abc import Sequence

Row = dict[str, object]

DEMONSTRATION_TYPES = {"Protests", "Riots"}
SEVERITY = {
    "Peaceful protest": 0,
    "Protest with intervention": 1,
    "Excessive force against protesters": 2,
    "Mob violence": 3,
    "Violent demonstration": 4,
}
CROWD_TYPES = {"Protesters", "Rioters", "Civilians", None}


def fold_demonstrations(rows: Sequence[Row]) -> list[Row]:
    """One row per demonstration and place: arrests of its crowd and repeated mentions fold into it."""
    keepers: list[Row] = []
    out: list[Row] = []
    for row in sorted(rows, key=_demonstration_first):
        if row["event_type"] not in DEMONSTRATION_TYPES and not _crowd_arrest(row):
            out.append(row)
            continue
        keeper = next((k for k in keepers if _same_place(k, row, strict=_crowd_arrest(row))), None)
        if keeper is not None:
            _absorb(keeper, row)
            continue
        if row["event_type"] in DEMONSTRATION_TYPES:
            keepers.append(row)
        out.append(row)
    return _in_text_order(out)


def _in_text_order(rows: list[Row]) -> list[Row]:
    # A stable sort: rows of one sentence keep the order they came in, never an order set by id hashes,
    # which change with every dictionary edit.
    return sorted(rows, key=lambda r: int(str(r["evidence_start"])))


def _copy_actor(dst: Row, dst_side: str, src: Row, src_side: str) -> None:
    """Name, type, CAMEO code and country of one side, and the interaction code that follows from them."""
    for suffix in ("", "_type", "_cameo", "_country"):
        dst[f"{dst_side}{suffix}"] = src[f"{src_side}{suffix}"]
    types = [str(t) for t in (dst["actor1_type"], dst["actor2_type"]) if t is not None]
    dst["interaction"] = "-".join(types) or None


def _demonstration_first(row: Row) -> tuple[int, int, int]:
    """Most severe demonstration rows first, so they keep the event; arrests come last."""
    if row["event_type"] in DEMONSTRATION_TYPES:
        return (0, -SEVERITY.get(str(row["sub_event_type"]), 0), int(str(row["evidence_start"])))
    return (1, 0, int(str(row["evidence_start"])))


def _crowd_arrest(row: Row) -> bool:
    return row["sub_event_type"] == "Arrests" and row["actor2_type"] in CROWD_TYPES


def _same_place(a: Row, b: Row, strict: bool = False) -> bool:
    """Same place, or one of them only placed at country level (the sentence named no place); `strict`
    (arrests) wants the same place: arresting a protest leader elsewhere is an event of its own."""
    if a["iso3"] is not None and b["iso3"] is not None and a["iso3"] != b["iso3"]:
        return False
    if a["event_date"] != b["event_date"]:
        return False
    same = a["geonames_id"] == b["geonames_id"]
    return same or (not strict and 3 in (a["geo_precision"], b["geo_precision"]))


def _absorb(keeper: Row, other: Row) -> None:
    """Take the other row's force (as actor 2) and deaths into the keeper."""
    force = other["actor1"] if other["event_type"] == "Strategic developments" else other["actor2"]
    if keeper["actor2"] is None and force is not None and force != keeper["actor1"]:
        _copy_actor(
            keeper, "actor2", other, "actor1" if other["event_type"] == "Strategic developments" else "actor2"
        )
    if keeper["sub_event_type"] == "Peaceful protest" and other["sub_event_type"] in {
        "Arrests",
        "Protest with intervention",
    }:
        keeper["sub_event_type"] = "Protest with intervention"
        keeper["disorder_type"] = "Demonstrations"
    for key in ("fatalities", "fatalities_low", "fatalities_high"):
        keeper[key] = max(int(str(keeper[key] or 0)), int(str(other[key] or 0)))
    keeper["rule_id"] = f"{keeper['rule_id']}+fold:{other['rule_id']}"
    keeper["confidence"] = max(float(str(keeper["confidence"])), float(str(other["confidence"])))


GENERIC_ACTORS = ("Unidentified", "Rioters", "Protesters", "Civilians")


def fold_repeats(rows: Sequence[Row]) -> list[Row]:
    """ACLED's event is one type, place, day and dyad: rows that agree on those (an unnamed actor agreeing
    with a named one) are one event told twice ('fired mortars…', '…two explosions were heard')."""
    out: list[Row] = []
    for row in sorted(rows, key=lambda r: -float(str(r["confidence"]))):
        twin = next((k for k in out if _repeat(k, row)), None)
        if twin is None:
            out.append(row)
            continue
        for side in ("actor1", "actor2"):
            if _generic(twin[side]) and not _generic(row[side]):
                _copy_actor(twin, side, row, side)
        _lowest_toll(twin, row)
        twin["rule_id"] = f"{twin['rule_id']}+same:{row['rule_id']}"
    return _in_text_order(out)


def _lowest_toll(twin: Row, row: Row) -> None:
    """Two counts for one event: ACLED keeps the lowest reported figure (a count of 0 is no report)."""
    counts = [r for r in (twin, row) if int(str(r["fatalities"] or 0)) > 0]
    if counts:
        low = min(counts, key=lambda r: int(str(r["fatalities"])))
        for key in ("fatalities", "fatalities_low", "fatalities_high"):
            twin[key] = low[key]


def _repeat(a: Row, b: Row) -> bool:
    if a["event_type"] is None or a["event_type"] != b["event_type"]:
        return False
    if (a["geonames_id"], a["event_date"]) != (b["geonames_id"], b["event_date"]):
        return False
    if a["geo_precision"] == 3 and a["evidence_start"] != b["evidence_start"]:
        return False  # placed only at country or region level: two sentences may be two places
    return all(_generic(a[s]) or _generic(b[s]) or a[s] == b[s] for s in ("actor1", "actor2"))


def _generic(name: object) -> bool:
    return name is None or str(name).startswith(GENERIC_ACTORS)
