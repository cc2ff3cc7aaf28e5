"""CAMEO-only verbs (coder/data/cameo_verbs.csv) and frame rules (coder/cameo.py) on own sentences."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from coder.cameo import INTENT_FAMILY, cameo_triggers
from coder.code import Coder
from coder.events import ArticleMeta
from coder.lexicon import cameo_only_families
from coder.triggers import find_triggers

PUBLISHED = date(2023, 5, 10)


def cameo(coder: Coder, text: str) -> list[str]:
    meta = ArticleMeta("2" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return [str(r["cameo_code"]) for r in coder.events.code(coder.nlp(text), meta) if r["cameo_code"]]


def frame_codes(nlp: Any, text: str) -> dict[str, str]:
    sent = next(iter(nlp(text).sents))
    return {t.head.text: t.action.cameo_code for t in cameo_triggers(sent, find_triggers(sent))}


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Kenya rejected the peace plan put forward by Uganda on Monday.", "12"),
        ("Kenya vetoed the resolution on Monday.", "12"),
        ("Finland demanded that Kenya end the curbs on the press.", "10"),
        ("Kenya praised the efforts of Uganda to end the dispute.", "05"),
        ("Finland ratified the trade agreement with Kenya on Monday.", "05"),
        ("Kenya deported 40 Ugandan nationals on Monday.", "17"),
        ("Kenya imposed a curfew in the border town on Monday.", "17"),
        ("Kenya eased restrictions on public gatherings on Monday.", "08"),
        ("Kenya mediated between Uganda and Tanzania on Monday.", "04"),
        ("Finland donated two million euros to the relief fund for Kenya.", "07"),
        ("Kenya investigated the deaths of the prisoners.", "09"),
        ("Kenya accused Uganda of arming the rebels on Monday.", "11"),
    ],
)
def test_cameo_verbs_code_their_root(coder: Coder, text: str, root: str) -> None:
    assert any(code.startswith(root) for code in cameo(coder, text))


def test_a_title_in_apposition_to_a_name_is_that_person(coder: Coder) -> None:
    meta = ArticleMeta("3" * 64, "unit", PUBLISHED, "Unit Wire", None)
    text = "The US commander in Kenya, General John Smith, held talks with President William Ruto."
    rows = [r for r in coder.events.code(coder.nlp(text), meta) if str(r["cameo_code"]).startswith("04")]
    assert rows and rows[0]["actor1"] == "John Smith"


def test_cameo_verb_families_are_never_acled_events(coder: Coder) -> None:
    meta = ArticleMeta("3" * 64, "unit", PUBLISHED, "Unit Wire", None)
    rows = coder.events.code(coder.nlp("Kenya rejected the peace plan put forward by Uganda."), meta)
    assert rows and all(r["event_type"] is None for r in rows)
    assert {"cameo_reject", "cameo_demand", "cameo_intent"} <= cameo_only_families()


@pytest.mark.parametrize(
    ("text", "head", "code"),
    [
        ("Israel announced it would free 150 prisoners next month.", "free", "0353"),
        ("The two governments agreed to resume talks on the border.", "resume", "036"),
        ("Norway is ready to send aid to the flooded provinces.", "send", "033"),
        ("Brazil and Chile are seeking to deepen ties in energy.", "deepen", "031"),
        ("The minister will meet his Chinese counterpart on Friday.", "meet", "036"),
    ],
)
def test_announced_cooperation_is_intent_to_cooperate(nlp: Any, text: str, head: str, code: str) -> None:
    assert frame_codes(nlp, text).get(head) == code


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Israel freed 150 prisoners on Monday.", "freed"),  # done: a release (084), not an intention
        ("Israel might free some prisoners, analysts said.", "free"),  # speculation
        ("Israel refused to free the prisoners.", "free"),  # a refusal (12)
        ("Israel would not free the prisoners.", "free"),
        ("He will send a letter to the editor.", "send"),  # no aid
        ("The army threatened that it would withdraw its troops.", "withdraw"),
    ],
)
def test_no_intent_without_a_stated_commitment(nlp: Any, text: str, head: str) -> None:
    sent = next(iter(nlp(text).sents))
    intents = [t for t in cameo_triggers(sent, find_triggers(sent)) if t.family == INTENT_FAMILY]
    assert head not in {t.head.text for t in intents}


def test_charged_with_a_crime_is_legal_action(nlp: Any) -> None:
    assert frame_codes(nlp, "Prosecutors charged the former mayor with fraud on Monday.")["charged"] == "173"
    assert frame_codes(nlp, "Kenya accused Uganda of arming the rebels.")["accused"] == "112"
