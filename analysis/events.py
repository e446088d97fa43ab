"""Events (being written)."""

from __future__ import annotations

from spacy.tokens import Token

FUTURE_AUX = {"will", "shall", "'ll", "wo", "going"}
PLAN_LEMMAS = {"plan", "schedule", "expect", "due", "set", "aim", "intend", "hope",
               "want", "prepare", "seek", "propose", "promise", "pledge", "vow", "agree",
               "decide"}  # fmt: skip
SPEECH_LEMMAS = {"say", "tell", "state", "add", "report", "announce", "note", "claim"}


FUTURE_ADJ = {"payable", "effective", "due", "upcoming", "slated", "scheduled"}


def governing_verb(token: Token) -> Token | None:
    """The verb of the clause ``token`` belongs to (walking up heads), or None."""
    node = token
    for _ in range(12):
        if node.pos_ in {"VERB", "AUX"}:
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _modifies_noun(token: Token, verb: Token) -> bool:
    """True when the path from ``token`` up to ``verb`` passes a noun ("Friday's talks")."""
    if token.dep_ in {"poss", "compound", "nmod", "amod"}:
        return True
    node = token.head
    while node.i != verb.i and node.head.i != node.i:
        if node.pos_ in {"NOUN", "PROPN", "PRON"}:
            return True
        node = node.head
    return False


def clause_tense(token: Token) -> str | None:
    """'future'/'past' for the clause a date (or any token) sits in, None when unknown.

    Future: will/shall/going to, a planning verb (scheduled, plans, expected to), a
    forward-looking adjective ("payable Dec. 15", "effective Feb. 1"), or a present
    tense verb the date attaches to directly ("the Senate votes Tuesday").
    Past: a past-tense verb or a perfect ("has met"). Infinitives defer to the verb
    that controls them; otherwise unknown.
    """
    if any(t.lower_ in FUTURE_ADJ for t in [token, *token.ancestors][:6]):
        return "future"
    verb = governing_verb(token)
    direct = verb is not None and not _modifies_noun(token, verb)
    while verb is not None:
        auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
        words = {a.lower_ for a in auxes}
        if words & FUTURE_AUX or (verb.lemma_ in PLAN_LEMMAS and verb.tag_ != "VBD"):
            return "future"
        if "to" in words:
            verb = verb.head if verb.dep_ == "xcomp" else None
            continue
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
            return "past"
        present = verb.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxes)
        if present and direct and verb.lemma_ not in SPEECH_LEMMAS:
            return "future"
        verb = verb.head if verb.dep_ == "conj" else None
    return None
