"""CAMEO frame rules: stated intentions to cooperate (03) and codes chosen from a trigger's frame.

The lexicon gives each trigger one CAMEO code. Some codes depend on the frame the verb stands in:

- a cooperative act that is announced, not done ("will free 150 prisoners", "agreed to resume talks",
  "is ready to send aid") is CAMEO 03, *express intent to cooperate*, with the sub-code of the act
  (0353 release, 036 meet or negotiate, 033 provide aid…). `find_triggers` drops such planned acts as
  events that did not happen, so `cameo_triggers` adds them back as CAMEO-only triggers;
- a meeting or visit under such a frame is an intention to meet (036), not the meeting (040/042);
- "charged with fraud" / "indicted on charges" is legal action (173), "charged that…" an accusation (112).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from coder.lexicon import Action, cameo_only_families, word_list
from coder.triggers import Trigger

INTENT_FAMILY = "cameo_intent"
# Auxiliaries that announce a future act; "could", "may", "might" only speculate.
FUTURE_AUX = {"will", "would", "shall", "'ll"}
# Heads whose complement is an act the actor commits to: "agreed to", "is ready to", "seeks to".
INTENT_HEADS = word_list("cameo.intent_heads")
# Heads under which an act is not intended by its subject: threats, refusals, demands, denials.
NOT_INTENT_HEADS = word_list("cameo.not_intent_heads")
# Cooperative verbs and the CAMEO code of intending them.
INTENT_CODES = {
    "release": "0353",
    "free": "0353",
    "return": "0353",
    "lift": "0351",
    "ease": "0351",
    "relax": "0351",
    "meet": "036",
    "talk": "036",
    "negotiate": "036",
    "visit": "036",
    "discuss": "036",
    "resume": "036",
    "mediate": "039",
    "help": "033",
    "assist": "033",
    "aid": "033",
    "contribute": "033",
    "donate": "033",
    "fund": "0331",
    "finance": "0331",
    "invest": "0311",
    "cooperate": "030",
    "support": "032",
    "back": "032",
    "endorse": "032",
    "recognize": "032",
    "recognise": "032",
    "sign": "030",
    "ratify": "030",
    "implement": "030",
    "honor": "030",
    "honour": "030",
    "respect": "030",
    "abide": "030",
    "reform": "034",
}
# Verbs that are cooperative only with such an object: "send aid", "deepen ties".
GIVING_VERBS = word_list("cameo.giving_verbs")
AID_OBJECTS = word_list("cameo.aid_objects")
WITHDRAWN = word_list("cameo.withdrawn")
TIES_VERBS = word_list("cameo.ties_verbs")
TIES_OBJECTS = word_list("cameo.ties_objects")
# Non-ACLED families whose act may be announced rather than done, and the intent code of each root.
INTENDABLE_FAMILIES = word_list("cameo.intendable_families")
ROOT_INTENTS = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
DEMANDS = word_list("cameo.demands")
LEGAL_OBJECTS = word_list("cameo.legal_objects")


def cameo_triggers(sent: Span, found: list[Trigger]) -> list[Trigger]:
    """`found` with frame-dependent CAMEO codes, plus intentions to cooperate (03) in `sent`."""
    out = [_recode(t) for t in found]
    taken = {t.head.i for t in found}
    for tok in sent:
        if tok.i in taken or tok.pos_ != "VERB":
            continue
        code = _intent_code(tok)
        if code is not None and _intended(tok):
            action = Action((tok.lemma_.lower(),), "VERB", INTENT_FAMILY, code)
            out.append(Trigger(tok, action))
            taken.add(tok.i)
    return out


def _recode(trigger: Trigger) -> Trigger:
    head, action = trigger.head, trigger.action
    intent = _intent_of(action)
    if intent is not None and head.pos_ == "VERB" and _intended(head):
        return Trigger(head, replace(action, cameo_code=intent))
    if action.family == INTENT_FAMILY and head.lemma_.lower() == "accept" and _objects(head) & DEMANDS:
        return Trigger(head, replace(action, cameo_code="083"))  # "accepted the rebels' demands": yield
    if action.family == "accuse" and _legal_charge(head):
        return Trigger(head, replace(action, cameo_code="173"))
    return trigger


def _intent_of(action: Action) -> str | None:
    """The 03 code of intending `action` ('will meet' 036, 'ready to send aid' 033), else None."""
    if action.family not in INTENDABLE_FAMILIES and action.family not in cameo_only_families():
        return None
    if action.family == INTENT_FAMILY:
        return None
    if action.cameo_code.startswith("084"):
        return "0353"
    return ROOT_INTENTS.get(action.cameo_code[:2])


def _legal_charge(head: Token) -> bool:
    """'was charged with murder', 'indicted on terrorism charges': legal action, not a verbal accusation."""
    if head.lemma_.lower() not in {"charge", "indict"}:
        return False
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in {"with", "on", "for"}):
        if any(g.dep_ == "pobj" for g in prep.children):
            return True
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.children)
    return passive or any(g.lemma_.lower() in LEGAL_OBJECTS for g in head.subtree)


def _intent_code(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    objects = _objects(tok)
    if lemma in GIVING_VERBS:
        return "033" if objects & AID_OBJECTS else None
    if lemma in TIES_VERBS:
        return "031" if objects & TIES_OBJECTS else None
    if lemma in {"withdraw", "pull"}:
        return "0356" if objects & WITHDRAWN else None
    if lemma == "work" and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        return "030"
    return INTENT_CODES.get(lemma)


def _objects(tok: Token) -> set[str]:
    return {c.lemma_.lower() for c in tok.children if c.dep_ in {"dobj", "dative"}}


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in {"no", "never", "not"} for c in tok.children)


def _intended(tok: Token) -> bool:
    """Is `tok` an act its subject says it will do ('will free', 'agreed to meet', 'ready to help')?"""
    node = tok
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "would free the prisoners and return the bodies"
    if _negated(tok) or _negated(node):
        return False
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in node.children):
        return not _under(node, NOT_INTENT_HEADS)
    if node.dep_ == "xcomp":
        head = node.head
        lemma = head.lemma_.lower()
        if lemma in INTENT_HEADS and not _negated(head):
            return not _under(head, NOT_INTENT_HEADS)
        ready = any(c.dep_ == "acomp" and c.lemma_.lower() in INTENT_HEADS for c in head.children)
        if lemma == "be" and ready:
            return not _negated(head)
    # "is ready to help": spaCy hangs the verb off the adjective.
    if node.dep_ == "xcomp" and node.head.pos_ == "ADJ" and node.head.lemma_.lower() in INTENT_HEADS:
        return not _negated(node.head.head)
    return False


def _under(tok: Token, lemmas: frozenset[str] | set[str]) -> bool:
    """Is `tok` a complement of one of `lemmas` ('threatened that it would cut ties')?"""
    node = tok
    for _ in range(3):
        if node.dep_ not in {"ccomp", "xcomp", "conj"} or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in lemmas:
            return True
    return False
