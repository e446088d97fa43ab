"""Events of one parsed document: happenings first, speech as attribution.

In: a spaCy Doc with a dependency parse and that document's MENTIONS rows. Out: EVENTS
rows (:data:`analysis.schema.EVENTS`). The rules (classes come from
:mod:`analysis.events.lexicon`):

* a verb clause is an event when its verb is a happening or a statement; reporting
  verbs ("said", "told", "according to") are not events: what they report is, with
  the reporter stored as its ``source``; states ("sits on", "is known for") and
  simple-present background clauses of no class ("every server uses Intel chips") are
  not events;
* a statement (appeal, accuse, deny, threaten, announce...) is an event of its own,
  and what it says is part of it;
* an event noun ("the earthquake", "the arrest of X", "a bomb attack") is an event,
  with its participants from its dependents (possessor or "by" = actor, "of" /
  "against" = target) and from the clause of a support verb ("the quake struck
  Sumatra"); a bare generic plural ("attacks are rare") is not;
* passives: the agent ("by the bomb") is the actor, the subject the patient (target);
* an actor that is not a named entity ("a gunman") is kept as its phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.events.clauses import (
    Clause,
    action_of,
    clause_tokens,
    light_object,
    place_fields,
    places_in,
    resolve_clause,
    subject_of,
    targets_of,
    type_of,
)
from analysis.events.context import (
    Context,
    Mention,
    dateline_tokens,
    index_mentions,
    np_actors,
    quote_mask,
)
from analysis.events.lexicon import (
    ASPECT_LEMMAS,
    CLAUSE_DEPS,
    EVENT_NOUN_PREPS,
    PATH_TYPE,
    PLACE_LABELS,
    PLAN_LEMMAS,
    STATIVE,
    SUPPORT_VERBS,
    WISHES,
    coarse_types,
    lemma_type,
    type_class,
)
from analysis.events.tense import date_fields
from analysis.events.tree import children, tokens_of
from analysis.lemmas import lemma_of

if TYPE_CHECKING:  # annotations only: reading events (analysis.tables) needs no spaCy
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Source:
    """Who reported a happening, and where the reporting words are."""

    name: str
    start: int
    end: int


def phrase(tok: Token, ctx: Context) -> str:
    """A noun phrase's head with its compounds and numbers, lower-cased ("12 people");
    a dateline's words are none of them (Context.own_modifiers)."""
    mods = ctx.own_modifiers(tok, frozenset({"compound", "nummod"}))
    return " ".join(t.lower_ if t.pos_ == "NUM" else lemma_of(t).lower() for t in [*mods, tok])


def _speaker(verb: Token, ctx: Context) -> str | None:
    actors = subject_of(verb, ctx)
    if actors:
        return "; ".join(a.name for a in actors)
    subj = ctx.subject(verb, "nsubj") or ctx.subject(verb, "nsubjpass")
    if subj is None or subj.pos_ == "PRON" or subj.i in ctx.header:
        return None
    return phrase(subj, ctx)


def attributions(sent: Span | Sequence[Token], ctx: Context) -> dict[int, Source]:
    """Token index -> the source that reports it, for reporting verbs and "according to"
    (``sent``: a sentence, or its tokens in order).

    A reporting verb's source covers its subtree minus its subject ("police said the
    man was arrested"); a reporting verb hung beside its clause ("X happened, police
    said") covers that clause too. A statement verb is the source of the finite clause it
    reports ("the ministry announced that troops had withdrawn").
    """
    out: dict[int, Source] = {}
    for tok in sent:
        if tok.pos_ == "VERB" and type_class(lemma_type(lemma_of(tok), "v")) == "reporting":
            name = _speaker(tok, ctx)
            if name is None:
                continue
            src = Source(name, tok.idx, tok.idx + len(tok))
            skip = {t.i for c in children(tok) if c.dep_ in {"nsubj", "nsubjpass"}
                    for t in c.subtree}  # fmt: skip
            region = [t for t in tok.subtree if t.i not in skip and t.i != tok.i]
            if tok.dep_ in {"parataxis", "advcl"} or (tok.dep_ == "ccomp" and tok.i > tok.head.i):
                own = {x.i for x in tok.subtree}  # once, not per token of the head's subtree
                region += [t for t in tok.head.subtree if t.i not in own]
            for t in region:
                out.setdefault(t.i, src)
        elif tok.pos_ == "VERB" and type_class(lemma_type(lemma_of(tok), "v")) == "statement":
            name = _speaker(tok, ctx)  # "announced that X was acquired": the announcer
            for c in (c for c in children(tok) if c.dep_ == "ccomp" and name is not None):
                src = Source(name, tok.idx, tok.idx + len(tok))
                for t in c.subtree:
                    out.setdefault(t.i, src)
        elif tok.lower_ == "according" and (to := _child(tok, "prep")) is not None:
            pobj = _child(to, "pobj")
            if pobj is None:
                continue
            actors = np_actors(pobj, ctx)
            name = "; ".join(a.name for a in actors) or phrase(pobj, ctx)
            src = Source(name, tok.idx, to.idx + len(to))
            inside = {t.i for t in tok.subtree}
            for t in tok.head.subtree if tok.head.i != tok.i else []:
                if t.i not in inside:
                    out.setdefault(t.i, src)
    return out


def _child(tok: Token, dep: str) -> Token | None:
    return next((c for c in children(tok) if c.dep_ == dep), None)


def _is_event_clause(clause: Clause, kind: str) -> bool:
    """Happenings and statements; not states, copulas, bare wishes, background."""
    verb = clause.verb
    lemma = lemma_of(verb).lower()
    if lemma in STATIVE or (verb.i == clause.top.i and lemma in WISHES):
        return False
    if type_class(kind) not in {"happening", "statement"}:
        return False
    if lemma in SUPPORT_VERBS and _event_subject(verb) is not None:
        return False  # "the earthquake struck": the noun is the event
    auxes = [c for c in children(verb) if c.dep_ in {"aux", "auxpass"}]
    background = verb.tag_ in {"VBZ", "VBP"} and not auxes and not clause.planned
    return not (background and kind in coarse_types() and not _is_headline(verb.sent))


def _is_headline(sent: Span) -> bool:
    """A sentence without final punctuation is a headline, whose present tense reports
    what happened (the "historical present" of headlines: "Klitschko stops Thompson")."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    return last is not None and not last.is_punct


def _event_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` when it is an event noun ("the quake" in "the quake hit")."""
    subj = next((c for c in children(verb) if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.pos_ != "NOUN":
        return None
    kind = lemma_type(lemma_of(subj), "n")
    return subj if kind is not None and type_class(kind) == "happening" else None


def _clauses(sent: Span | Sequence[Token], ctx: Context) -> list[tuple[Clause, str]]:
    """Event clauses of ``sent`` (a sentence or its tokens in order) with their types (see
    :func:`_suppress_content` for what a statement's content gives)."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or (tok.dep_ not in CLAUSE_DEPS and not _participle(tok)):
            continue
        if tok.i in ctx.suppressed or ctx.aside(tok.i):
            continue
        if tok.dep_ == "xcomp" and lemma_of(tok.head) in PLAN_LEMMAS | ASPECT_LEMMAS:
            continue  # part of its controller's clause
        clause = resolve_clause(tok)
        kind = type_of(clause.verb, ctx)
        if not _is_event_clause(clause, kind):
            continue  # "decided to resign": the resignation is the event, planned
        for c in children(clause.verb):  # "urged Russia to withdraw": one clause
            if c.dep_ == "xcomp":
                ctx.suppressed.update(t.i for t in c.subtree)
        out.append((clause, kind))
        if type_class(kind) == "statement":
            _suppress_content(clause, kind, ctx)
    return [(c, k) for c, k in out if c.top.i not in ctx.suppressed]


def _suppress_content(clause: Clause, kind: str, ctx: Context) -> None:
    """What a statement pledges, demands or argues is part of it ("urged Russia to
    withdraw", "vowed to fight", "criticised X, calling it ..."); a finite clause it
    reports ("announced that the company had acquired X") is a happening with the
    speaker as its source, as after "said", unless the statement denies or rejects it
    (CAMEO 12: "denied that troops killed civilians" reports no killing)."""
    content = {"xcomp", "parataxis"} | ({"ccomp"} if kind in DENIALS else set())
    for v in {clause.top.i: clause.top, clause.verb.i: clause.verb}.values():
        for c in children(v):
            participle = c.tag_ in {"VBG", "VBN"} and not _has_subject(c)
            if c.dep_ in content or (c.dep_ == "advcl" and participle):
                ctx.suppressed.update(t.i for t in c.subtree)


def _participle(verb: Token) -> bool:
    """A participle modifying a noun that names a happening of a specific type
    ("striking workers", "the wounded soldiers"); supersense types are left out
    ("leading", "growing" describe, they do not report)."""
    if verb.dep_ != "amod" or verb.tag_ not in {"VBN", "VBG"}:
        return False
    kind = lemma_type(lemma_of(verb), "v")
    if kind == PATH_TYPE:
        return False  # no path under a noun: a mere movement ("fallen commanders")
    return kind is not None and type_class(kind) == "happening" and kind not in coarse_types()


#: Statement types whose reported content did not happen by the speaker's account.
DENIALS = frozenset({"reject"})


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in children(verb))


def _generic_actor(verb: Token, ctx: Context, _depth: int = 0) -> str | None:
    """The agent or subject phrase of a clause when no named actor stands for it (the
    noun an active participle modifies: "striking workers")."""
    agent = _child(verb, "agent")
    node = _child(agent, "pobj") if agent is not None else ctx.subject(verb, "nsubj")
    if node is None and verb.dep_ == "amod" and verb.tag_ == "VBG":
        node = verb.head
    if node is None and verb.dep_ in {"conj", "advcl", "xcomp"} and _depth < 4:
        return _generic_actor(verb.head, ctx, _depth + 1)  # "gunmen opened fire, killing 12"
    if node is None or node.pos_ == "PRON" or node.tag_ == "WDT" or ctx.aside(node.i):
        return None
    return phrase(node, ctx)


def _clause_event(clause: Clause, kind: str, ctx: Context, done: dict[int, dict]) -> dict:
    """One EVENTS row (without ids) for an event clause."""
    actors = subject_of(clause.top, ctx)
    tokens = clause_tokens(clause.top, ctx)
    head = done.get(clause.top.head.i) if clause.top.dep_ in {"advcl", "conj"} else None
    planned = clause.planned or bool(head and clause.top.dep_ == "advcl" and head["planned"])
    negated = clause.negated or bool(head and clause.top.dep_ == "advcl" and head["negated"])
    dated = date_fields(tokens, ctx, planned=planned, head=clause.top)
    if dated["date_basis"] != "text" and head is not None and head["date_basis"] == "text":
        dated = {k: head[k] for k in ("date", "date_precision", "date_basis")}
    targets = targets_of(clause.verb, clause.top, ctx, actors)
    patient = _child(clause.verb, "nsubjpass")
    if clause.verb.dep_ == "amod":  # "the wounded soldiers": patient; "striking workers": actor
        patient = clause.verb.head if clause.verb.tag_ == "VBN" else None
        if clause.verb.tag_ == "VBG" and not actors:
            actors = np_actors(clause.verb.head, ctx)
    if patient is not None and (patient.pos_ == "PRON" or patient.tag_ == "WDT"):
        patient = None
    places = places_in(tokens, clause.verb, ctx)
    return _row(
        actors=actors, generic=None if actors else _generic_actor(clause.verb, ctx),
        targets=targets, patient=None if targets or patient is None else phrase(patient, ctx),
        places=places, kind=kind, action=action_of(clause.verb, ctx), trigger=clause.verb,
        dated=dated, planned=planned, negated=negated,
    )  # fmt: skip


def _row(*, actors, generic, targets, patient, places, kind, action, trigger, dated,
         planned, negated) -> dict:  # fmt: skip
    names = [a.name for a in actors]
    specific = list(dict.fromkeys([*names, *(t.name for t in targets),
                                   *(p.name for p in places)]))  # fmt: skip
    return {
        "actors": "; ".join(names) or generic,
        "action": action,
        "event_type": kind,
        "event_class": type_class(kind),
        "target": "; ".join(t.name for t in targets) or patient,
        **place_fields(places),
        **dated,
        "planned": planned,
        "negated": negated,
        "participants": "; ".join(specific) or None,
        "trigger_start": trigger.idx,
        "trigger_end": trigger.idx + len(trigger),
        "_trigger": trigger.i,
        "_people": [a.name for a in actors if a.label == "PERSON"],
    }


def _is_event_noun(tok: Token, ctx: Context, consumed: set[int]) -> str | None:
    """The type of an event noun that stands for a specific happening, else None."""
    pos = tok.pos_  # first: it runs for every token, and most are neither of these
    if pos != "NOUN" and pos != "PROPN":
        return None
    if tok.i in consumed or tok.i in ctx.suppressed or ctx.aside(tok.i):
        return None
    if pos == "PROPN" and ctx.mention(tok) is None and _is_headline(tok.sent):
        kind = next(filter(None, (lemma_type(w, p) for w in _base_forms(tok.lower_)
                                  for p in ("n", "v"))), None)  # fmt: skip
        return kind if kind is not None and type_class(kind) == "happening" else None
    if pos != "NOUN":
        return None
    kind = lemma_type(lemma_of(tok), "n")
    if kind is None or type_class(kind) not in {"happening", "statement"}:
        return None
    specific = {"det", "poss", "nummod", "compound", "amod", "nmod"}
    bare = tok.tag_ == "NNS" and not any(c.dep_ in specific | {"prep"} for c in children(tok))
    if bare and tok.dep_ in {"nsubj", "nsubjpass", "attr"}:
        return None  # a bare plural subject is generic ("attacks are rare")
    return kind


def _base_forms(word: str) -> list[str]:
    """``word`` and the stems its regular English inflection allows ("checks" -> check,
    "dies" -> die, "clinches" -> clinch, "rallies" -> rally): a headline's capitalised
    words are tagged proper nouns and carry no lemma."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def _nominal_event(noun: Token, kind: str, ctx: Context, done: dict[int, dict]) -> dict:
    """An event noun with its participants; a support verb above lends its clause."""
    sub = [t for t in noun.subtree if not ctx.aside(t.i)]
    verb = noun.head if noun.dep_ in {"nsubj", "nsubjpass"} else None
    support = verb is not None and lemma_of(verb).lower() in SUPPORT_VERBS
    extra = clause_tokens(verb, ctx) if support and verb is not None else []
    actors: list[Mention] = []
    targets: list[Mention] = []
    framed = noun.dep_ == "pobj" and _frames_clause(noun.head)  # "during talks"
    top = _top_clause(noun, ctx) if framed else _governing_clause(noun)
    owner = subject_of(top, ctx) if framed and top is not None else []
    for c in children(noun):
        if c.dep_ == "poss":
            people = [m for m in owner if m.label == "PERSON"] or None
            actors += np_actors(c, ctx, possessor=people)
        elif c.dep_ in {"compound", "amod", "nmod"} and not framed:
            actors += np_actors(c, ctx)
        elif c.dep_ == "prep" and (pobj := _child(c, "pobj")) is not None:
            found = np_actors(pobj, ctx)
            if c.lower_ == "by":
                actors += found
            elif c.lower_ in {"of", "against", "on", "with"}:
                targets += found
    actors = actors or owner  # "X, during a press conference with Y": X's
    head = done.get(top.i, {}) if top is not None else {}
    tokens = sorted({t.i: t for t in [*sub, *extra]}.values(), key=lambda t: t.i)
    dated = date_fields(tokens, ctx, planned=bool(head.get("planned")), head=noun)
    if dated["date_basis"] != "text" and head.get("date_basis") == "text":
        dated = {k: head[k] for k in ("date", "date_precision", "date_basis")}
    places = places_in(tokens, noun, ctx)
    if support and verb is not None and (obj := _child(verb, "dobj")) is not None:
        places += [m for m in [ctx.mention(obj)] if m and m.label in PLACE_LABELS]
    names = {a.name for a in actors}
    return _row(
        actors=_dedupe(actors), generic=None, places=places, kind=kind, trigger=noun,
        targets=[t for t in _dedupe(targets) if t.name not in names], patient=None,
        action=_noun_action(noun, kind, places), dated=dated,
        planned=bool(head.get("planned", False)), negated=bool(head.get("negated", False)),
    )  # fmt: skip


def _frames_clause(prep: Token) -> bool:
    """Does a temporal preposition frame its clause ("X, during talks with Y, said ...")?
    Yes when it hangs on a verb or on the clause's subject (where the parser often puts
    it); not inside an object ("acknowledged the loss of two men in a crash")."""
    if prep.lower_ not in EVENT_NOUN_PREPS:
        return False
    node = prep.head
    while node.dep_ in {"appos", "conj", "compound"} and node.head.i != node.i:
        node = node.head
    return prep.head.pos_ in {"VERB", "AUX"} or node.dep_ in {"nsubj", "nsubjpass"}


def _noun_action(noun: Token, kind: str, places: list[Mention]) -> str:
    if kind == "visit" and places:
        return f"visit {places[0].name}"
    compounds = [lemma_of(c).lower() for c in children(noun) if c.dep_ == "compound"]
    words = " ".join([*compounds, lemma_of(noun).lower()])
    return f"hold {words}" if kind == "consult_meet" else words


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    return list({m.name: m for m in reversed(mentions)}.values())[::-1]


def _top_clause(tok: Token, ctx: Context) -> Token | None:
    """The highest verb above ``tok`` without crossing reported content or a quote: the
    clause a fronted phrase belongs to ("X, during talks with Y, emphasized ...")."""
    best, node = None, tok
    while node.head.i != node.i:
        node = node.head
        if node.i in ctx.suppressed or ctx.in_quote[node.i]:
            break
        if node.pos_ == "VERB":
            best = node
    return best


def _governing_clause(tok: Token) -> Token | None:
    node = tok
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


@dataclass(frozen=True)
class _Scans:
    """Per document: the ascending indices of the only tokens each per-token scan of a
    sentence acts on, read from the Doc's arrays once. Each scan skips every other token
    before doing anything (its first test is the part of speech, or the word), so
    scanning only these gives the same result without reading three attributes of every
    token in Python (tests/analysis/test_events_scans.py).

    ``reports``: VERB, or the word "according" (:func:`attributions`); ``verbs``: VERB
    (:func:`_clauses`); ``nouns``: NOUN or PROPN (:func:`_is_event_noun`)."""

    reports: np.ndarray
    verbs: np.ndarray
    nouns: np.ndarray

    @classmethod
    def of(cls, doc: Doc) -> _Scans:
        from spacy.strings import get_string_id
        from spacy.symbols import NOUN, PROPN, VERB

        pos = doc.to_array("POS")
        verb = pos == VERB
        according = doc.to_array("LOWER") == get_string_id("according")
        return cls(np.flatnonzero(verb | according), np.flatnonzero(verb),
                   np.flatnonzero((pos == NOUN) | (pos == PROPN)))  # fmt: skip

    def tokens(self, kind: str, tokens: list[Token], start: int, end: int) -> list[Token]:
        """The Tokens (of ``tokens``, the Doc's) of scan ``kind`` in ``start:end``."""
        found: np.ndarray = getattr(self, kind)
        lo, hi = np.searchsorted(found, (start, end)).tolist()
        return [tokens[i] for i in found[lo:hi].tolist()]


def _sentence_events(sent: Span, ctx: Context, scans: _Scans) -> list[dict]:
    """Clause events then noun events of one sentence, each with its source (``scans``:
    the Doc's, :class:`_Scans`)."""
    every = tokens_of(sent.doc)  # no new Token per access
    sources = attributions(scans.tokens("reports", every, sent.start, sent.end), ctx)
    rows: list[dict] = []
    done: dict[int, dict] = {}
    consumed: set[int] = set()
    for clause, kind in _clauses(scans.tokens("verbs", every, sent.start, sent.end), ctx):
        row = _clause_event(clause, kind, ctx, done)
        done[clause.top.i] = done[clause.verb.i] = row
        if (obj := light_object(clause.verb)) is not None:
            consumed.add(obj.i)  # "held talks": the talks are this event
        rows.append(row)
        if row["_people"]:
            ctx.last_person = row["_people"][0]
    for tok in scans.tokens("nouns", every, sent.start, sent.end):
        if (kind := _is_event_noun(tok, ctx, consumed)) is not None:
            rows.append(_nominal_event(tok, kind, ctx, done))
    for row in rows:
        src = sources.get(row["_trigger"])
        row.update(source=src.name if src else None, source_start=src.start if src else None,
                   source_end=src.end if src else None)  # fmt: skip
    return _collapse_statements(rows)


def _collapse_statements(rows: list[dict]) -> list[dict]:
    """Statements: one per speaker and type in a sentence; happenings: one per (actors,
    type, action, place) ("upon his arrival in Iraq, Baqeri visited Iraq")."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = (row["actors"], row["event_type"])
        if row["event_class"] != "statement":
            key += (row["action"], row["place"])
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def extract_events(
    doc: Doc, *, doc_id: str, doc_date: str | None, mentions: object, text: str | None = None
) -> list[dict]:
    """Events of one parsed document.

    In: ``doc`` (spaCy Doc with a dependency parse); ``doc_id``; ``doc_date`` its ISO
    publication date or None; ``mentions`` this document's MENTIONS rows (a frame or a
    list of dicts; start/end are character offsets into ``doc.text``); ``text``: the
    text ``doc`` was parsed from, which is ``doc.text`` (analysis.parse.sentence_rows),
    or None to join it from the tokens.
    Out: rows (dicts) in schema EVENTS; ``sent_id`` is the index in ``list(doc.sents)``
    and ``event_id`` is ``f"{doc_id}:{sent_id}:{k}"``.
    """
    if not doc.has_annotation("DEP"):
        return []
    if text is None:  # built once (Doc.text joins every token anew on each access)
        text = "".join(t.text_with_ws for t in tokens_of(doc))
    ctx = Context(doc, doc_id, doc_date, index_mentions(doc, mentions), quote_mask(doc, text),
                  header=dateline_tokens(doc, text))  # fmt: skip
    scans = _Scans.of(doc)
    out: list[dict] = []
    seen: set[str] = set()
    for sent_id, sent in enumerate(doc.sents):
        # A sentence repeated verbatim in one article reports its events once.
        sent_text = text[sent.start_char : sent.end_char]  # = sent.text, no Token made
        key = " ".join(sent_text.split())
        if key in seen:
            continue
        seen.add(key)
        for k, row in enumerate(_sentence_events(sent, ctx, scans)):
            ids = {"event_id": f"{doc_id}:{sent_id}:{k}", "doc_id": doc_id, "sent_id": sent_id}
            out.append({**ids, **_public(row), "sentence": sent_text.strip()})
    return out


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}
