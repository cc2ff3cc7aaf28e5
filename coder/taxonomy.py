"""From an action family and its actors to ACLED type/sub-type and a CAMEO code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from coder.actors import Actor
from schemas.vocab import acled_event_types, cameo_codes

AIR_WORDS = {
    "air",
    "airstrike",
    "jet",
    "warplane",
    "aircraft",
    "helicopter",
    "drone",
    "gunship",
    "aerial",
    "bomber",
    "plane",
    "uav",
}
ARTILLERY_WORDS = {"artillery", "mortar", "rocket", "missile", "shell", "howitzer", "tank", "shelling"}
CIVILIAN_TARGETS = {
    "village",
    "market",
    "mosque",
    "church",
    "school",
    "home",
    "house",
    "hospital",
    "camp",
    "bus",
    "wedding",
    "funeral",
    "farm",
    "civilian",
    "resident",
    "villager",
    "worshipper",
    "passenger",
    "pupil",
    "student",
    "child",
    "woman",
    "family",
    "shop",
    "neighborhood",
    "neighbourhood",
    "residential",
    "town",
    "hamlet",
    "settlement",
}
INTERVENTION_WORDS = {
    "disperse",
    "tear",
    "teargas",
    "cannon",
    "rubber",
    "baton",
    "arrest",
    "detain",
    "crackdown",
    "beat",
    "break",
    "clear",
}
VIOLENT_PROTEST_WORDS = {
    "stone",
    "rock",
    "torch",
    "burn",
    "vandalise",
    "vandalize",
    "loot",
    "smash",
    "barricade",
    "molotov",
    "petrol",
    "throw",
    "clash",
    "tyre",
    "tire",
    "ransack",
    "riot",
    "violent",
    "storm",
}
EXCESSIVE_FORCE_WORDS = {"live", "ammunition", "bullet", "shoot", "kill", "open"}
AGREEMENT_OBJECTS = {
    "agreement",
    "deal",
    "accord",
    "treaty",
    "ceasefire",
    "truce",
    "pact",
    "memorandum",
    "armistice",
}
NON_ACLED = {
    "visit",
    "meet",
    "host",
    "appeal",
    "pledge",
    "condemn",
    "accuse",
    "threaten",
    "negotiate",
    "sanction",
}
STATE_TYPES = {"State forces"}


@dataclass(frozen=True, slots=True)
class Coding:
    """ACLED and CAMEO classification of one event."""

    event_type: str | None
    sub_event_type: str | None
    cameo_code: str
    civilian_targeting: bool | None
    family: str


def _lemmas(sent: Span) -> set[str]:
    return {t.lemma_.lower() for t in sent}


def _is_state(actor: Actor | None, event_iso3: str | None) -> bool:
    return (
        actor is not None
        and actor.actor_type in STATE_TYPES
        and (event_iso3 is None or actor.country in (None, event_iso3))
    )


def _civilian(actor: Actor | None) -> bool:
    return actor is not None and actor.actor_type == "Civilians"


def classify(
    family: str,
    actor1: Actor | None,
    actor2: Actor | None,
    sent: Span,
    event_iso3: str | None,
    fatalities: int,
    lexicon_code: str,
) -> Coding | None:
    """ACLED type/sub-type and CAMEO code for a family given its actors; None when it is no event."""
    lemmas = _lemmas(sent)
    civ_target = _civilian(actor2) or (
        actor2 is None and bool(lemmas & CIVILIAN_TARGETS) and family in {"attack", "kill"}
    )

    def coding(event_type: str | None, sub: str | None, code: str, civ: bool | None = None) -> Coding:
        return Coding(event_type, sub, cameo_code(code), civ, family)

    if family == "strike":
        if lemmas & ARTILLERY_WORDS and not lemmas & AIR_WORDS:
            return coding(
                "Explosions/Remote violence", "Shelling/artillery/missile attack", "194", civ_target or None
            )
        if lemmas & AIR_WORDS or (actor1 is not None and actor1.armed and actor1.actor_type in STATE_TYPES):
            return coding("Explosions/Remote violence", "Air/drone strike", "195", civ_target or None)
        family = "attack"
    if family == "air_strike":
        return coding("Explosions/Remote violence", "Air/drone strike", lexicon_code, civ_target or None)
    if family == "shelling":
        return coding(
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            lexicon_code,
            civ_target or None,
        )
    if family == "ied":
        return coding(
            "Explosions/Remote violence", "Remote explosive/landmine/IED", lexicon_code, civ_target or None
        )
    if family == "suicide_bomb":
        return coding("Explosions/Remote violence", "Suicide bomb", lexicon_code, civ_target or None)
    if family == "grenade":
        return coding("Explosions/Remote violence", "Grenade", lexicon_code, civ_target or None)
    if family == "capture":
        sub = (
            "Government regains territory"
            if _is_state(actor1, event_iso3)
            else "Non-state actor overtakes territory"
        )
        return coding("Battles", sub, lexicon_code)
    if family == "clash":
        return coding("Battles", "Armed clash", "190")
    if family in {"attack", "kill"}:
        if actor2 is not None and actor2.actor_type == "Protesters":
            if fatalities > 0 or lemmas & EXCESSIVE_FORCE_WORDS:
                return coding("Protests", "Excessive force against protesters", "175")
            return coding("Protests", "Protest with intervention", "175")
        if actor1 is not None and actor1.actor_type in {"Protesters", "Rioters"}:
            return coding("Riots", "Violent demonstration", "145")
        if civ_target or (actor2 is None and actor1 is not None and actor1.actor_type == "Political militia"):
            return coding("Violence against civilians", "Attack", "1823" if family == "kill" else "180", True)
        return coding("Battles", "Armed clash", "190")
    if family == "abduct":
        return coding("Violence against civilians", "Abduction/forced disappearance", "181", True)
    if family == "protest":
        if lemmas & VIOLENT_PROTEST_WORDS:
            return coding("Riots", "Violent demonstration", "145")
        if fatalities > 0 and lemmas & EXCESSIVE_FORCE_WORDS:
            return coding("Protests", "Excessive force against protesters", "145")
        if lemmas & INTERVENTION_WORDS:
            return coding("Protests", "Protest with intervention", "141")
        return coding("Protests", "Peaceful protest", lexicon_code)
    if family == "riot":
        return coding("Riots", "Violent demonstration", lexicon_code)
    if family == "mob":
        return coding("Riots", "Mob violence", "180")
    if family == "arrest":
        return coding("Strategic developments", "Arrests", lexicon_code)
    if family in {"agreement", "ceasefire"}:
        return coding("Strategic developments", "Agreement", lexicon_code)
    if family == "intercept":
        return coding("Strategic developments", "Disrupted weapons use", lexicon_code)
    if family == "loot":
        return coding("Strategic developments", "Looting/property destruction", lexicon_code)
    if family in {"deploy", "withdraw"}:
        return coding("Strategic developments", "Other", lexicon_code)
    if family in NON_ACLED:
        return coding(None, None, lexicon_code)
    return None


@cache
def _codebook() -> dict[str, tuple[str, int, float]]:
    book = cameo_codes()
    return {
        row["cameo_code"]: (row["cameo_root"], row["quad_class"], row["goldstein"])
        for row in book.iter_rows(named=True)
    }


def cameo_code(code: str) -> str:
    """The code itself if the codebook has it, else its nearest listed parent."""
    book = _codebook()
    while code and code not in book:
        code = code[:-1]
    return code


def cameo_fields(code: str) -> tuple[str, int, float]:
    """(root, quad class, Goldstein) of a CAMEO code."""
    return _codebook()[code]


@cache
def disorder_of() -> dict[tuple[str, str], str]:
    """(event_type, sub_event_type) -> ACLED disorder type."""
    return {
        (r["event_type"], r["sub_event_type"]): r["disorder_type"]
        for r in acled_event_types().iter_rows(named=True)
    }
