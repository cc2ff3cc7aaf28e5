"""Our vocabularies agree with the reference tables shipped beside the checkout in `shared/reference/`.

The reference files are read at test time and never copied: their licence forbids it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from schemas.vocab import acled_event_types, cameo_codes

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "shared" / "reference"


def _reference_file(relative: str) -> Path:
    """Path of a reference file; skips the test, naming the path, when it is absent."""
    path = REFERENCE_DIR / relative
    if not path.is_file():
        pytest.skip(f"reference file {path} not found (the shared/ folder beside the checkout is absent)")
    return path


def _read_gdelt_table(relative: str, value_column: str) -> dict[str, str]:
    """A GDELT CAMEO lookup file (tab-separated, header row) as {code: value}, whitespace stripped."""
    table = pl.read_csv(
        _reference_file(relative),
        separator="\t",
        infer_schema_length=0,
        encoding="utf8-lossy",
        quote_char=None,
    )
    assert table.columns == ["CAMEOEVENTCODE", value_column], f"unexpected header in {relative}"
    rows = table.select(pl.all().str.strip_chars())
    return dict(zip(rows["CAMEOEVENTCODE"].to_list(), rows[value_column].to_list(), strict=True))


def test_acled_pairs_match_reference() -> None:
    """Our (event_type, sub_event_type) pairs are exactly those of the acledR categories."""
    reference = pl.read_csv(_reference_file("acled/acledR_acled_event_categories.csv"), infer_schema_length=0)
    expected = set(reference.select("event_type", "sub_event_type").iter_rows())
    ours = set(acled_event_types().select("event_type", "sub_event_type").iter_rows())
    assert ours - expected == set(), "pairs of ours missing from the reference"
    assert expected - ours == set(), "reference pairs missing from ours"


def test_cameo_codes_match_reference() -> None:
    """Every code of the GDELT CAMEO event-code list is ours, and every code of ours is in it."""
    expected = set(_read_gdelt_table("cameo/gdelt_CAMEO.eventcodes.txt", "EVENTDESCRIPTION"))
    ours = set(cameo_codes()["cameo_code"].to_list())
    assert sorted(ours - expected) == [], "codes of ours missing from the reference"
    assert sorted(expected - ours) == [], "reference codes missing from ours"


def test_cameo_goldstein_matches_reference() -> None:
    """Our Goldstein values equal those of the GDELT Goldstein scale file."""
    expected = {
        code: float(value)
        for code, value in _read_gdelt_table("cameo/gdelt_CAMEO.goldsteinscale.txt", "GOLDSTEINSCALE").items()
    }
    ours = dict(cameo_codes().select("cameo_code", "goldstein").iter_rows())
    wrong = {
        code: (ours[code], value)
        for code, value in expected.items()
        if code in ours and abs(ours[code] - value) > 1e-9
    }
    assert wrong == {}, "code: (ours, reference)"
