"""Which country an article is about: votes from country words, places, named groups and missions."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from coder.actors import ActorDictionary
from coder.gazetteer import Gazetteer
from coder.places import find_places, mission_area, modifies_place_noun

# Votes for the article's country (a place under its own name counts 1).
_EXPLICIT_VOTE = 2.0  # a place written with its region ("Pisky, Donetsk")


_LOOSE_VOTE = 0.5  # a village found only under another name


_MODIFIER_VOTE = 0.5  # a country word modifying another noun ("Malaysian Embassy", "Turkish forces")


_GROUP_VOTE = 0.4  # a named group or leader of one country ("ODM", "Odinga")


_PLACE_NOUN_VOTE = 3.0  # a country word modifying a place noun ("Kenyan village", "on Kenyan soil")


def article_country(doc: Doc, dictionary: ActorDictionary, gazetteer: Gazetteer) -> str | None:
    """The country the article is mostly about: country words, places and named groups, the lead
    counting double.

    A place written with its region counts most, a village found only under another name least; a
    country word counts less as a modifier of another noun ("Chinese company", "Turkish forces")
    and a named group or leader of a country less still. A tie goes to the country of a place
    written with its region, else to the country named first.
    """
    votes: dict[str, float] = {}
    explicit: set[str] = set()
    for k, sent in enumerate(doc.sents):
        weight = 2.0 if k == 0 else 1.0
        for m in dictionary.matches(sent):
            if m.entry.iso3 and m.entry.kind in {"country", "demonym", "capital"}:
                vote = _country_word_vote(sent.doc[m.end - 1])
            elif m.entry.iso3 and m.entry.kind in {"group", "leader"}:
                vote = _GROUP_VOTE  # "ODM supporters riot": a party says which country, if nothing else
            else:
                continue
            votes[m.entry.iso3] = votes.get(m.entry.iso3, 0.0) + weight * vote
        for p in find_places(sent, gazetteer, None, set()):
            if p.place.feature != "PCLI":
                vote = _EXPLICIT_VOTE if p.explicit else _LOOSE_VOTE if p.loose else 1.0
                votes[p.place.iso3] = votes.get(p.place.iso3, 0.0) + weight * vote
                if p.explicit:
                    explicit.add(p.place.iso3)
    mission = _mission_country(doc)
    if mission is not None:
        # "the OSCE SMM observed ...": a mission that works in one country says where, as a place does.
        votes[mission] = votes.get(mission, 0.0) + 1.0
    if not votes:
        return None
    order = list(votes)
    return max(order, key=lambda iso3: (votes[iso3], iso3 in explicit, -order.index(iso3)))


def _country_word_vote(token: Token) -> float:
    """How surely a country word (its last token) says where: "Sudanese tribesmen raid Kenyan village"
    is in Kenya; "protest at the Malaysian Embassy" and "against Chinese company" name whose, not where."""
    if modifies_place_noun(token):
        return _PLACE_NOUN_VOTE
    if token.dep_ in {"amod", "compound", "nmod", "poss"} and token.head.i > token.i:
        return _MODIFIER_VOTE
    return 1.0


def _mission_country(doc: Doc) -> str | None:
    """The country of a mission the text names that works in one country ("OSCE SMM": Ukraine)."""
    area = mission_area(doc)
    return area[0] if area is not None else None
