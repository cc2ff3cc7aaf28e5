"""Score coded events against a human-coded gold file (the format of `/work/shared/eval/README.md`).

Plain functions: `load_gold` reads the gold JSONL, `score` compares gold items with a predicted events
frame, `evaluate_file` codes the gold texts with a `Coder` and scores them. How each metric is counted:

- Pairing: within a document, each gold event is paired with the predicted event that agrees with it
  on most of its scored fields, best pairs first; an unpaired gold event scores zero on every field.
  Events marked `"required": false` count when paired and are skipped when not.
- Field accuracy: per scored field, correct paired values over gold events carrying that field. A list
  value means any member is right. Coordinates are scored by distance (`geocoding`), not here.
- Primary event = the document's highest-`confidence` event; its `event_type` / `sub_event_type` is
  the document's label ("none" when it has none, always wrong). Accuracy, weighted F1 (by gold
  support) and macro F1 (mean over gold labels) are over documents with a gold type.
- Event precision/recall: a gold ACLED event is found when a predicted event of its document has its
  type and its admin1 (country when admin1 is not gold; type alone when neither is). Precision is
  predicted ACLED-typed events that find some gold event, over all predicted ACLED-typed events.
  Only documents that score ACLED types (`event_type` or `no_acled_event`) take part.
"""

from __future__ import annotations

import json
import math
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from coder.code import Coder, code_articles
from schemas.models import conform
from sources.text import article_id

NO_ACLED = "no_acled_event"
NO_CAMEO = "no_cameo_event"
NONE_LABEL = "none"
PLACE_FIELDS = frozenset({"country", "admin1", "admin2", "location"})
INT_FIELDS = frozenset(
    {"fatalities", "fatalities_low", "fatalities_high", "quad_class", "geo_precision", "time_precision"}
)
COORD_FIELDS = frozenset({"latitude", "longitude"})
PLACE_WORDS = frozenset(
    {
        "province",
        "provinces",
        "governorate",
        "state",
        "region",
        "district",
        "oblast",
        "county",
        "department",
        "prefecture",
        "municipality",
        "raion",
        "rayon",
        "muhafazat",
        "wilaya",
        "city",
        "of",
        "the",
    }
)
EARTH_RADIUS_KM = 6371.0088

Item = dict[str, Any]


class GoldFileError(ValueError):
    """The gold file is missing or a line is not a gold item; the message names the file and line."""


def normalise_place(name: object) -> str:
    """Name without accents, case, punctuation or words like "province" ("Idlib Governorate": "idlib")."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['’‘`ʼ]", "", text)
    words = re.sub(r"[^\w]+|_", " ", text).split()
    kept = [w for w in words if w not in PLACE_WORDS]
    return " ".join(kept or words)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def load_gold(path: Path | str) -> list[Item]:
    """The gold items of a JSONL file, one per non-blank line; `GoldFileError` says what is wrong."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc}") from exc
    items: list[Item] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{number}: not JSON ({exc.msg}); one gold item per line") from exc
        if not isinstance(item, dict):
            raise GoldFileError(f"{path}:{number}: a gold item must be a JSON object")
        for key, kind in (("id", str), ("text", str), ("scored", list), ("events", list)):
            if not isinstance(item.get(key), kind):
                raise GoldFileError(f"{path}:{number}: field {key!r} missing or not a {kind.__name__}")
        if not item["text"].strip():
            raise GoldFileError(f"{path}:{number}: item {item['id']} has an empty text")
        items.append(item)
    if not items:
        raise GoldFileError(f"gold file {path} holds no items")
    return items


# --- comparing values -----------------------------------------------------------------------------


def _members(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


def _same(field: str, gold: object, pred: object) -> bool:
    if gold is None or pred is None:
        return False
    if field in PLACE_FIELDS:
        return normalise_place(gold) == normalise_place(pred)
    if field in INT_FIELDS:
        return _as_int(gold) is not None and _as_int(gold) == _as_int(pred)
    if field == "event_date":
        return str(gold)[:10] == str(pred)[:10]
    return " ".join(str(gold).casefold().split()) == " ".join(str(pred).casefold().split())


def agrees(field: str, gold: object, pred: object) -> bool:
    """`pred` matches the gold value of `field`; a gold list is matched by any of its members."""
    return any(_same(field, g, pred) for g in _members(gold))


def _point(event: Mapping[str, Any]) -> tuple[float, float] | None:
    lat, lon = event.get("latitude"), event.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    return None


def _within(gold: Mapping[str, Any], pred: Mapping[str, Any] | None, km: float) -> bool:
    g, p = _point(gold), _point(pred or {})
    return g is not None and p is not None and haversine_km(*g, *p) <= km


def _fields(item: Item, event: Mapping[str, Any]) -> list[str]:
    """Scored fields that this gold event carries, coordinates excluded."""
    return [
        f for f in item["scored"] if f not in (NO_ACLED, NO_CAMEO) and f not in COORD_FIELDS and f in event
    ]


def _scores_coords(item: Item, event: Mapping[str, Any]) -> bool:
    return "latitude" in item["scored"] and _point(event) is not None


def _agreement(item: Item, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> int:
    n = sum(agrees(f, gold[f], pred.get(f)) for f in _fields(item, gold))
    return n + (_scores_coords(item, gold) and _within(gold, pred, 25.0))


def pair_events(item: Item, preds: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any] | None]:
    """For each gold event of `item`, its paired predicted event (or None), best agreements first."""
    golds = item["events"]
    candidates = sorted(
        ((-_agreement(item, g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
    )
    paired: list[Mapping[str, Any] | None] = [None] * len(golds)
    used: set[int] = set()
    for _, gi, pi in candidates:
        if paired[gi] is None and pi not in used:
            paired[gi] = preds[pi]
            used.add(pi)
    return paired


def _required(event: Mapping[str, Any]) -> bool:
    return event.get("required", True) is not False


# --- classification metrics -----------------------------------------------------------------------


def f1_scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[float | None, float | None]:
    """(weighted F1 by gold support, macro F1 over gold labels) of two label sequences."""
    if not gold:
        return None, None
    support = Counter(gold)
    f1s: dict[str, float] = {}
    for label in support:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = support[label] - tp
        f1s[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    weighted = sum(f1s[label] * n for label, n in support.items()) / len(gold)
    return weighted, sum(f1s.values()) / len(f1s)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _primary(preds: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    if not preds:
        return None
    return max(preds, key=lambda p: p.get("confidence") or 0.0)  # max keeps the first of equals


def _label(event: Mapping[str, Any] | None, field: str) -> str:
    value = None if event is None else event.get(field)
    return NONE_LABEL if value is None else str(value)


def _gold_label(item: Item, field: str, predicted: str) -> str | None:
    """The document's gold label: the predicted one when any gold event allows it, else the first."""
    typed = [e for e in item["events"] if e.get(field) is not None]
    if not typed:
        return None
    for event in typed:
        if agrees(field, event[field], predicted):
            return predicted
    first = next((e for e in typed if _required(e)), typed[0])
    return str(_members(first[field])[0])


def _type_metrics(
    items: Iterable[Item], by_doc: Mapping[str, list[dict[str, Any]]], field: str
) -> dict[str, Any]:
    gold_labels: list[str] = []
    pred_labels: list[str] = []
    for item in items:
        if field not in item["scored"]:
            continue
        predicted = _label(_primary(by_doc.get(item["id"], [])), field)
        gold = _gold_label(item, field, predicted)
        if gold is not None:
            gold_labels.append(gold)
            pred_labels.append(predicted)
    correct = sum(g == p for g, p in zip(gold_labels, pred_labels, strict=True))
    weighted, macro = f1_scores(gold_labels, pred_labels)
    return {
        "accuracy": _ratio(correct, len(gold_labels)),
        "weighted_f1": weighted,
        "macro_f1": macro,
        "n": len(gold_labels),
    }


# --- the score ------------------------------------------------------------------------------------


def _found(item: Item, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    if not agrees("event_type", gold["event_type"], pred.get("event_type")):
        return False
    for field in ("admin1", "country"):
        if field in item["scored"] and gold.get(field) is not None:
            return agrees(field, gold[field], pred.get(field))
    return True


def score(gold_items: Sequence[Item], predicted_events: pl.DataFrame) -> dict[str, Any]:
    """Every metric of the module docstring for `gold_items` against `predicted_events` (keyed by doc_id)."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if predicted_events.height:
        for row in predicted_events.iter_rows(named=True):
            by_doc[str(row["doc_id"])].append(row)

    field_hits: Counter[str] = Counter()
    field_n: Counter[str] = Counter()
    geo = {"n": 0, "within_25km": 0, "within_100km": 0}
    fat = {"n_exact": 0, "exact": 0, "n_range": 0, "within_range": 0}
    ev = {"gold": 0, "found": 0, "predicted": 0, "matched": 0}
    no_event = {NO_ACLED: [0, 0], NO_CAMEO: [0, 0]}  # [items, items without such an event]
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    n_gold_events = 0

    for item in gold_items:
        preds = by_doc.get(item["id"], [])
        scored = item["scored"]
        for flag, column in ((NO_ACLED, "event_type"), (NO_CAMEO, "cameo_code")):
            if flag in scored:
                no_event[flag][0] += 1
                no_event[flag][1] += not any(p.get(column) is not None for p in preds)
        # field accuracy, geocoding, fatalities on paired events
        for gold, pred in zip(item["events"], pair_events(item, preds), strict=True):
            if pred is None and not _required(gold):
                continue
            n_gold_events += 1
            for field in _fields(item, gold):
                field_n[field] += 1
                field_hits[field] += pred is not None and agrees(field, gold[field], pred.get(field))
            if _scores_coords(item, gold):
                geo["n"] += 1
                geo["within_25km"] += _within(gold, pred, 25.0)
                geo["within_100km"] += _within(gold, pred, 100.0)
            if "fatalities" in scored and "fatalities" in gold:
                value = None if pred is None else _as_int(pred.get("fatalities"))
                fat["n_exact"] += 1
                fat["exact"] += value is not None and agrees("fatalities", gold["fatalities"], value)
                low, high = _as_int(gold.get("fatalities_low")), _as_int(gold.get("fatalities_high"))
                if low is not None and high is not None:
                    fat["n_range"] += 1
                    fat["within_range"] += value is not None and low <= value <= high
        # event precision / recall over documents that score ACLED types
        if "event_type" in scored or NO_ACLED in scored:
            typed_gold = [g for g in item["events"] if g.get("event_type") is not None]
            typed_pred = [p for p in preds if p.get("event_type") is not None]
            for gold in typed_gold:
                found = any(_found(item, gold, p) for p in typed_pred)
                if found or _required(gold):
                    ev["gold"] += 1
                    ev["found"] += found
            ev["predicted"] += len(typed_pred)
            ev["matched"] += sum(any(_found(item, g, p) for g in typed_gold) for p in typed_pred)
            predicted = _label(_primary(preds), "event_type")
            gold_label = NONE_LABEL if NO_ACLED in scored else _gold_label(item, "event_type", predicted)
            if gold_label is not None:
                confusion[gold_label][predicted] += 1

    precision, recall = _ratio(ev["matched"], ev["predicted"]), _ratio(ev["found"], ev["gold"])
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    if f1 is None and precision is not None and recall is not None:
        f1 = 0.0
    return {
        "n_gold_events": n_gold_events,
        "field_accuracy": {
            f: {"accuracy": field_hits[f] / field_n[f], "n": field_n[f]} for f in sorted(field_n)
        },
        "event_type": _type_metrics(gold_items, by_doc, "event_type"),
        "sub_event_type": _type_metrics(gold_items, by_doc, "sub_event_type"),
        NO_ACLED: {
            "share_without_event": _ratio(no_event[NO_ACLED][1], no_event[NO_ACLED][0]),
            "n": no_event[NO_ACLED][0],
        },
        NO_CAMEO: {
            "share_without_event": _ratio(no_event[NO_CAMEO][1], no_event[NO_CAMEO][0]),
            "n": no_event[NO_CAMEO][0],
        },
        "events": {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "n_gold": ev["gold"],
            "n_found": ev["found"],
            "n_predicted": ev["predicted"],
            "n_matched": ev["matched"],
        },
        "geocoding": {
            "within_25km": _ratio(geo["within_25km"], geo["n"]),
            "within_100km": _ratio(geo["within_100km"], geo["n"]),
            "n": geo["n"],
        },
        "fatalities": {
            "exact": _ratio(fat["exact"], fat["n_exact"]),
            "n_exact": fat["n_exact"],
            "within_range": _ratio(fat["within_range"], fat["n_range"]),
            "n_range": fat["n_range"],
        },
        "cameo_root": {
            "accuracy": _ratio(field_hits["cameo_root"], field_n["cameo_root"]),
            "n": field_n["cameo_root"],
        },
        "confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
    }


def gold_articles(items: Sequence[Item]) -> pl.DataFrame:
    """The gold texts as an articles frame (article_id = sha256 of the text, doc_id = item id)."""
    now = datetime.now(UTC)
    rows = [
        {
            "article_id": article_id(item["text"]),
            "doc_id": item["id"],
            "url": None,
            "title": None,
            "source": item.get("source"),
            "published": _published(item),
            "text": item["text"],
            "n_chars": len(item["text"]),
            "input_path": None,
            "run_id": "eval",
            "ingested_at": now,
        }
        for item in items
    ]
    return conform(pl.DataFrame(rows, infer_schema_length=None), "articles")


def _published(item: Item) -> date | None:
    value = item.get("published")
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise GoldFileError(f"item {item['id']}: published {value!r} is not YYYY-MM-DD") from exc


def raw_parse_seconds(texts: list[str], coder: Coder) -> float:
    """Wall time of plain spaCy parsing of `texts` with the coder's pipeline and batch size (the speed
    baseline of issue 3: coding may take at most twice this)."""
    started = time.perf_counter()
    for _ in coder.nlp.pipe(texts, batch_size=coder.settings.batch_size):
        pass
    return time.perf_counter() - started


def evaluate_items(items: Sequence[Item], coder: Coder) -> dict[str, Any]:
    """Code the gold texts with `coder` and score them; adds counts, wall time and dataset names."""
    articles = gold_articles(items)
    parse_seconds = raw_parse_seconds(articles["text"].to_list(), coder)
    started = time.perf_counter()
    coded = code_articles(articles, coder)
    seconds = time.perf_counter() - started
    report = score(items, coded.events)
    report["coder_failures"] = coded.rejects.height
    datasets = sorted({str(item.get("dataset")) for item in items})
    return {
        "dataset": ",".join(datasets),
        "n_items": len(items),
        "n_events_predicted": coded.events.height,
        "seconds": round(seconds, 3),
        "parse_seconds": round(parse_seconds, 3),
        "parse_ratio": round(seconds / parse_seconds, 2) if parse_seconds > 0 else None,
        **report,
    }


def evaluate_file(path: Path | str, coder: Coder, limit: int | None = None) -> dict[str, Any]:
    """`evaluate_items` over the gold file at `path` (its first `limit` items when given)."""
    items = load_gold(path)
    return evaluate_items(items[:limit] if limit is not None else items, coder)
