"""ACLED types of resolved actors: named groups, affiliations, unknown perpetrators, communal militias."""

from __future__ import annotations

import pytest
from spacy.language import Language

from coder.actors import Actor, ActorResolver, load_actor_dictionary
from coder.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(load_actor_dictionary())


def subject(nlp: Language, resolver: ActorResolver, text: str) -> Actor:
    """The first actor of the sentence's grammatical subject."""
    doc = nlp(text)
    head = next(t for t in doc if t.dep_ in {"nsubj", "nsubjpass"})
    actors = resolver.resolve(head)
    assert actors, text
    return actors[0]


@pytest.mark.parametrize(
    ("text", "name", "actor_type"),
    [
        # Named groups take the type ACLED gives them.
        ("Taliban fighters ambushed a police convoy near the town.", "Taliban", "Rebel group"),
        ("The Taliban authorities closed the girls' schools.", "Taliban government", "State forces"),
        ("Houthi forces shelled the port on Monday.", "Houthi Movement", "State forces"),
        ("Houthi fighters shelled the port on Monday.", "Houthi Movement", "State forces"),
        ("The local PDF ambushed an army truck.", "PDF: People's Defense Force", "Political militia"),
        (
            "CODECO militants attacked a displacement camp.",
            "CODECO: Cooperative for the Development of Congo",
            "Political militia",
        ),
        ("Brimob officers detained two students.", "Police Forces of Indonesia", "State forces"),
        # "pro-X forces" are X's forces; "anti-X forces" fight X.
        (
            "Pro-Hadi forces repelled an attack on the hill.",
            "Yemeni Armed Forces (Government)",
            "State forces",
        ),
        (
            "Anti-Houthi forces repelled an attack on the hill.",
            "National Resistance Forces (Yemen)",
            "Political militia",
        ),
    ],
)
def test_named_groups(nlp: Language, resolver: ActorResolver, text: str, name: str, actor_type: str) -> None:
    actor = subject(nlp, resolver, text)
    assert (actor.name, actor.actor_type) == (name, actor_type)


@pytest.mark.parametrize(
    ("text", "actor_type"),
    [
        ("Unknown militants planted a bomb under the bridge.", "Political militia"),
        ("Unidentified rebels burned the school.", "Political militia"),
        ("Islamist militants raided the village at night.", "Political militia"),
        ("Vigilantes beat a suspected thief to death.", "Rioters"),
        ("A communal militia attacked the herders' camp.", "Identity militia"),
        ("Dinka militias raided the cattle camp.", "Identity militia"),
        ("Unidentified raiders stole forty cows.", "Identity militia"),
        ("Rebel fighters took the bridge.", "Rebel group"),
    ],
)
def test_role_types(nlp: Language, resolver: ActorResolver, text: str, actor_type: str) -> None:
    assert subject(nlp, resolver, text).actor_type == actor_type


def test_unknown_militants_are_an_unidentified_armed_group(nlp: Language, resolver: ActorResolver) -> None:
    assert subject(nlp, resolver, "Unknown militants planted a bomb.").name == "Unidentified Armed Group"


def test_a_people_names_its_militia(nlp: Language, resolver: ActorResolver) -> None:
    assert subject(nlp, resolver, "Dinka militias raided the cattle camp.").name == "Dinka Ethnic Militia"


def test_islamist_militants_are_named_so(nlp: Language, resolver: ActorResolver) -> None:
    assert subject(nlp, resolver, "Islamist militants raided the village.").name == "Islamist Militia"


def test_the_country_after_of_places_the_force(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "The armed forces of Armenia fired at a border post.")
    expected = ("Military Forces of Armenia", "State forces", "ARM")
    assert (actor.name, actor.actor_type, actor.country) == expected


def test_an_unknown_named_force_is_no_army(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "On Monday the Zarqa Lions Forces stormed the checkpoint.")
    assert (actor.name, actor.actor_type) == ("Zarqa Lions Forces", "Political militia")


@pytest.mark.parametrize(
    "text",
    [
        "On Monday the Special Forces stormed the checkpoint.",
        "On Monday Kenyan Special Forces stormed the checkpoint.",
        "On Monday government forces stormed the checkpoint.",
    ],
)
def test_generic_forces_stay_state_forces(nlp: Language, resolver: ActorResolver, text: str) -> None:
    assert subject(nlp, resolver, text).actor_type == "State forces"


def test_pro_is_no_people(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "Pro-government militias attacked the market.")
    assert "Ethnic" not in actor.name


def _modifier_actor(nlp: Language, resolver: ActorResolver, text: str, word: str) -> Actor:
    """The actor resolved from the modifier `word` of the sentence, as events do for noun triggers."""
    doc = nlp(text)
    head = next(t for t in doc if t.text == word)
    actors = resolver.resolve(head)
    assert actors, text
    return actors[0]


@pytest.mark.parametrize(
    ("text", "word", "iso3"),
    [
        ("A Turkish drone strike hit a farmhouse near the border.", "Turkish", "TUR"),
        ("Israeli shelling damaged two houses in the camp.", "Israeli", "ISR"),
    ],
)
def test_a_demonym_on_an_event_noun_is_its_country(
    nlp: Language, resolver: ActorResolver, text: str, word: str, iso3: str
) -> None:
    actor = _modifier_actor(nlp, resolver, text, word)
    assert (actor.actor_type, actor.country) == ("State forces", iso3)


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("A Syrian mine blew up under a tractor in the field.", "SYR"),
        ("Iranian gunboats fired warning shots at a tanker.", "IRN"),
    ],
)
def test_a_weapon_of_a_country_is_that_country(
    nlp: Language, resolver: ActorResolver, text: str, iso3: str
) -> None:
    actor = subject(nlp, resolver, text)
    assert (actor.actor_type, actor.country) == ("State forces", iso3)


@pytest.mark.parametrize(
    ("text", "name", "actor_type"),
    [
        ("Georgian border guards detained three smugglers.", "Police Forces of Georgia", "State forces"),
        ("Prison guards beat several inmates after the riot.", "Police Forces", "State forces"),
        ("A security guard shot a customer at the mall.", "Private Security Forces", "External/Other forces"),
    ],
)
def test_guards(nlp: Language, resolver: ActorResolver, text: str, name: str, actor_type: str) -> None:
    actor = subject(nlp, resolver, text)
    assert (actor.name, actor.actor_type) == (name, actor_type)


def test_a_state_force_named_after_of(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "The armed forces of Artsakh fired at a checkpoint near the lake.")
    assert (actor.name, actor.actor_type) == ("Military Forces of Artsakh", "State forces")


@pytest.mark.parametrize(
    ("text", "name", "actor_type"),
    [
        ("QSD arrested two men in a raid on Tuesday.", "QSD: Syrian Democratic Forces", "Rebel group"),
        ("Amajid Brigade fighters repelled an attack.", "Amajid Brigade", "State forces"),
    ],
)
def test_more_named_groups(
    nlp: Language, resolver: ActorResolver, text: str, name: str, actor_type: str
) -> None:
    actor = subject(nlp, resolver, text)
    assert (actor.name, actor.actor_type) == (name, actor_type)


def test_a_unit_named_after_its_force(nlp: Language, resolver: ActorResolver) -> None:
    actor = _modifier_actor(nlp, resolver, "Troops of the military LIB 54 fired at the village.", "LIB")
    assert (actor.name, actor.actor_type) == ("Military Forces", "State forces")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Armed Pokot stole forty goats from a homestead.", "Pokot Ethnic Militia"),
        ("Suspected Toposa killed three herders at the river.", "Toposa Ethnic Militia"),
    ],
)
def test_a_people_alone_is_its_militia(nlp: Language, resolver: ActorResolver, text: str, name: str) -> None:
    actor = subject(nlp, resolver, text)
    assert (actor.name, actor.actor_type) == (name, "Identity militia")


def test_a_people_is_a_militia_but_a_place_named_after_it_is_not(
    nlp: Language, resolver: ActorResolver
) -> None:
    assert subject(nlp, resolver, "Armed Turkana raided a cattle camp.").actor_type == "Identity militia"
    doc = nlp("Lake Turkana flooded two villages.")
    assert all(a.actor_type != "Identity militia" for t in doc for a in resolver.resolve(t))


def test_a_country_closing_a_name_is_no_government(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "Members of Jagrata Yuva Bangladesh blocked the highway.")
    assert (actor.name, actor.kind) == ("Jagrata Yuva Bangladesh", "org")
    assert actor.actor_type != "State forces"


def test_an_unknown_named_guerrilla_force_is_a_militia(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "On Monday the Sagu Urban Guerrilla Force ambushed a convoy.")
    assert (actor.name, actor.actor_type) == ("Sagu Urban Guerrilla Force", "Political militia")


def test_afrc_is_a_congolese_militia(nlp: Language, resolver: ActorResolver) -> None:
    actor = subject(nlp, resolver, "AFRC fighters looted a health centre.")
    assert (actor.name, actor.actor_type) == (
        "AFRC: Alliance of Congolese Resistance Forces",
        "Political militia",
    )
