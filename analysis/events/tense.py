"""Tense of a clause and the date an event took, against the document's own date.

In: tokens of a parsed clause. Out: "future"/"past"/None (:func:`clause_tense`) and the
date columns of an EVENTS row (:func:`date_fields`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from analysis.dates import format_value, parse_base, resolve_date
from analysis.events.context import Context, Mention, mention_root
from analysis.events.lexicon import (
    FUTURE_ADJ,
    FUTURE_AUX,
    NOUN_MODIFIER_DEPS,
    PLAN_LEMMAS,
    SPAN_PREPS,
    SPEECH_LEMMAS,
)
from analysis.events.tree import children
from analysis.lemmas import lemma_of

if TYPE_CHECKING:  # annotations only: reading events (analysis.tables) needs no spaCy
    from spacy.tokens import Token

# ----------------------------------------------------------------- tense (shared)


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
        auxes = [c for c in children(verb) if c.dep_ in {"aux", "auxpass"}]
        words = {a.lower_ for a in auxes}
        if words & FUTURE_AUX or (lemma_of(verb) in PLAN_LEMMAS and verb.tag_ != "VBD"):
            return "future"
        if "to" in words:
            verb = verb.head if verb.dep_ == "xcomp" else None
            continue
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or lemma_of(a) == "have" for a in auxes):
            return "past"
        present = verb.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxes)
        if present and direct and lemma_of(verb) not in SPEECH_LEMMAS:
            return "future"
        verb = verb.head if verb.dep_ == "conj" else None
    return None


def dates_the_clause(root: Token, head: Token) -> bool:
    """Does a date (its root token) say when the clause headed by ``head`` happened?

    Not when it bounds a span ("since 1983", "until June", "by Friday", "for 1987"),
    nor when it modifies a noun ("the 1987 forecast", "last year's decline").
    """
    if root.dep_ in NOUN_MODIFIER_DEPS:
        return False
    node = root
    while node.i != head.i and node.head.i != node.i:
        node = node.head
        if node.pos_ in {"ADP", "SCONJ"} and node.lower_ in SPAN_PREPS:
            return False
    return True


def date_fields(tokens: Iterable[Token], ctx: Context, *, planned: bool, head: Token) -> dict:
    """The clause's own DATE (else TIME) mention, else the publication date."""
    seen: set[Mention] = set()
    for label in ("DATE", "TIME"):
        for tok in tokens:
            m = ctx.mention(tok)
            if m is None or m.label != label or m in seen:
                continue
            seen.add(m)
            root = mention_root(m, ctx)
            if not dates_the_clause(root, head):
                continue
            tense = "future" if planned else clause_tense(root)
            value, precision = resolve_date(m.text, ctx.doc_date, tense=tense)
            if value is None and m.resolved:
                value, precision = m.resolved, _precision_of(m.resolved)
            if value is not None:
                return {"date": value, "date_precision": precision, "date_basis": "text"}
    return reported_date(ctx.doc_date)


def _precision_of(value: str) -> str:
    if "-W" in value:
        return "week"
    return {4: "year", 7: "month"}.get(len(value), "day")


def reported_date(doc_date: str | None) -> dict:
    """The publication day, or nulls for an undated document (never invented)."""
    day = parse_base(doc_date)
    if day is None:
        return {"date": None, "date_precision": None, "date_basis": None}
    return {"date": format_value(day, "day"), "date_precision": "day", "date_basis": "reported"}
