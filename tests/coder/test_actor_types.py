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
