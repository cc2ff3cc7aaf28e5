"""Scoring against gold: a hand-written gold set and hand-built predictions, every figure worked by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from coder.evaluate import (
    GoldFileError,
    evaluate_file,
    f1_scores,
    haversine_km,
    load_gold,
    normalise_place,
    score,
)

BATTLES, ERV, PROTESTS = "Battles", "Explosions/Remote violence", "Protests"

GOLD: list[dict[str, Any]] = [
    {
        "id": "t:saraqib",
        "dataset": "unit",
        "text": "Rebels captured the town of Saraqib in Idlib province on Tuesday.",
        "published": "2024-03-06",
        "source": "Unit Wire",
        "scored": [
            "event_type",
            "sub_event_type",
            "admin1",
            "location",
            "fatalities",
            "latitude",
            "longitude",
        ],
        "events": [
            {
                "event_type": BATTLES,
                "sub_event_type": "Non-state actor overtakes territory",
                "admin1": "Idlib",
                "location": "Saraqib",
                "fatalities": 0,
                "latitude": 35.86,
                "longitude": 36.80,
            }
        ],
    },
    {
        "id": "t:kharkiv",
        "dataset": "unit",
        "text": "Police fired on protesters in Kharkiv, killing two or three of them.",
        "published": "2024-03-06",
        "source": "Unit Wire",
        "scored": ["event_type", "sub_event_type", "admin1", "fatalities", "cameo_root"],
        "events": [
            {
                "event_type": PROTESTS,
                "sub_event_type": ["Protest with intervention", "Excessive force against protesters"],
                "admin1": "Kharkiv",
                "fatalities": 2,
                "fatalities_low": 1,
                "fatalities_high": 3,
                "cameo_root": ["14", "17"],
            }
        ],
    },
    {
        "id": "t:visit",
        "dataset": "unit",
        "text": "The foreign minister visited Ankara on Monday to discuss trade.",
        "published": None,
        "source": None,
        "scored": ["no_acled_event", "no_cameo_event"],
        "events": [],
    },
    {
        "id": "t:strikes",
        "dataset": "unit",
        "text": "Warplanes struck Aleppo and Hama on Sunday.",
        "published": "2024-03-06",
        "source": None,
        "scored": ["event_type", "sub_event_type", "admin1"],
        "events": [
            {"event_type": ERV, "sub_event_type": "Air/drone strike", "admin1": "Aleppo"},
            {"event_type": ERV, "sub_event_type": "Air/drone strike", "admin1": "Hama", "required": False},
        ],
    },
]


def event(doc_id: str, confidence: float, **fields: object) -> dict[str, object]:
    """One predicted event row (events-table column names); unset columns are NULL."""
    columns = ["event_type", "sub_event_type", "admin1", "location", "fatalities", "latitude", "longitude"]
    return (
        {"doc_id": doc_id, "confidence": confidence, "cameo_root": None, "cameo_code": None}
        | {c: fields.get(c) for c in columns}
        | fields
    )


def predicted() -> pl.DataFrame:
    """Hand-built predictions for GOLD."""
    rows = [
        # t:saraqib: the right event but 0.34 degrees (~38 km) north, and a wrong one with higher confidence
        event("t:saraqib", 0.90, event_type=BATTLES, sub_event_type="Armed clash",
              admin1="Idlib Governorate", location="Saraqib", fatalities=0, latitude=36.20, longitude=36.80),
        event("t:saraqib", 0.95, event_type=ERV, sub_event_type="Shelling/artillery/missile attack",
              admin1="Aleppo", location="Aleppo", fatalities=0, latitude=36.20, longitude=37.16),
        # t:kharkiv: right type and a listed sub-type, 3 dead (gold 2, range 1..3), root 18 (gold 14/17)
        event("t:kharkiv", 0.70, event_type=PROTESTS, sub_event_type="Excessive force against protesters",
              admin1="Kharkiv Oblast", fatalities=3, cameo_root="18", cameo_code="180"),
        # t:visit: a CAMEO-only event, no ACLED type
        event("t:visit", 0.80, location="Ankara", fatalities=0, cameo_root="04", cameo_code="042"),
        # t:strikes: only Hama (the optional gold event)
        event("t:strikes", 0.80, event_type=ERV, sub_event_type="Air/drone strike", admin1="Hama",
              location="Hama", fatalities=0, cameo_root="19", cameo_code="195"),
    ]  # fmt: skip
    return pl.DataFrame(rows, infer_schema_length=None)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return score(GOLD, predicted())


def test_place_names_compare_without_accents_case_punctuation_and_admin_words() -> None:
    assert normalise_place("Idlib Governorate") == "idlib"
    assert normalise_place("Ḩamāh") == "hamah"
    assert normalise_place("Deir ez-Zor Province") == normalise_place("deir ez zor")
    assert normalise_place("Kharkiv Oblast") == "kharkiv"
    assert normalise_place("Al-Qa'im") == "al qaim"


def test_haversine_one_degree_of_latitude_is_111_km() -> None:
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.19, abs=0.01)
    assert haversine_km(35.86, 36.80, 36.20, 36.80) == pytest.approx(0.34 * 111.19, abs=0.05)
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0


def test_f1_weighted_by_gold_support_and_macro_over_gold_labels() -> None:
    # a: tp 2, fp 0, fn 1 -> F1 4/5; b: tp 0 -> F1 0; "none" is only ever a wrong prediction
    weighted, macro = f1_scores(["a", "a", "a", "b"], ["a", "a", "none", "none"])
    assert weighted == pytest.approx((0.8 * 3 + 0 * 1) / 4)
    assert macro == pytest.approx((0.8 + 0) / 2)


def test_field_accuracy_over_paired_gold_events(report: dict[str, Any]) -> None:
    # gold events counted: saraqib, kharkiv, strikes/Aleppo (required, unpaired), strikes/Hama (paired)
    assert report["n_gold_events"] == 4
    acc = {field: (m["accuracy"], m["n"]) for field, m in report["field_accuracy"].items()}
    assert acc == {
        "event_type": (pytest.approx(3 / 4), 4),  # Aleppo unpaired
        "sub_event_type": (pytest.approx(2 / 4), 4),  # Armed clash wrong; listed sub-type right
        "admin1": (pytest.approx(3 / 4), 4),  # "Idlib Governorate" and "Kharkiv Oblast" match
        "location": (pytest.approx(1.0), 1),
        "fatalities": (pytest.approx(1 / 2), 2),  # 0 == 0; 3 != 2
        "cameo_root": (pytest.approx(0.0), 1),
    }


def test_primary_event_type_and_sub_type(report: dict[str, Any]) -> None:
    # primaries: saraqib -> ERV (0.95, wrong), kharkiv -> Protests, strikes -> ERV
    # F1 by gold label: Battles 0; Protests 1; ERV tp 1 fp 1 -> 2/3
    assert report["event_type"] == {
        "accuracy": pytest.approx(2 / 3),
        "weighted_f1": pytest.approx((0 + 1 + 2 / 3) / 3),
        "macro_f1": pytest.approx((0 + 1 + 2 / 3) / 3),
        "n": 3,
    }
    # sub-types: NSA overtakes territory 0 (got Shelling); Excessive force 1; Air/drone strike 1
    assert report["sub_event_type"] == {
        "accuracy": pytest.approx(2 / 3),
        "weighted_f1": pytest.approx(2 / 3),
        "macro_f1": pytest.approx(2 / 3),
        "n": 3,
    }


def test_no_event_items(report: dict[str, Any]) -> None:
    assert report["no_acled_event"] == {"share_without_event": 1.0, "n": 1}  # only a CAMEO event
    assert report["no_cameo_event"] == {"share_without_event": 0.0, "n": 1}  # ... which is one


def test_event_precision_and_recall(report: dict[str, Any]) -> None:
    # predicted ACLED events 4: p1 found Idlib, p2 wrong type, Kharkiv found, Hama found -> P 3/4
    # gold 4: saraqib, kharkiv, Hama (optional, found) found; Aleppo (required) missed -> R 3/4
    assert report["events"] == {
        "precision": pytest.approx(0.75),
        "recall": pytest.approx(0.75),
        "f1": pytest.approx(0.75),
        "n_gold": 4,
        "n_found": 3,
        "n_predicted": 4,
        "n_matched": 3,
    }


def test_geocoding_fatalities_and_cameo(report: dict[str, Any]) -> None:
    # only saraqib has gold coordinates; its pair is 0.34 degrees of latitude (~37.8 km) away
    assert report["geocoding"] == {"within_25km": 0.0, "within_100km": 1.0, "n": 1}
    # exact: saraqib 0 == 0, kharkiv 3 != 2; range: kharkiv 1 <= 3 <= 3
    assert report["fatalities"] == {"exact": 0.5, "n_exact": 2, "within_range": 1.0, "n_range": 1}
    assert report["cameo_root"] == {"accuracy": 0.0, "n": 1}


def test_confusion_of_gold_and_primary_types(report: dict[str, Any]) -> None:
    assert report["confusion"] == {
        BATTLES: {ERV: 1},
        ERV: {ERV: 1},
        PROTESTS: {PROTESTS: 1},
        "none": {"none": 1},
    }


def test_no_predictions_scores_zero_not_an_error() -> None:
    report = score(GOLD, pl.DataFrame())
    assert report["event_type"]["accuracy"] == 0.0
    assert report["events"]["precision"] is None  # nothing predicted
    assert report["events"]["recall"] == 0.0
    assert report["confusion"]["none"] == {"none": 1}


def write_gold(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def test_load_gold_names_the_broken_line(tmp_path: Path) -> None:
    assert [i["id"] for i in load_gold(write_gold(tmp_path / "g.jsonl", GOLD))] == [i["id"] for i in GOLD]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOLD[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"bad\.jsonl:2"):
        load_gold(bad)
    with pytest.raises(GoldFileError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")
    no_text = write_gold(tmp_path / "no_text.jsonl", [{"id": "x", "scored": [], "events": []}])
    with pytest.raises(GoldFileError, match="'text'"):
        load_gold(no_text)


def test_cli_eval_missing_or_broken_gold_exits_2(tmp_path: Path) -> None:
    from flows.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["eval", str(tmp_path / "missing.jsonl")])
    assert missing.exit_code == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text("[1, 2]\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(broken)])
    assert result.exit_code == 2


@pytest.mark.slow
def test_evaluate_file_with_the_real_coder(gazetteer: object, tmp_path: Path) -> None:
    from coder.code import Coder, CoderSettings
    from tests.conftest import CACHE_DIR

    coder = Coder(CoderSettings(cache_dir=Path(CACHE_DIR)))
    path = write_gold(tmp_path / "tiny.jsonl", GOLD[:3])
    report = evaluate_file(path, coder)
    assert report["dataset"] == "unit"
    assert report["n_items"] == 3
    assert report["seconds"] >= 0
    assert report["n_events_predicted"] >= 1
    assert report["event_type"]["n"] == 2
    assert report["no_acled_event"]["n"] == 1
    assert report["n_gold_events"] == 2
    json.dumps(report)  # the report is plain JSON
    assert evaluate_file(path, coder, limit=1)["n_items"] == 1
