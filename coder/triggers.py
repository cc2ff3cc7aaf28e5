"""Finding action triggers in a parsed sentence, and skipping those that did not happen."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from coder.lexicon import Action, actions, max_trigger_len, word_list

MODAL = word_list("triggers.modal")
# Heads under which an action is intended, feared, denied or demanded, not done.
IRREALIS = word_list("triggers.irrealis")
IRREALIS_KEEP_FAMILIES = word_list("triggers.irrealis_keep_families")
GRIEVANCE_HEADS = word_list("triggers.grievance_heads")
PROTEST_WORDS = word_list("triggers.protest_words")
FOUND_VERBS = word_list("triggers.found_verbs")
HOLDING_VERBS = word_list("triggers.holding_verbs")
PLACE_NOUNS = word_list("triggers.place_nouns")
DROPPED_WEAPONS = word_list("triggers.dropped_weapons")
BOMB_VERBS = word_list("triggers.bomb_verbs")
EARLIER_WORDS = {"earlier", "previous", "prior"}
TROOP_WORDS = word_list("triggers.troop_words")
EVENT_NOUNS = word_list("triggers.event_nouns")
YEAR = re.compile(r"(19|20)\d\d")
CONFLICT_NOUNS = word_list("triggers.conflict_nouns")
ATTRIBUTION_HEADS = word_list("triggers.attribution_heads")
BACKGROUND_MARKS = word_list("triggers.background_marks")
LABOUR_STRIKE = word_list("triggers.labour_strike")
CROWD_CONTROL = word_list("triggers.crowd_control")
CHILD_DEPS = word_list("triggers.child_deps")
VIOLENT = word_list("triggers.violent")
STRIKE_HOLDERS = word_list("triggers.strike_holders")


@dataclass(frozen=True, slots=True)
class Trigger:
    """An action word (or words) found in a sentence."""

    head: Token
    action: Action

    @property
    def family(self) -> str:
        """The action family (air_strike, protest, visit…)."""
        return self.action.family

    @property
    def rule_id(self) -> str:
        """Which lexicon entry fired, e.g. 'noun:air-strike'."""
        return f"{self.action.pos.lower()}:{'-'.join(self.action.trigger)}"


def find_triggers(sent: Span) -> list[Trigger]:
    """Triggers in `sent` that describe something that happened (not negated, planned or denied)."""
    table = actions()
    longest = max_trigger_len()
    found: list[Trigger] = []
    covered: set[int] = set()
    tokens = list(sent)
    lemmas = [t.lemma_.lower() for t in tokens]
    for k, tok in enumerate(tokens):
        if tok.i in covered:
            continue
        hit = _contiguous(tokens, lemmas, k, longest, table) or _verb_particle(tok, table)
        if hit is None:
            continue
        head, action, span = hit
        covered.update(span)
        if happened(head, action.family):
            found.append(Trigger(head, action))
    kept = [
        t
        for t in found
        if not _labour_strike_misread(t) and not _crowd_control(t) and not _agentless_injury(t)
    ]
    firing = {t.head.i for t in kept if t.family == "fire" and t.head.pos_ == "VERB"}
    return [t for t in kept if not _weapon_of(t, firing)]


def _weapon_of(trigger: Trigger, firing: set[int]) -> bool:
    """'fired mortars and small arms': the weapon nouns are what the firing verb fired, not events."""
    node = trigger.head
    if node.pos_ != "NOUN":
        return False
    for _ in range(6):
        if node.dep_ not in {"conj", "dobj", "appos", "nsubjpass", "acl"} or node.head.i == node.i:
            return False
        if node.head.i in firing or (node.dep_ == "dobj" and node.head.lemma_.lower() == "use"):
            return True
        if node.dep_ in {"dobj", "nsubjpass", "conj"} and node.head.lemma_.lower() in FOUND_VERBS:
            # "IEDs were found and cleared", "destroyed 40 mines and 12 IEDs" (the second object is often
            # parsed as a conjunct of the verb): a weapon found, not an explosion
            return True
        if (
            node.dep_ == "dobj"
            and node.head.lemma_.lower() in HOLDING_VERBS
            and node.head.dep_ in {"acl", "relcl"}
        ):
            node = node.head  # "packages containing explosive devices were intercepted"
        node = node.head
    return False


def _contiguous(
    tokens: list[Token],
    lemmas: list[str],
    k: int,
    longest: int,
    table: dict[tuple[tuple[str, ...], str], Action],
) -> tuple[Token, Action, range] | None:
    for n in range(min(longest, len(tokens) - k), 0, -1):
        key = tuple(lemmas[k : k + n])
        # The small model mislemmatises some forms ("raped" -> "rap"): the lexicon may list the form itself.
        surface = tuple(t.lower_ for t in tokens[k : k + n])
        for pos in ("NOUN", "VERB"):
            action = table.get((key, pos)) or table.get((surface, pos))
            if action is None:
                continue
            head = tokens[k + n - 1] if pos == "NOUN" else tokens[k]
            if _pos_ok(head, pos, n):
                return head, action, range(tokens[k].i, tokens[k].i + n)
    return None


def _pos_ok(head: Token, pos: str, n: int) -> bool:
    if pos == "VERB":
        # Headlines: "Soldier killed- 2 wounded" tags the participle as an adjective.
        participle = head.pos_ == "ADJ" and head.lower_.endswith("ed")
        return head.pos_ == "VERB" or participle or (n > 1 and head.pos_ in {"VERB", "NOUN"})
    if head.pos_ == "NOUN":
        return True
    if head.pos_ == "PROPN" and head.is_upper and len(head.text) <= 5:
        return True  # acronyms: "IED", "KIA", "VBIED"
    # "March" the month and names are PROPN; a sentence-initial capitalised noun may be tagged PROPN too.
    return head.pos_ == "PROPN" and head.ent_type_ == "" and (head.is_sent_start or head.is_lower)


def _verb_particle(
    tok: Token, table: dict[tuple[tuple[str, ...], str], Action]
) -> tuple[Token, Action, range] | None:
    """Two-word verb triggers split by the parse: 'took full control', 'fired two rockets', 'called for'."""
    if tok.pos_ != "VERB":
        return None
    for child in tok.children:
        if child.dep_ in CHILD_DEPS:
            action = table.get(((tok.lemma_.lower(), child.lemma_.lower()), "VERB"))
            if action is not None:
                return tok, action, range(tok.i, tok.i + 1)
    return None


def happened(head: Token, family: str) -> bool:
    """False when the action is negated, modal, planned, denied or only described (habitual participle)."""
    if any(c.dep_ == "neg" or c.lower_ in {"no", "without", "never"} for c in head.children):
        return False
    if head.dep_ in {"pobj", "pcomp"} and head.head.lower_ == "without":
        return False  # "entered the town without fighting"
    if family in IRREALIS_KEEP_FAMILIES:
        return True
    if _attributed(head) or _misfired(head) or _modifier_noun(head) or _retrospective(head):
        return False
    if _earlier(head) or _modal_subject(head) or _in_question(head):
        return False
    if head.pos_ == "VERB" and head.dep_ == "amod" and family != "protest":
        return False  # "looted funds", "the destroyed house": a participle describing a thing
    if family != "protest" and grievance(head):
        return False
    if any(c.dep_ == "aux" and c.lower_ in MODAL for c in head.children):
        return False
    node = head
    for _ in range(3):
        if node.dep_ in {"xcomp", "ccomp", "pobj", "dobj", "prep", "acl", "pcomp", "conj"}:
            parent = node.head
            if parent.lemma_.lower() in IRREALIS:
                return False
            if any(c.dep_ == "aux" and c.lower_ in MODAL for c in parent.children) and node.dep_ == "xcomp":
                return False
            node = parent
        else:
            break
    if _in_background_clause(head):
        return False
    # "opposition groups fighting against the regime": a participle that describes a group, not an event.
    return not (head.dep_ == "acl" and head.tag_ == "VBG" and family in VIOLENT)


def grievance(head: Token) -> bool:
    """'protested against the arrest of', 'demanding the release of detained students': what a protest
    is about is not an event of its own."""
    if head.pos_ != "NOUN" and head.dep_ not in {"acl", "relcl"}:
        return False
    node = head
    for _ in range(5):
        if node.head.i == node.i:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in GRIEVANCE_HEADS:
            return True
        if node.dep_ == "prep" and lemma in {"against", "over"} and _protesting(node.head):
            return True
    return False


def _protesting(tok: Token) -> bool:
    """A protest word, or a light verb whose object is one ('staged a human chain protest')."""
    if tok.lemma_.lower() in PROTEST_WORDS:
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in PROTEST_WORDS for c in tok.children)


def _modifier_noun(head: Token) -> bool:
    """'attack drones', 'attack helicopters': a noun that only modifies another noun is no event."""
    if head.pos_ != "NOUN" or head.dep_ != "compound" or head.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    # "rape incidents", "bomb attacks" are events; "a protest West Kundur district" is a misparse.
    return head.head.lemma_.lower() not in EVENT_NOUNS | PLACE_NOUNS


def _retrospective(head: Token) -> bool:
    """'The war has killed tens of thousands', 'have taken dozens of towns since launching…': the
    running total of a conflict, not an event of the day."""
    verb = head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(s.lemma_.lower() in CONFLICT_NOUNS for s in subjects):
        return True
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in head.children)
    # "since launching an offensive", "since 2009" look back over months; "since Wednesday" does not.
    long_since = any(
        c.dep_ == "prep"
        and c.lower_ == "since"
        and any(g.dep_ == "pcomp" or YEAR.fullmatch(g.text) for g in c.subtree)
        for c in head.children
    )
    return perfect and long_since


def _in_question(head: Token) -> bool:
    """'no information on whether fighting took place', 'asked whether troops had attacked': an open
    question, not a report."""
    clause = head.head if head.dep_ in {"nsubj", "nsubjpass"} else head
    return any(c.dep_ == "mark" and c.lower_ == "whether" for c in clause.children)


def _earlier(head: Token) -> bool:
    """'relatives killed in earlier protests', 'the previous attack': an event told as past background."""
    near = [head, *(g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")]
    return any({c.lemma_.lower(), c.lower_} & EARLIER_WORDS for t in near for c in t.children)


def _modal_subject(head: Token) -> bool:
    """'a national strike would begin on Monday': a noun event whose verb is only expected."""
    if head.pos_ != "NOUN" or head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return any(c.dep_ == "aux" and c.lower_ in MODAL for c in head.head.children)


def _attributed(head: Token) -> bool:
    """'claimed responsibility for the attack', 'denied it was behind the bombing': about blame, not news."""
    node = head
    for _ in range(5):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in ATTRIBUTION_HEADS:
            return True
    return False


def _misfired(head: Token) -> bool:
    """Verbs that are triggers only in some frames: 'gathered children', 'fires burning', 'engaged in'."""
    lemma = head.lemma_.lower()
    deps = {c.dep_ for c in head.children}
    preps = {c.lower_ for c in head.children if c.dep_ == "prep"}
    if lemma == "gather":
        return "dobj" in deps
    if lemma == "burn":
        return not deps & {"dobj", "nsubjpass"}
    if lemma == "barricade":  # "barricaded himself inside a room" is hiding, not a road blockade
        return any(c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in head.children)
    if lemma == "engage":
        return "dobj" not in deps and "with" not in preps
    if lemma == "bomb" and head.pos_ == "NOUN":
        return not _bomb_went_off(head)
    if lemma == "send":  # "sent troops", not "sent a letter"
        return not any(c.dep_ == "dobj" and c.lemma_.lower() in TROOP_WORDS for c in head.children)
    if lemma == "drop":  # "dropped barrel bombs", not "dropped the charges"
        return not any(c.dep_ == "dobj" and c.lemma_.lower() in DROPPED_WEAPONS for c in head.children)
    return False


def _bomb_went_off(head: Token) -> bool:
    """A bare 'bomb' is an event only when it went off or was used ('a bomb exploded', 'planted a bomb'),
    not in 'a hydrogen bomb test'."""
    verbs = [head.head] if head.dep_ in {"nsubj", "dobj", "nsubjpass", "pobj"} else []
    if head.dep_ == "pobj":
        verbs = [head.head.head]
    verbs += [c for c in head.children if c.dep_ in {"acl", "relcl"}]
    return any(v.lemma_.lower() in BOMB_VERBS for v in verbs)


def _in_background_clause(head: Token) -> bool:
    """'since the offensive began', 'as battles continue': time frames, not new events."""
    node = head
    for _ in range(3):
        if node.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in node.children)
        if node.dep_ in {"nsubj", "dobj", "pobj", "prep"} and node.head.i != node.i:
            node = node.head
        else:
            return False
    return False


def _agentless_injury(trigger: Trigger) -> bool:
    """'three injured', 'were wounded': an injury is an attack only when someone did it."""
    if trigger.family != "injure":
        return False
    return not any(c.dep_ in {"nsubj", "agent"} for c in trigger.head.children)


def _crowd_control(trigger: Trigger) -> bool:
    """'stun grenades', 'smoke bombs', 'rubber bullets': crowd-control weapons are not explosions."""
    head = trigger.head
    mods = {c.lemma_.lower() for c in head.children if c.dep_ in {"amod", "compound"}}
    return head.pos_ == "NOUN" and bool(mods & CROWD_CONTROL)


def _labour_strike_misread(trigger: Trigger) -> bool:
    head = trigger.head
    if trigger.action.trigger != ("strike",) or head.pos_ != "NOUN":
        return False
    mods = {c.lower_ for c in head.children}
    if bool(mods & LABOUR_STRIKE) or (head.dep_ == "pobj" and head.head.lower_ == "on"):
        return True
    # "teachers staged a strike": one holds a walkout; an air strike is launched or carried out
    holder = head.head
    return head.dep_ == "dobj" and bool({holder.lower_, holder.lemma_.lower()} & STRIKE_HOLDERS)
