"""The coder on small hand-written sentences: one case per rule family (actions, actors, places, dates)."""

from __future__ import annotations

from datetime import date

import pytest

from coder.code import Coder
from coder.events import ArticleMeta

PUBLISHED = date(2024, 3, 6)  # a Wednesday


def code(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("0" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return coder.events.code(coder.nlp(text), meta)


def acled(rows: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(r["event_type"], r["sub_event_type"], r["admin1"]) for r in rows if r["event_type"]]


def test_air_strikes_on_two_provinces_are_two_events(coder: Coder) -> None:
    rows = code(
        coder,
        "Syrian warplanes carried out airstrikes on rebel positions in the provinces of Idlib and "
        "Hama on Monday.",
    )
    assert sorted(acled(rows)) == [
        ("Explosions/Remote violence", "Air/drone strike", "Hama"),
        ("Explosions/Remote violence", "Air/drone strike", "Idlib"),
    ]
    assert {r["actor1"] for r in rows} == {"Military Forces of Syria"}
    assert {r["event_date"] for r in rows} == {date(2024, 3, 4)}
    assert {r["cameo_root"] for r in rows} == {"19"}


def test_rebels_capturing_a_town_overtake_territory(coder: Coder) -> None:
    rows = code(coder, "Rebels captured the town of Saraqib in Idlib province on Tuesday.")
    assert acled(rows) == [("Battles", "Non-state actor overtakes territory", "Idlib")]
    assert rows[0]["actor1_type"] == "Rebel group"


def test_the_army_retaking_a_town_regains_territory(coder: Coder) -> None:
    rows = code(coder, "Syrian troops recaptured Saraqib from the rebels on Tuesday.")
    assert acled(rows) == [("Battles", "Government regains territory", "Idlib")]


@pytest.mark.parametrize(
    "text",
    [
        "The army said it would attack Saraqib next week.",
        "The rebels denied attacking the village near Aleppo.",
        "No airstrikes were reported in Idlib on Monday.",
    ],
)
def test_planned_denied_or_negated_attacks_are_not_events(coder: Coder, text: str) -> None:
    assert acled(code(coder, text)) == []


def test_gunmen_killing_villagers_is_violence_against_civilians(coder: Coder) -> None:
    rows = code(
        coder, "Gunmen attacked a village near Bankass in central Mali on Sunday, killing 14 villagers."
    )
    assert acled(rows) == [("Violence against civilians", "Attack", "Mopti")]
    assert rows[0]["fatalities"] == 14 and rows[0]["civilian_targeting"] is True


def test_protest_dispersed_with_tear_gas(coder: Coder) -> None:
    rows = code(
        coder, "Police fired tear gas to disperse hundreds of protesters who marched in Nairobi on Tuesday."
    )
    types = acled(rows)
    assert ("Protests", "Protest with intervention", "Nairobi") in types or (
        "Protests",
        "Excessive force against protesters",
        "Nairobi",
    ) in types


def test_a_visit_is_a_cameo_only_event(coder: Coder) -> None:
    rows = code(coder, "Iranian Foreign Minister Abbas Araghchi traveled to Damascus on Sunday.")
    visits = [r for r in rows if r["cameo_code"] == "042"]
    assert len(visits) == 1
    assert visits[0]["event_type"] is None and visits[0]["location"] == "Damascus"
    assert visits[0]["actor1_country"] == "IRN"


def test_evidence_offsets_index_the_text(coder: Coder) -> None:
    text = "Fighting was heavy.\n\nRebels captured the town of Saraqib in Idlib province on Tuesday."
    for row in code(coder, text):
        assert text[row["evidence_start"] : row["evidence_end"]] == row["evidence"]  # type: ignore[misc]


def test_same_text_same_event_ids(coder: Coder) -> None:
    text = "Rebels captured the town of Saraqib in Idlib province on Tuesday."
    assert [r["event_id"] for r in code(coder, text)] == [r["event_id"] for r in code(coder, text)]


def test_a_coder_failure_becomes_a_reject_not_a_crash(coder: Coder, monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    from coder.code import code_articles

    articles = pl.DataFrame(
        {
            "article_id": ["a" * 64, "b" * 64],
            "doc_id": ["ok", "boom"],
            "published": [PUBLISHED, PUBLISHED],
            "source": [None, None],
            "url": [None, None],
            "text": ["Rebels captured the town of Saraqib in Idlib province on Tuesday.", "BOOM text."],
        }
    )
    real = coder.events.code

    def flaky(doc, meta):  # type: ignore[no-untyped-def]
        if meta.doc_id == "boom":
            raise IndexError("rule bug")
        return real(doc, meta)

    monkeypatch.setattr(coder.events, "code", flaky)
    coded = code_articles(articles, coder)
    assert set(coded.events["doc_id"]) == {"ok"}
    assert coded.rejects.select("stage", "doc_id", "failed_check").rows() == [("code", "boom", "coder_error")]
    assert "IndexError" in coded.rejects["reason"][0]


def test_a_count_at_the_start_of_a_text(coder: Coder) -> None:
    rows = code(coder, "One dead and three injured when gunmen attacked a bus near Garissa on Monday.")
    assert all(r["fatalities"] == 1 for r in rows if r["event_type"])
