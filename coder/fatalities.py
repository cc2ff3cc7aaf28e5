"""Fatalities: the dead of a sentence, by ACLED's conservative rule (injuries and arrests are not deaths).

A death predicate is found first ("killed", "died", "shot dead", "beaten to death", "3 fatalities",
"the death toll rose to 30"), then its victims are counted: the number on the victim noun, one for a
singular victim ("killed a farmer", "the man died"), the sum over conjoined victims ("1 policeman and
2 civilians"), ACLED's figures for vague quantities, and the lowest figure of a range.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from coder.dates import MONTHS
from coder.lexicon import word_list

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000}
# Vague quantities, ACLED's conventions: "dozens" 12, "hundreds" 100.
VAGUE = {
    "dozen": 12,
    "dozens": 12,
    "scores": 20,
    "score": 20,
    "hundreds": 100,
    "thousands": 1000,
    "several": 3,
    "few": 3,
}
KILL_VERBS = word_list("fatalities.kill_verbs")
DIE_VERBS = {"die", "perish", "succumb"}
# Inflected forms the tagger leaves unlemmatised, mostly when a headline glues a dash to the word.
FORMS = {
    "killed": "kill",
    "kills": "kill",
    "killing": "kill",
    "died": "die",
    "dies": "die",
    "lynched": "lynch",
    "murdered": "murder",
    "executed": "execute",
    "beheaded": "behead",
    "massacred": "massacre",
    "assassinated": "assassinate",
}
DEATH_NOUNS = word_list("fatalities.death_nouns")
TOTAL_NOUNS = {"death", "fatality"}
NOT_TO_DEATH = word_list("fatalities.not_to_death")
# An ancestor that makes the killing an accusation, an attempt or a threat, not a reported death.
IRREALIS = word_list("fatalities.irrealis")
BACKGROUND_PREPS = word_list("fatalities.background_preps")
MOTIVES = word_list("fatalities.motives")
MODALS = {"could", "would", "might", "may"}
CUMULATIVE = word_list("fatalities.cumulative")
NON_PERSON = word_list("fatalities.non_person")
# What kills without being a killer: "the blast killed five", "killed by a stray bullet".
EVENT_NOUNS = word_list("fatalities.event_nouns")
# Their subject suffers or tells of the deaths, it does not cause them: "the army sustained 1 fatality".
EXPERIENCER_VERBS = word_list("fatalities.experiencer_verbs")
GENERIC_VICTIMS = word_list("fatalities.generic_victims")
HURT = word_list("fatalities.hurt")
QUANTIFIERS = word_list("fatalities.quantifiers")
MORE_WORDS = word_list("fatalities.more_words")
PRONOUNS_ONE = word_list("fatalities.pronouns_one")
RELATIVE_PRONOUNS = {"who", "whom", "that", "which"}
AUXILIARIES = word_list("fatalities.auxiliaries")
AUXILIARIES |= {"also", "later", "allegedly", "reported", "all", "both", "each", "then", "subsequently"}
# A second source's figure for deaths already told: "other sources report", "conflicting reports say".
CONFLICTING = re.compile(
    r"\b(other|another|some|different|conflicting|local|unconfirmed)\s+(sources?|reports?|accounts?)\b"
    r"|\breports? (vary|differ)|\bclaimed? (killing|to have killed)\b|\bbut said only\b",
    re.I,
)
RUNNING = re.compile(r"\b(so far|to date|this (year|month))\b", re.I)
ZERO_PATTERN = re.compile(
    r"\b(no (one|body|deaths?|fatalities|casualties|injuries or deaths)|nobody)\b[^.]*?"
    r"\b(killed|died|reported|recorded|dead)?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Deaths reported in a sentence: ACLED's figure, the reported range, and how a follow-up adds up.

    `total` marks a toll for the whole event ("3 fatalities.", "the death toll rose to 30"); `more` marks
    victims on top of those already counted ("two other people were also killed"); `bare` marks a toll
    told without a killer ("two civilians were killed", "the blast killed five"), which in a follow-up
    sentence belongs to the event just told rather than to a new one. `conflicting` marks a figure from
    another source ("other sources report 5 killed"), which ACLED weighs against the first by taking the
    lower.
    """

    best: int
    low: int
    high: int
    total: bool = False
    more: bool = False
    bare: bool = False
    conflicting: bool = False
    figure: bool = False

    @staticmethod
    def of_row(row: Mapping[str, object]) -> Fatalities:
        """The toll already on an event row."""
        values = [row.get(k) for k in ("fatalities", "fatalities_low", "fatalities_high")]
        best, low, high = (v if isinstance(v, int) else 0 for v in values)
        return Fatalities(best, low, high)

    def after(self, current: Fatalities) -> Fatalities:
        """The event's toll once this follow-up toll is added to `current`: a stated total replaces it,
        'other' victims add up. Anything else is the same dead told again: a second figure ('six troops
        killed' after 'a soldier killed', or another source's) keeps the lower one, ACLED's rule when
        reports conflict; a single victim ('the man died') is one of those already counted."""
        if self.conflicting and current.best > 0:
            return self if self.best < current.best else current
        if self.total:
            return Fatalities(self.best, self.low, self.high, total=True)
        if self.more:
            return Fatalities(current.best + self.best, current.low + self.low, current.high + self.high)
        if self.figure and current.best > 0 and self.best > 0:
            return self if self.best < current.best else current
        return self if self.best > current.best else current


@dataclass(frozen=True, slots=True)
class _Count:
    best: int
    low: int
    high: int
    figure: bool = True  # told as a number ("six troops"), not as one victim ("the man")


ONE_VICTIM = _Count(1, 1, 1, figure=False)


def parse_number(text: str) -> int | None:
    """An integer written in digits ("1,200") or words ("twenty-five", "two hundred"); None otherwise."""
    cleaned = text.lower().replace(",", "").strip()
    if cleaned.isdigit():
        return int(cleaned)
    if cleaned in VAGUE:
        return VAGUE[cleaned]
    total, current = 0, 0
    parts = [p for p in re.split(r"[\s-]+", cleaned) if p and p != "and"]
    if not parts:
        return None
    for part in parts:
        if part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part in SCALES:
            current = max(current, 1) * SCALES[part]
            if SCALES[part] >= 1000:
                total, current = total + current, 0
        elif part.isdigit():
            current += int(part)
        else:
            return None
    return total + current


def find_fatalities(sent: Span) -> Fatalities | None:
    """Deaths reported in `sent`, or None when it reports none (ACLED then codes 0)."""
    counts: dict[int, _Count] = {}
    total = more = False
    bare = True
    for pred in sent:
        found = _predicate_victims(pred)
        if found is None or not _actual(pred):
            continue
        victims, is_total = found
        groups = [g for victim in victims for g in _count_group(victim)]
        if not groups and not is_total:
            groups = _adjacent_count(pred)
        for head, count in groups:
            if head.i not in counts:
                counts[head.i] = count
                total |= is_total
                more |= _is_more(head, pred)
                bare &= is_total or _agentless(pred)
    if not counts:
        return Fatalities(0, 0, 0) if ZERO_PATTERN.search(sent.text) and _mentions_death(sent) else None
    best = sum(c.best for c in counts.values())
    low = sum(c.low for c in counts.values())
    high = sum(c.high for c in counts.values())
    conflicting = CONFLICTING.search(sent.text) is not None
    return Fatalities(
        best,
        low,
        high,
        total=total,
        more=more and not total,
        bare=bare or conflicting,
        conflicting=conflicting,
        figure=any(c.figure for c in counts.values()),
    )


# -- death predicates --------------------------------------------------------------------------------


def _base(tok: Token) -> str:
    word = tok.lemma_.lower().rstrip("-–")
    return FORMS.get(word, word)


def _clean(tok: Token) -> str:
    """The word without the dash a headline glues to it ('killed-', 'four-' for 'killed,', 'four,')."""
    return tok.lower_.rstrip("-–")


def _predicate_victims(tok: Token) -> tuple[list[Token], bool] | None:
    """If `tok` reports deaths, the heads of its victim phrases and whether it states a total."""
    base = _base(tok)
    lower = _clean(tok)
    if base in KILL_VERBS and (tok.pos_ in {"VERB", "AUX", "NOUN", "ADJ"} or lower in FORMS):
        if tok.pos_ == "NOUN" and tok.tag_ != "VBN" and lower not in FORMS:
            return None  # "the killing of", "the murder case": left to the noun rules
        return _patients(tok) or _number_after(tok) or _left_phrase(tok), False
    if base == "gun" and any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        return _patients(tok) or _left_phrase(tok), False
    if base in DIE_VERBS:
        return _subjects(tok) or _left_phrase(tok), False
    if lower == "death" and tok.dep_ == "pobj" and tok.head.lower_ == "to":
        verb = tok.head.head
        if _base(verb) in NOT_TO_DEATH or verb.pos_ not in {"VERB", "AUX"}:
            return None
        return _patients(verb) or _left_phrase(verb), False
    if lower == "kia":  # "two KIA": killed in action
        return _number_children(tok) or _left_phrase(tok), False
    if lower == "fatally" and tok.head.pos_ == "VERB":
        return _patients(tok.head) or _left_phrase(tok.head), False
    if lower == "dead":
        return _dead_victims(tok), False
    if base in {"life", "lives"}:
        return _lives_victims(tok), False
    if base == "toll":
        return _toll_numbers(tok), True
    if base in DEATH_NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
        numbers = [c for c in tok.children if c.dep_ in {"nummod", "quantmod"} and _is_number(c)]
        if numbers:
            return [tok], base in TOTAL_NOUNS
        return _of_objects(tok), False
    return None


def _number_after(verb: Token) -> list[Token]:
    """'Clashes kill four- including …' parsed without an object: the number right after the verb."""
    if _clean(verb).endswith(("ed", "ing")) or (
        verb.tag_ not in {"VBZ", "VBP", "VB"} and _clean(verb) != "kills"
    ):
        return []
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    return [nxt] if nxt is not None and _is_number(nxt) else []


def _adjacent_count(pred: Token) -> list[tuple[Token, _Count]]:
    """Fallback for headlines the parser garbles ('Civilian killed- station damaged', 'fire kills
    civilian'): the count in the words right next to the death word, read left to right."""
    doc = pred.doc
    if _base(pred) in KILL_VERBS and pred.tag_ in {"VBZ", "VBP", "VB"} and pred.i + 1 < len(doc):
        nxt = doc[pred.i + 1]
        if _is_number(nxt):
            count = _number_count(nxt)
            return [(nxt, count)] if count is not None else []
        return [(nxt, ONE_VICTIM)] if _single_person(nxt) else []
    j = pred.i - 1
    while j >= 0 and doc[j].lower_ in AUXILIARIES:
        j -= 1
    phrase: list[Token] = []
    while j >= 0 and len(phrase) < 4:
        tok = doc[j]
        glued = tok.text.endswith(("-", "–")) and len(tok.text) > 1
        if tok.is_punct or glued or tok.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM", "DET"} or _hurt_word(tok):
            break
        phrase.append(tok)
        j -= 1
    if not phrase or any(_non_person(t) or t.lower_ in {"no", "nobody", "none", "neither"} for t in phrase):
        return []
    numbers = [t for t in phrase if _is_number(t)]
    if numbers:
        count = _number_count(numbers[0])
        return [(numbers[0], count)] if count is not None else []
    return [(phrase[0], ONE_VICTIM)] if _single_person(phrase[0]) else []


def _single_person(tok: Token) -> bool:
    """One victim named by a singular common noun, also one the tagger took for an adjective
    ('Civilian killed')."""
    if tok.ent_type_ in {"GPE", "LOC", "ORG", "FAC", "DATE", "TIME"} or tok.lower_ in QUANTIFIERS:
        return False
    return tok.tag_ in {"NN", "JJ"} and tok.is_alpha and not tok.lower_.endswith("s")


def _hurt_word(tok: Token) -> bool:
    return tok.lemma_.lower() in HURT or tok.lower_ in HURT


def _patients(verb: Token) -> list[Token]:
    """Who was killed: the object of an active verb, the subject of a passive one, or the noun a
    reduced relative clause hangs on ('two soldiers killed in ...')."""
    kids = list(verb.children)
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in kids)
    found = [c for c in kids if c.dep_ == ("nsubjpass" if passive else "dobj")]
    # "kills two - JCCC": the source after the dash is no victim, the count before it is.
    found = [
        k
        for c in found
        for k in ([c] if not _across_dash(verb, c) else _number_children(c))
        if not _across_dash(verb, k) and not (k.i + 1 < len(k.doc) and _hurt_word(k.nbor(1)))
    ]
    if not found and not passive:
        found = [c for c in kids if c.dep_ == "nsubjpass"]
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in kids)
    objects = [c for c in kids if c.dep_ == "dobj" and not _across_dash(verb, c)]
    # A participle glued to a dash ("killed-") is often mistagged; it is still the headline passive.
    participle = verb.tag_ == "VBN" or (verb.text.endswith("-") and _clean(verb).endswith("ed"))
    if not found and participle and not perfect and not objects:
        found = [c for c in kids if c.dep_ == "nsubj"]  # headline passive: "Soldier killed in east"
    if not found and verb.dep_ in {"acl", "relcl"} and verb.tag_ == "VBN":
        found = [_out_of_place(verb.head)]
    if not found and verb.dep_ in {"conj", "xcomp", "oprd"} and verb.head.i != verb.i:
        found = _patients(verb.head)
        if not found and verb.dep_ != "conj":  # "three men found killed": the finder is the found
            found = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return [_antecedent(f) for f in found]


def _across_dash(a: Token, b: Token) -> bool:
    """A dash between `a` and `b` that separates phrases: in a headline what follows a spaced dash is the
    source ('Woman killed in shelling - local authorities'), and a dash glued to a word ends a clause
    ('one guard dead- two wounded'; the tokenizer splits it off)."""
    lo, hi = sorted((a.i, b.i))
    return any(
        t.text in {"-", "–", "—"} and t.i > 0 and (t.nbor(-1).whitespace_ or t.whitespace_)
        for t in a.doc[lo + 1 : hi]
    )


def _out_of_place(noun: Token) -> Token:
    """'Eight people in the district killed': the counted noun, not the place the clause hangs on."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in {"in", "from", "at", "near", "of"}:
        upper = prep.head
        if upper.pos_ in {"NOUN", "PROPN"} and not _number_children(noun) and _number_children(upper):
            return upper
    return noun


def _subjects(verb: Token) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not found and verb.dep_ in {"acl", "relcl"}:
        found = [verb.head]
    if not found and verb.dep_ == "conj" and verb.head.i != verb.i:
        found = _subjects(verb.head)
    return [_antecedent(f) for f in found]


def _antecedent(tok: Token) -> Token:
    """'a civilian who was killed': the relative pronoun stands for the civilian."""
    if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _left_phrase(pred: Token) -> list[Token]:
    """Fallback for garbled headline parses: the noun phrase just before the predicate."""
    doc = pred.doc
    j = pred.i - 1
    while j >= 0 and doc[j].lower_ in AUXILIARIES:
        j -= 1
    if j < 0 or not (doc[j].pos_ in {"NOUN", "PROPN", "NUM", "ADJ"} or _is_number(doc[j])):
        return []
    if doc[j].lower_ in {"casualties", "casualty"}:
        return []
    return [doc[j]]


def _dead_victims(dead: Token) -> list[Token]:
    """'7 dead', 'shot dead', 'found dead', 'leaving five people dead'."""
    numbers = [c for c in dead.children if _is_number(c) and c.dep_ in {"nummod", "npadvmod", "nsubj"}]
    if numbers:
        return [dead]
    if (
        dead.dep_ in {"amod", "appos"}
        and dead.head.pos_ in {"NOUN", "PROPN", "NUM"}
        and not _across_dash(dead, dead.head)
    ):
        return [dead.head]
    if dead.dep_ in {
        "oprd",
        "acomp",
        "advcl",
        "xcomp",
        "ccomp",
        "conj",
        "advmod",
        "prep",
    } and dead.head.pos_ in {
        "VERB",
        "AUX",
    }:
        return _patients(dead.head) or _subjects_of_copula(dead.head) or _left_phrase(dead.head)
    if dead.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "conj"} and dead.pos_ == "NOUN":
        return [dead] if _number_children(dead) else []
    return []


def _subjects_of_copula(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "nsubj"] if verb.lemma_ in {"be", "lie", "remain"} else []


def _lives_victims(life: Token) -> list[Token]:
    """'claimed five lives', 'claimed the lives of two children', 'lost their lives'."""
    if _number_children(life):
        return [life]
    of = _of_objects(life)
    if of:
        return of
    if life.dep_ == "dobj" and _base(life.head) == "lose":
        return _subjects(life.head)
    return []


def _toll_numbers(toll: Token) -> list[Token]:
    """'the death toll rose to 30', 'the toll stands at 12', 'a toll of 15', 'the toll is 4'."""
    if not any(c.lower_ in {"death", "casualty"} for c in toll.children) and toll.head.lemma_ not in {
        "rise",
        "climb",
        "reach",
        "stand",
        "be",
        "increase",
        "jump",
        "hit",
    }:
        return []
    found = [o for o in _of_objects(toll) if _is_number(o)]
    verb = toll.head if toll.dep_ in {"nsubj", "dobj", "nsubjpass"} else None
    if verb is not None:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in {"to", "at"}:
                found += [o for o in child.children if o.dep_ == "pobj" and _is_number(o, lenient=True)]
            if child.dep_ in {"attr", "dobj"} and _is_number(child, lenient=True):
                found.append(child)
    return found[:1]


def _of_objects(noun: Token) -> list[Token]:
    return [
        o
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]


def _actual(pred: Token) -> bool:
    """Not negated, not hypothetical, not an accusation or attempt, not a war's running total."""
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS) for c in pred.children):
        return False
    if any(c.dep_ == "nsubj" and c.lemma_.lower() in CUMULATIVE for c in pred.children):
        return False  # "the war has killed tens of thousands"
    if any(_running_since(c) for c in pred.children) or _running_period(pred):
        return False  # "killed since 2014", "killed this year": a running total
    if _background(pred):
        return False
    tok = pred
    for _ in range(4):
        if tok.dep_ not in {"xcomp", "ccomp", "pcomp", "prep", "pobj", "acl", "advcl", "conj"}:
            break
        tok = tok.head
        if _base(tok) in IRREALIS or tok.lower_ in {"attempt", "plot", "threat", "bid"}:
            return False
    return True


def _agentless(pred: Token) -> bool:
    """No killer named: a passive without 'by', or whose 'by' / subject is a weapon or an event."""
    verb = pred if pred.pos_ in {"VERB", "AUX"} else pred.head
    if pred.lower_ in {"dead", "death", "fatally"} or _base(pred) in DEATH_NOUNS | {"life", "lives"}:
        verb = pred.head if pred.head.pos_ in {"VERB", "AUX"} else pred
    if pred.lower_ == "death" and pred.head.lower_ == "to":
        verb = pred.head.head
    # "stormed the village, killing five": the participle's killer is the subject of its head.
    own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    verbs = [verb, verb.head] if verb.dep_ in {"conj", "advcl", "xcomp"} and not own_subject else [verb]
    for v in verbs:
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in v.children)
        victims = {t.i for t in _patients(v)}
        for child in v.children:
            doers = [o for o in child.children if o.dep_ == "pobj"] if child.dep_ == "agent" else []
            if (
                child.dep_ == "nsubj"
                and not passive
                and _base(v) not in DIE_VERBS | EXPERIENCER_VERBS
                and child.i not in victims
            ):
                doers.append(child)
            # A pronoun ("they killed four") is the killer already told of.
            if any(_base(d) not in EVENT_NOUNS and d.pos_ != "PRON" for d in doers):
                return False
    return True


def _running_since(prep: Token) -> bool:
    """'since 2014', 'since the start of the war' (not 'the bloodiest day since August')."""
    if prep.dep_ != "prep" or prep.lower_ != "since":
        return False
    return any(
        o.like_num or _base(o) in CUMULATIVE | {"start", "beginning", "outbreak"}
        for o in prep.children
        if o.dep_ == "pobj"
    )


def _running_period(pred: Token) -> bool:
    """'so far', 'to date', 'this year' in the predicate's clause: the count is a tally, not the day's
    dead. The clause stops at a full stop the parser ran through (joined headlines)."""
    doc = pred.doc
    stops = [t.i for t in doc[pred.sent.start : pred.sent.end] if t.text == "."]
    lo = max((i for i in stops if i < pred.i), default=pred.sent.start - 1)
    hi = min((i for i in stops if i > pred.i), default=pred.sent.end)
    words = " ".join(t.text for t in pred.subtree if lo < t.i < hi)
    return RUNNING.search(words) is not None


def _background(pred: Token) -> bool:
    """A death told as the reason or the past of the event: 'protested the death of a student',
    'demanding justice for two men who died', 'riots broke out after a politician was killed'."""
    tok = pred
    while tok.head.i != tok.i:
        if tok.dep_ in {"pobj", "pcomp"} and tok.head.lower_ in BACKGROUND_PREPS:
            return True
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in {"after", "since"} for c in tok.children
        ):
            return True
        tok = tok.head
        if _base(tok) in MOTIVES:
            return True
    return False


# -- counting victims --------------------------------------------------------------------------------


def _count_group(head: Token) -> Iterator[tuple[Token, _Count]]:
    """The victim phrase and each phrase conjoined to it, with their counts."""
    seen: set[int] = set()
    # A list parsed as apposition ("a boy, a woman, and a man") counts each member; "a man, a farmer" once.
    in_list = any(c.dep_ == "cc" for c in head.children)
    listed = [
        a
        for a in head.children
        if a.dep_ == "appos" and (in_list or any(c.dep_ == "conj" for c in a.children))
    ]
    # "Five soldiers- two rebels killed": a headline list of counted groups written as an apposition.
    if _number_children(head):
        others = [a for a in head.children if a.dep_ == "appos" and a not in listed]
        if head.dep_ == "appos":
            others.append(head.head)
        for other in others:
            if _number_children(other) and not _non_person(other):
                if {_clean(other), _clean(head)}.isdisjoint(GENERIC_VICTIMS):
                    listed.append(other)
    for tok in [head, *head.conjuncts, *(t for a in listed for t in (a, *a.conjuncts))]:
        if tok.i in seen or (tok.dep_ == "appos" and tok not in listed and tok is not head) or _hurt(tok):
            continue
        seen.add(tok.i)
        count = _count_phrase(tok)
        if count is not None:
            yield tok, count


def _count_phrase(noun: Token) -> _Count | None:
    lower = _clean(noun)
    if _non_person(noun):
        return None
    if _is_number(noun, lenient=True):
        return _number_count(noun)
    numbers = _number_children(noun)
    if numbers:
        return _number_count(numbers[-1])
    if lower in VAGUE:
        return _Count(VAGUE[lower], VAGUE[lower], VAGUE[lower])
    if lower == "both":
        return _Count(2, 2, 2)
    if lower in {"nobody", "none", "one"} or any(c.lower_ == "no" for c in noun.children):
        return None
    for child in noun.children:
        if child.dep_ == "amod" and child.lower_ in VAGUE:
            return _Count(VAGUE[child.lower_], VAGUE[child.lower_], VAGUE[child.lower_])
    if lower in PRONOUNS_ONE:
        return ONE_VICTIM
    if noun.tag_ in {"NN", "NNP"} and noun.pos_ in {"NOUN", "PROPN"} and lower not in {"people", "police"}:
        return ONE_VICTIM  # "killed a farmer", "the victim died", "Ukraine soldier killed"
    return None


def _hurt(tok: Token) -> bool:
    """'three injured' in 'one dead and three injured': the injured are not among the dead."""
    if _clean(tok) in {"dead", "killed"}:
        return False
    return any(c.lemma_.lower() in HURT or c.lower_ in HURT for c in tok.children)


def _non_person(noun: Token) -> bool:
    words = [noun, *(o for o in _of_objects(noun))]
    return any(_base(w) in NON_PERSON or w.lower_ in NON_PERSON for w in words)


def _number_children(noun: Token) -> list[Token]:
    """The count on a noun, also when the parser hung it on a modifier ('Four Ukraine soldiers')."""
    found = [c for c in noun.children if c.dep_ in {"nummod", "quantmod"} and _is_number(c)]
    if not found:
        for mod in noun.lefts:
            if mod.dep_ == "compound" and mod.pos_ == "PROPN":
                found += [c for c in mod.lefts if c.dep_ in {"nummod", "compound"} and _is_number(c)]
    return found


def _is_number(tok: Token, lenient: bool = False) -> bool:
    """A count: not a time, sum, percentage or date ('lenient' after 'toll ... at', where NER says TIME)."""
    text = _clean(tok)
    if not (tok.like_num or text in VAGUE or (text != tok.lower_ and parse_number(text) is not None)):
        return False
    if tok.ent_type_ in {"MONEY", "PERCENT", "ORDINAL"} or (tok.ent_type_ == "TIME" and not lenient):
        return False
    if tok.i > 0 and tok.nbor(-1).lower_ == "no":  # "no one was killed"
        return False
    value = parse_number(text)
    if value is None:
        return False
    # NER often calls "between 10 and 15" a DATE; only years and days of a month are dates here.
    return not (tok.ent_type_ == "DATE" and (1900 <= value <= 2100 or _next_to_month(tok)))


def _number_count(num: Token) -> _Count | None:
    """The value of a number with its compound parts ('two hundred'), as a range when it is one."""
    parts = [c for c in num.children if c.dep_ in {"compound", "quantmod", "nummod"} and c.like_num]
    text = " ".join(t.text for t in sorted([*parts, num], key=lambda t: t.i) if t.i <= num.i)
    value = parse_number(text.rstrip("-–")) if parts else parse_number(_clean(num))
    if value is None:
        value = parse_number(_clean(num))
    if value is None:
        return None
    others = [value]
    for child in num.children:
        if child.dep_ == "conj" and _is_number(child) and not _hurt(child):  # "between 10 and 15"
            others.append(parse_number(child.text) or value)
    before = num.doc[num.i - 2 : num.i] if num.i >= 2 else num.doc[0:0]
    ranged = len(before) == 2 and before[1].lower_ in {"-", "–", "to"} and before[0] not in parts
    if ranged and _is_number(before[0]):  # "10-12", not "forty-nine"
        others.append(parse_number(before[0].text) or value)
    low, high = min(others), max(others)
    return _Count(low, low, high)


def _next_to_month(tok: Token) -> bool:
    doc = tok.doc
    near = [doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(doc)]
    return any(t.lower_.rstrip(".") in MONTHS for t in near)


def _is_more(victim: Token, pred: Token) -> bool:
    """'two other people', 'another soldier', 'a woman was also killed': victims not yet counted."""
    if victim.lower_ in MORE_WORDS or any(c.lower_ in MORE_WORDS for c in victim.children):
        return True
    return any(c.lower_ == "also" for c in pred.children)


def _mentions_death(sent: Span) -> bool:
    return any(_base(t) in KILL_VERBS | DIE_VERBS | DEATH_NOUNS | {"casualty"} for t in sent)
