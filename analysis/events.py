"""Events from the dependency parse, dated against the document's own date.

In: a parsed spaCy ``Doc`` and that document's MENTIONS rows. Out: EVENTS rows
(:data:`analysis.schema.EVENTS`), one per clause that has an action and an actor;
:func:`merge_reports` folds repeated reports across documents into MERGED_EVENTS.

What counts as an event
    A clause whose head verb has at least one actor: a PERSON, ORG, GPE or NORP
    mention in its subject (a demonym becomes its country through ``iso3``: "Iranian
    officials" -> "Iran"). A subject "he"/"she" is the most recent PERSON actor of an
    earlier event in the document (simple recency, no coreference model); "his"/"her"
    in a fronted phrase ("Upon his arrival, Baqeri ...") is the clause's own subject.
    Copulas and stative verbs (be, have, seem, remain...) are not events.
    Event nouns with a partner or destination ("during a joint press conference with
    Fuad Hussein", "upon his arrival ... to Iraq") are events of their owner too.

Reported speech
    A speech verb ("said", "stated", "emphasized that", "added") makes ONE
    make_statement event by its speaker; the clauses it reports (its complement,
    anything between quotation marks, a participle like "stating that ...") are not
    events of their own. Statements by the same speaker in one sentence collapse.

Action, target, place, date, flags
    action = verb lemma + particle + object head ("hold press conference", "honor
    commander", "visit Iraq"); target = actors among the objects; place = GPE/LOC/FAC
    mentions after a locative preposition (or the object of a visit), ``place_iso3`` the
    commonest of their countries; date = a DATE (else TIME) mention of the clause,
    re-resolved with the clause's tense ("will meet Friday" looks forward), with
    ``date_basis="text"``; else the publication date with ``date_basis="reported"``;
    an undated document gives a null date. planned: will/shall/going to, or a planning
    verb ("is scheduled to meet", "plans to", "aims to"); negated: "not"/"never"/"fail
    to".

Taxonomy (``event_type``), modelled on CAMEO's top level, from the verb lemma, or for
light verbs ("hold", "launch", "express", "sign", "provide"...) from the object noun:

==============================  ======  ===============================================
event_type                      CAMEO   examples
==============================  ======  ===============================================
make_statement                  01      say, state, emphasize, warn, express gratitude
appeal                          02      urge, call for, appeal, ask, request, seek
express_intent_to_cooperate     03      pledge, promise, vow, offer, seek cooperation
consult_meet                    04      meet, discuss, host, negotiate, hold talks
visit                           042/043 visit, arrive, travel, tour
diplomatic_cooperation          05      praise, honor, welcome, sign agreement, support
provide_aid                     07      provide aid, send assistance, donate, fund
demand                          10      demand, insist
disapprove                      11      criticize, condemn, accuse, blame, denounce
reject                          12      reject, refuse, deny, veto, dismiss
threaten                        13      threaten, issue ultimatum
protest                         14      protest, demonstrate, rally, boycott
exhibit_force                   15      deploy, mobilize, hold drills
coerce                          17      arrest, detain, sanction, expel, seize, ban
assault                         18      kill, shoot, kidnap, assassinate, wound
fight                           19      attack, strike, shell, bomb, invade, clash
other                           --      any other action verb
==============================  ======  ===============================================

Linear in the document: one pass over sentences, no re-parsing; per clause work is
bounded by the clause's subtree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Span, Token

from analysis.dates import format_value, parse_base, resolve_date

# ----------------------------------------------------------------- lexicons

VERB_TYPES: dict[str, tuple[str, ...]] = {
    "make_statement": (
        "say", "state", "add", "tell", "note", "announce", "emphasize", "emphasise",
        "stress", "underscore", "highlight", "comment", "declare", "explain", "report",
        "claim", "affirm", "reaffirm", "reiterate", "describe", "confirm", "acknowledge",
        "express", "elaborate", "conclude", "write", "speak", "mention", "remark",
        "assert", "argue", "believe", "think", "predict", "warn",
        "point", "recall", "thank", "indicate", "suggest", "estimate", "forecast",
    ),
    "appeal": ("urge", "appeal", "ask", "request", "plead", "call", "seek", "invite"),
    "express_intent_to_cooperate": ("pledge", "promise", "vow", "offer", "propose", "agree"),
    "consult_meet": (
        "meet", "discuss", "consult", "attend", "host", "negotiate", "mediate", "convene",
        "talk", "confer", "phone", "receive",
    ),
    "visit": ("visit", "arrive", "travel", "tour", "fly"),
    "diplomatic_cooperation": (
        "praise", "honor", "honour", "commend", "welcome", "hail", "endorse", "sign",
        "cooperate", "strengthen", "recognize", "recognise", "apologize", "apologise",
        "forgive", "congratulate", "support", "back", "restore", "normalize",
    ),
    "provide_aid": ("provide", "donate", "fund", "supply", "deliver", "grant"),
    "demand": ("demand", "insist", "require"),
    "disapprove": (
        "criticize", "criticise", "condemn", "denounce", "accuse", "blame", "slam",
        "complain", "deplore", "decry", "rebuke", "sue", "censure",
    ),
    "reject": ("reject", "refuse", "deny", "veto", "dismiss", "decline", "oppose", "rebuff"),
    "threaten": ("threaten",),
    "protest": ("protest", "demonstrate", "rally", "march", "boycott", "picket"),
    "exhibit_force": ("deploy", "mobilize", "mobilise", "mass", "patrol"),
    "coerce": (
        "arrest", "detain", "sanction", "expel", "seize", "confiscate", "deport",
        "ban", "jail", "imprison", "raid", "blockade", "impose", "suspend",
    ),
    "assault": (
        "kill", "shoot", "kidnap", "abduct", "assassinate", "wound", "injure", "torture",
        "stab", "execute", "behead", "murder", "massacre",
    ),
    "fight": ("attack", "strike", "shell", "bomb", "invade", "fight", "clash", "occupy", "fire"),
}  # fmt: skip
#: Object nouns that decide the type of a light verb ("hold talks", "launch strikes").
OBJECT_TYPES: dict[str, tuple[str, ...]] = {
    "consult_meet": (
        "talk", "meeting", "conference", "summit", "negotiation", "discussion",
        "consultation", "call", "dialogue",
    ),
    "visit": ("visit", "trip", "tour"),
    "make_statement": (
        "statement", "speech", "remark", "comment", "announcement", "address",
        "interview", "gratitude", "thanks", "condolence", "hope", "optimism", "concern",
        "warning", "briefing", "message", "letter", "signal",
    ),
    "protest": ("rally", "protest", "demonstration", "march", "sit-in", "boycott"),
    "fight": ("attack", "strike", "airstrike", "raid", "offensive", "bombing", "assault"),
    "provide_aid": ("aid", "assistance", "help", "relief", "donation", "funding", "loan"),
    "coerce": ("sanction", "ban", "embargo", "restriction", "curfew"),
    "diplomatic_cooperation": (
        "agreement", "deal", "accord", "treaty", "pact", "memorandum", "cooperation",
        "tie", "relation", "support", "apology",
    ),
    "disapprove": ("condemnation", "criticism", "outrage", "anger", "protest"),
    "appeal": ("appeal", "request", "plea"),
    "threaten": ("threat", "ultimatum"),
    "exhibit_force": (
        "exercise", "drill", "maneuver", "manoeuvre", "parade", "troop", "force",
        "soldier", "warship", "reinforcement",
    ),
}  # fmt: skip
LIGHT_VERBS = frozenset({
    "hold", "have", "make", "give", "take", "launch", "carry", "conduct", "stage",
    "express", "offer", "provide", "send", "sign", "issue", "impose", "pay", "lead",
    "host", "seek", "extend", "lodge", "file", "voice", "announce", "begin", "start",
    "strengthen", "attend", "join",
})  # fmt: skip
INTENT_VERBS = frozenset({"seek", "want", "offer", "propose", "pledge", "promise", "vow"})
COOPERATIVE = frozenset({"diplomatic_cooperation", "provide_aid", "consult_meet", "visit"})
COMMUNICATIVE = frozenset(
    {"make_statement", "appeal", "demand", "disapprove", "reject", "threaten"}
)
#: Verbs that are not actions: no event.
STATIVE = frozenset({
    "be", "have", "seem", "appear", "remain", "become", "include", "mean", "get",
    "consist", "contain", "need", "lie", "belong", "exist", "do",
})  # fmt: skip
WISHES = frozenset({"want", "hope", "wish", "expect", "intend", "need", "plan", "mean"})
#: Controllers whose infinitive is planned ("plans to visit") / transparent ("tries to").
PLAN_LEMMAS = frozenset({
    "plan", "schedule", "expect", "due", "set", "aim", "intend", "hope", "want", "wish",
    "prepare", "seek", "propose", "mean",
})  # fmt: skip
ASPECT_LEMMAS = frozenset({
    "try", "attempt", "continue", "begin", "start", "go", "manage", "keep", "resume", "fail",
})  # fmt: skip
#: Any of these as aux marks the future.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "going"})
FUTURE_ADJ = frozenset({"payable", "effective", "due", "upcoming", "slated", "scheduled"})
SPEECH_LEMMAS = frozenset({"say", "tell", "state", "add", "report", "announce", "note", "claim"})
EVENT_NOUNS: dict[str, str] = {
    **{n: "consult_meet" for n in OBJECT_TYPES["consult_meet"]},
    **{n: "visit" for n in ("visit", "trip", "tour", "arrival")},
}
EVENT_NOUN_PREPS = frozenset({"during", "upon", "on", "at", "after", "before", "following", "in"})
LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "to", "into", "inside", "outside", "across", "around", "within",
    "toward", "towards", "on", "off",
})  # fmt: skip
#: Types whose direct object, when a place, is where it happened ("struck Gaza").
OBJECT_IS_PLACE = frozenset({"visit", "fight", "assault", "exhibit_force", "protest"})
TARGET_PREPS = frozenset({"with", "to", "against", "toward", "towards", "on", "at"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
QUOTES_OPEN = frozenset({"\u201c", "\u00ab", "\u201e"})
QUOTES_CLOSE = frozenset({"\u201d", "\u00bb"})
CLAUSE_DEPS = frozenset({
    "ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "parataxis", "acl", "pcomp",
    "csubj", "dep",
})  # fmt: skip
#: A date under these prepositions bounds a span; it does not date the event.
SPAN_PREPS = frozenset({
    "since", "until", "till", "through", "throughout", "for", "by", "before", "after",
    "from", "to", "over", "within", "between", "than",
})  # fmt: skip
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod"})
SPLIT_DEPS = frozenset({"conj", "ccomp", "advcl", "relcl", "parataxis", "acl", "csubj"})

_TYPE_OF_VERB = {lemma: kind for kind, lemmas in VERB_TYPES.items() for lemma in lemmas}
_TYPE_OF_OBJECT = {noun: kind for kind, nouns in OBJECT_TYPES.items() for noun in nouns}


# ----------------------------------------------------------------- document context


@dataclass(frozen=True)
class Mention:
    """A mention aligned to tokens [start, end), with the name it stands for as actor."""

    start: int
    end: int
    text: str
    label: str
    name: str
    iso3: str | None
    resolved: str | None
    root: int = -1  # syntactic head token of the span


@dataclass
class Context:
    """Per-document state: token -> mention, quote mask, the last PERSON actor."""

    doc: Doc
    doc_id: str
    doc_date: str | None
    by_token: dict[int, Mention]
    in_quote: list[bool]
    last_person: str | None = None
    suppressed: set[int] = field(default_factory=set)

    def mention(self, token: Token) -> Mention | None:
        """The mention covering ``token``, if any."""
        return self.by_token.get(token.i)


def _text(value: object) -> str | None:
    """A cell as text; None for nulls and empty strings."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value) or None


def actor_name(label: str, canonical: str | None, text: str, iso3: str | None) -> str:
    """The name an actor goes by: a demonym's country, else the canonical name."""
    if label == "NORP" and iso3:
        from analysis.gazetteer import country_name  # heavy data, loaded on first use

        return country_name(iso3)
    return canonical or text


def index_mentions(doc: Doc, mentions: pd.DataFrame | list[dict]) -> dict[int, Mention]:
    """Token index -> Mention for every mention row (character offsets into doc.text);
    ``mentions`` a MENTIONS frame or its rows as dicts."""
    by_token: dict[int, Mention] = {}
    if mentions is None or len(mentions) == 0:
        return by_token
    names = ["start", "end", "text", "label", "canonical", "iso3", "resolved"]
    if isinstance(mentions, list):
        cols = [[m.get(c) for m in mentions] for c in names]
    else:
        empty = np.full(len(mentions), None, dtype=object)
        cols = [mentions[c].to_numpy(dtype=object) if c in mentions.columns else empty
                for c in names]  # fmt: skip
    for start, end, text, label, canonical, iso3, resolved in zip(*cols, strict=True):
        span = doc.char_span(int(start), int(end), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        label, iso3 = str(label), _text(iso3)
        name = actor_name(label, _text(canonical), str(text), iso3)
        mention = Mention(span.start, span.end, str(text), label, name, iso3, _text(resolved),
                          span.root.i)  # fmt: skip
        for i in range(span.start, span.end):
            by_token[i] = mention
    return by_token


def quote_mask(doc: Doc) -> list[bool]:
    """Per token: is it inside quotation marks?

    Curly quotes (and ``...'') open and close; a straight double quote toggles, unless
    it sits inside a word (``India"s``, a stray apostrophe). A paragraph break (a blank
    line or an indented new line, as in wire copy) ends any open quote: a
    multi-paragraph quote reopens with a new mark, so one stray quote cannot swallow
    the rest of an article. Works on the text, so it costs O(quote marks).
    """
    text, starts = doc.text, doc.to_array("IDX")
    mask = np.zeros(len(doc), dtype=bool)
    opened: int | None = None
    for m in _QUOTE_MARKS.finditer(text):
        kind, pos = m.lastgroup, m.start()
        if kind == "toggle" and _inside_word(text, pos):
            continue
        if opened is not None and kind in {"para", "close", "toggle"}:
            first = np.searchsorted(starts, opened, side="right")
            mask[first : np.searchsorted(starts, pos, side="left")] = True
            opened = None
        elif kind in {"open", "toggle"}:
            opened = m.end() - 1
    if opened is not None:  # an unclosed quote runs to the end of the text
        mask[np.searchsorted(starts, opened, side="right") :] = True
    return mask.tolist()


_QUOTE_MARKS = re.compile(
    r"(?P<para>\n[ \t]*\n|\n[ \t]+)|(?P<open>[\u201c\u00ab\u201e]|``)|"
    r"(?P<close>[\u201d\u00bb]|'')|(?P<toggle>\")"
)


def _inside_word(text: str, pos: int) -> bool:
    """A straight quote between two letters/digits is not a quotation mark."""
    return 0 < pos < len(text) - 1 and text[pos - 1].isalnum() and text[pos + 1].isalnum()


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


# ----------------------------------------------------------------- noun phrases


def _np_heads(head: Token) -> list[Token]:
    """``head`` with its coordinated and appositive heads ("Iran and Iraq", "X, Y")."""
    heads, todo = [], [head]
    while todo:
        tok = todo.pop()
        heads.append(tok)
        todo.extend(c for c in tok.children if c.dep_ in {"conj", "appos"})
    return sorted(heads, key=lambda t: t.i)


def _modifier_mentions(head: Token, ctx: Context) -> Iterator[Mention]:
    """Mentions among the modifiers of a noun: "Iranian officials", "Iran's ministry"."""
    for child in head.children:
        if child.dep_ in {"poss", "amod", "compound", "nmod"}:
            if m := ctx.mention(child):
                yield m
        elif child.dep_ == "prep" and child.lower_ in {"of", "from"}:
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                yield from (m for t in _np_heads(pobj) if (m := ctx.mention(t)))


def np_actors(
    head: Token, ctx: Context, *, possessor: list[Mention] | None = None
) -> list[Mention]:
    """Actor mentions a noun phrase stands for, best first.

    The mentions that are the phrase's heads (with conjuncts/appositions) win; else the
    mentions modifying them ("Iranian officials" -> Iran); a pronoun he/she is the last
    PERSON actor (``possessor`` overrides for "his"/"her" in a fronted phrase).
    """
    heads = _np_heads(head)
    found = [m for t in heads if (m := ctx.mention(t)) and m.label in ACTOR_LABELS]
    if not found:
        found = [m for t in heads for m in _modifier_mentions(t, ctx) if m.label in ACTOR_LABELS]
    if not found and head.lower_ in {"he", "she", "him", "her", "his"}:
        if possessor:
            return possessor
        if ctx.last_person:
            return [Mention(head.i, head.i + 1, head.text, "PERSON", ctx.last_person, None, None)]
    return _unique(found)


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


# ----------------------------------------------------------------- clauses


@dataclass
class Clause:
    """One predicate: the verb that carries the action and the verbs above it."""

    top: Token  # the clause head in the tree (controller, if any)
    verb: Token  # the verb whose lemma is the action ("meet" in "scheduled to meet")
    planned: bool
    negated: bool


def resolve_clause(top: Token) -> Clause:
    """Follow planning/aspect controllers down their infinitive ("aims to strengthen").

    An infinitive complement of a planning verb is planned too ("expects OPEC to meet").
    """
    verb, planned, negated = top, _is_future(top), _is_negated(top)
    if top.dep_ in {"ccomp", "xcomp"} and top.head.lemma_ in PLAN_LEMMAS:
        planned = planned or any(c.lower_ == "to" and c.dep_ == "aux" for c in top.children)
    while True:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if xcomp is None or verb.lemma_ not in PLAN_LEMMAS | ASPECT_LEMMAS:
            break
        planned = planned or verb.lemma_ in PLAN_LEMMAS
        negated = negated or verb.lemma_ == "fail"
        verb = xcomp
        planned, negated = planned or _is_future(verb), negated or _is_negated(verb)
    return Clause(top, verb, planned, negated)


def _is_future(verb: Token) -> bool:
    """will/shall/going to, or "is to" + verb ("the minister is to visit Paris")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return bool(auxes & FUTURE_AUX) or ("to" in auxes and bool(auxes & {"is", "are", "am"}))


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def subject_of(verb: Token, ctx: Context, _depth: int = 0) -> list[Mention]:
    """The actors of a clause: its subject, passive agent, or one borrowed from above.

    No subject: a conjunct or participle shares its head's; a relative clause's is the
    noun it modifies; a main clause falls back to the nearest actor before the verb that
    is not inside a prepositional phrase (the parser often misattaches a subject that
    precedes a fronted phrase: "X, during a visit to Y, emphasized ...").
    """
    children = list(verb.children)
    agent = next((c for c in children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        return np_actors(pobj, ctx) if pobj is not None else []
    for dep in ("nsubj", "nsubjpass", "csubj"):
        subj = next((c for c in children if c.dep_ == dep), None)
        if subj is not None:
            if dep == "nsubjpass" and verb.lemma_ not in PLAN_LEMMAS:
                return []  # "X was killed": X is the target, the actor is unknown
            if subj.tag_ == "WDT" or subj.lower_ in {"who", "that", "which"}:
                return np_actors(verb.head, ctx) if verb.dep_ == "relcl" else []
            return np_actors(subj, ctx)
    if _depth > 6:
        return []
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i:
        return subject_of(verb.head, ctx, _depth + 1)
    if verb.dep_ in {"acl", "relcl"}:
        return np_actors(verb.head, ctx)
    if verb.dep_ == "ROOT":
        return _fallback_subject(verb, ctx)
    return []


def _fallback_subject(verb: Token, ctx: Context) -> list[Mention]:
    """Nearest actor before ``verb`` in its sentence, not in a PP nor a possessive."""
    for tok in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
        m = ctx.mention(tok)
        if m is None or m.label not in ACTOR_LABELS or tok.i != _mention_root(m, ctx).i:
            continue
        path = [tok, *tok.ancestors]
        path = path[: next((k for k, t in enumerate(path) if t.i == verb.i), len(path))]
        if any(t.pos_ == "ADP" or t.dep_ in {"poss", "nsubj", "nsubjpass"} for t in path):
            continue
        return [m]
    return []


def _mention_root(m: Mention, ctx: Context) -> Token:
    return ctx.doc[m.root] if m.root >= 0 else ctx.doc[m.start : m.end].root


# ----------------------------------------------------------------- clause parts


def clause_tokens(top: Token, ctx: Context) -> list[Token]:
    """Tokens of the clause headed by ``top``: its subtree minus sub-clauses and quotes."""
    out, todo = [], [top]
    while todo:
        tok = todo.pop()
        if ctx.in_quote[tok.i]:
            continue
        out.append(tok)
        todo.extend(c for c in tok.children if not _is_subclause(c))
    return sorted(out, key=lambda t: t.i)


def _is_subclause(tok: Token) -> bool:
    """A child that heads a clause of its own (not a coordinated noun, "Iran and Iraq")."""
    return tok.dep_ in SPLIT_DEPS and (tok.pos_ in {"VERB", "AUX"} or tok.dep_ == "ccomp")


def _object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"dobj", "attr", "oprd"}), None)


def _noun_phrase(noun: Token, ctx: Context) -> str:
    """An object as a name (a mention) or lemma with compounds ("press conference")."""
    if (m := ctx.mention(noun)) and m.label in ACTOR_LABELS | PLACE_LABELS:
        return m.name
    compounds = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    return " ".join([*compounds, noun.lemma_.lower()])


def action_of(verb: Token, ctx: Context) -> str:
    """Verb lemma + particle + object head: "hold press conference", "visit Iraq"."""
    parts = [verb.lemma_.lower()]
    parts += [c.lower_ for c in verb.children if c.dep_ == "prt"]
    obj = _object(verb)
    if obj is not None and obj.pos_ not in {"PRON", "NUM"}:
        parts.append(_noun_phrase(obj, ctx))
    elif obj is None:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        prep = next(
            (c for c in verb.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS), None
        )
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if xcomp is not None:
            parts.append(resolve_clause(xcomp).verb.lemma_.lower())
        elif pobj is not None and pobj.pos_ != "PRON" and _type_of(verb, ctx) not in COMMUNICATIVE:
            parts += [prep.lower_, _noun_phrase(pobj, ctx)]
    return " ".join(parts)


def _type_of(verb: Token, ctx: Context) -> str:
    """The taxonomy code of a verb, refined by its object for light verbs."""
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    obj = _object(verb)
    kind = _TYPE_OF_VERB.get(lemma, "other")
    if (lemma == "carry" and particle == "out") or lemma in LIGHT_VERBS:
        obj_kind = _TYPE_OF_OBJECT.get(obj.lemma_.lower()) if obj is not None else None
        if obj_kind is not None:
            if lemma in INTENT_VERBS and obj_kind in COOPERATIVE:
                return "express_intent_to_cooperate"
            return obj_kind
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if lemma in INTENT_VERBS and xcomp is not None:  # "vowed to fight", "offered to mediate"
        inner = _type_of(resolve_clause(xcomp).verb, ctx)
        if inner in {"fight", "assault", "coerce", "exhibit_force"}:
            return "threaten"
        if inner in COOPERATIVE:
            return "express_intent_to_cooperate"
    if lemma == "call" and obj is not None and ctx.mention(obj) and particle != "on":
        return "consult_meet"  # "called Macron" vs "called for", "called on"
    return kind


def targets_of(verb: Token, top: Token, ctx: Context, actors: list[Mention]) -> list[Mention]:
    """Actors among the objects: direct/dative objects, with/to/against phrases."""
    heads: list[Token] = []
    for v in {verb.i: verb, top.i: top}.values():
        for c in v.children:
            if c.dep_ in {"dobj", "dative", "nsubjpass", "attr"}:
                heads.append(c)
                heads.extend(p for p in c.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS)
            elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                heads.append(c)
    found: list[Mention] = []
    for h in heads:
        nouns = [p for p in h.children if p.dep_ == "pobj"] if h.dep_ == "prep" else [h]
        for n in nouns:
            if not ctx.in_quote[n.i]:
                found.extend(np_actors(n, ctx))
    names = {a.name for a in actors}
    return [m for m in _unique(found) if m.name not in names]


def places_in(tokens: list[Token], verb: Token, ctx: Context) -> list[Mention]:
    """Place mentions after a locative preposition in ``tokens`` (or a visit's object)."""
    token_set = {t.i for t in tokens}
    roots: list[Token] = []
    for tok in tokens:
        if tok.dep_ == "prep" and tok.lower_ in LOCATIVE_PREPS and tok.head.lower_ != "according":
            roots.extend(c for c in tok.children if c.dep_ == "pobj")
    if _type_of(verb, ctx) in OBJECT_IS_PLACE and (obj := _object(verb)) is not None:
        roots.append(obj)
    found = []
    for root in roots:
        for t in root.subtree:
            m = ctx.mention(t)
            if m and m.label in PLACE_LABELS and t.i in token_set:
                found.append(m)
    return _unique(sorted(found, key=lambda m: m.start))


def place_fields(places: list[Mention]) -> dict[str, str | None]:
    """place = the names joined by "; "; place_iso3 = their commonest country."""
    if not places:
        return {"place": None, "place_iso3": None}
    codes = Counter(m.iso3 for m in places if m.iso3)
    return {
        "place": "; ".join(m.name for m in places),
        "place_iso3": codes.most_common(1)[0][0] if codes else None,
    }


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
            root = _mention_root(m, ctx)
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


# ----------------------------------------------------------------- extraction


def _is_predicate(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.dep_ in CLAUSE_DEPS


def _is_action(clause: Clause) -> bool:
    """Stative verbs and bare wishes ("want", "hope" with no infinitive) are not events."""
    lemma = clause.verb.lemma_.lower()
    return lemma not in STATIVE and not (clause.verb.i == clause.top.i and lemma in WISHES)


def _mark_suppressed(sent: Span, ctx: Context) -> list[Clause]:
    """Clauses of ``sent`` to report, after marking reported content as suppressed.

    A communicative verb's complement (ccomp, xcomp, parataxis, clauses inside its
    prepositions: "called for X to ...", "accused X of planning ...") and its
    subject-less participles ("..., stating that ...") are part of its statement.
    """
    clauses = []
    for tok in sent:
        if not _is_predicate(tok) or tok.i in ctx.suppressed or ctx.in_quote[tok.i]:
            continue
        if tok.dep_ == "xcomp" and tok.head.lemma_ in PLAN_LEMMAS | ASPECT_LEMMAS:
            continue  # part of its controller's clause
        clause = resolve_clause(tok)
        if not _is_action(clause):
            continue
        clauses.append(clause)
        for c in clause.verb.children:  # "urged Russia to withdraw": one clause
            if c.dep_ == "xcomp":
                ctx.suppressed.update(t.i for t in c.subtree)
        if _type_of(clause.verb, ctx) not in COMMUNICATIVE:
            continue
        for v in {clause.top.i: clause.top, clause.verb.i: clause.verb}.values():
            for c in v.children:
                participle = c.tag_ in {"VBG", "VBN"} and not _has_subject(c)
                folded = c.dep_ == "advcl" and participle
                if c.dep_ in {"ccomp", "xcomp", "parataxis", "prep"} or folded:
                    ctx.suppressed.update(t.i for t in c.subtree)
    return [c for c in clauses if c.top.i not in ctx.suppressed]


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in verb.children)


def _flags_from_head(clause: Clause, done: dict[int, dict]) -> tuple[bool, bool]:
    """A participle shares planned/negated with the clause it hangs from."""
    head = _head_event(clause, done) if clause.top.dep_ == "advcl" else None
    if head is None:
        return clause.planned, clause.negated
    return clause.planned or head["planned"], clause.negated or head["negated"]


def _head_event(clause: Clause, done: dict[int, dict]) -> dict | None:
    """The event of the clause a participle or conjunct hangs from, if any."""
    if clause.top.dep_ not in {"advcl", "conj"}:
        return None
    return done.get(clause.top.head.i)


def _clause_event(clause: Clause, ctx: Context, done: dict[int, dict]) -> dict | None:
    """One EVENTS row (without ids) for a clause, or None when it has no actor.

    A participle or conjunct without a date of its own shares the date its head clause
    took from the text ("struck Gaza on Thursday, killing 20").
    """
    actors = subject_of(clause.top, ctx)
    if not actors:
        return None
    tokens = clause_tokens(clause.top, ctx)
    planned, negated = _flags_from_head(clause, done)
    dated = date_fields(tokens, ctx, planned=planned, head=clause.top)
    head = _head_event(clause, done)
    if dated["date_basis"] != "text" and head is not None and head["date_basis"] == "text":
        dated = {k: head[k] for k in ("date", "date_precision", "date_basis")}
    targets = targets_of(clause.verb, clause.top, ctx, actors)
    places = places_in(tokens, clause.verb, ctx)
    return {
        "actors": "; ".join(a.name for a in actors),
        "action": action_of(clause.verb, ctx),
        "event_type": _type_of(clause.verb, ctx),
        "target": "; ".join(t.name for t in targets) or None,
        **place_fields(places),
        **dated,
        "planned": planned,
        "negated": negated,
        "_actor_labels": [a.label for a in actors],
        "_actor_names": [a.name for a in actors],
        "trigger_start": clause.verb.idx,
        "trigger_end": clause.verb.idx + len(clause.verb),
    }


def _top_clause(tok: Token, ctx: Context) -> Token | None:
    """The highest predicate above ``tok`` without crossing reported content or a quote."""
    best, node = None, tok
    while node.head.i != node.i:
        node = node.head
        if node.i in ctx.suppressed or ctx.in_quote[node.i]:
            break
        if node.pos_ == "VERB":
            best = node
    return best


def _nominal_events(sent: Span, ctx: Context, done: dict[int, dict]) -> Iterator[dict]:
    """Event nouns with a partner or destination: "during a press conference with X"."""
    inside: set[int] = set()
    for tok in sent:
        kind = EVENT_NOUNS.get(tok.lemma_.lower())
        if kind is None or tok.dep_ != "pobj" or tok.head.lower_ not in EVENT_NOUN_PREPS:
            continue
        if tok.i in inside or tok.i in ctx.suppressed or ctx.in_quote[tok.i]:
            continue
        sub = [t for t in tok.subtree if not ctx.in_quote[t.i]]
        inside.update(t.i for t in sub)
        top = _top_clause(tok, ctx)
        if top is None:
            continue
        row = _nominal_event(tok, kind, sub, top, ctx, done)
        if row is not None:
            yield row


def _nominal_event(
    noun: Token, kind: str, sub: list[Token], top: Token, ctx: Context, done: dict[int, dict]
) -> dict | None:
    owner = subject_of(top, ctx)
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        person = [m for m in owner if m.label == "PERSON"] or None
        owner = np_actors(poss, ctx, possessor=person) or owner
    partners = [
        m
        for p in sub
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in p.children
        if o.dep_ == "pobj"
        for m in np_actors(o, ctx)
    ]
    places = places_in(sub, noun, ctx)
    if not owner or not (partners or places):
        return None
    head = done.get(top.i, {})
    names = {a.name for a in owner}
    compounds = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound"]
    action = (
        f"visit {places[0].name}" if kind == "visit" and places
        else " ".join(["hold", *compounds, noun.lemma_.lower()])
    )  # fmt: skip
    return {
        "actors": "; ".join(a.name for a in owner),
        "action": action,
        "event_type": kind,
        "target": "; ".join(m.name for m in _unique(partners) if m.name not in names) or None,
        **place_fields(places),
        **date_fields(sub, ctx, planned=bool(head.get("planned")), head=noun),
        "planned": bool(head.get("planned", False)),
        "negated": bool(head.get("negated", False)),
        "_actor_labels": [a.label for a in owner],
        "_actor_names": [a.name for a in owner],
        "trigger_start": noun.idx,
        "trigger_end": noun.idx + len(noun),
    }


def _sentence_events(sent: Span, ctx: Context) -> list[dict]:
    """Clause events then nominal events of one sentence, statements collapsed."""
    rows: list[dict] = []
    done: dict[int, dict] = {}
    for clause in _mark_suppressed(sent, ctx):
        row = _clause_event(clause, ctx, done)
        if row is None:
            continue
        done[clause.top.i] = done[clause.verb.i] = row
        rows.append(row)
        people = [n for n, lab in zip(row["_actor_names"], row["_actor_labels"], strict=True)
                  if lab == "PERSON"]  # fmt: skip
        if people:
            ctx.last_person = people[0]
    rows.extend(_nominal_events(sent, ctx, done))
    return _collapse_statements(rows)


def _collapse_statements(rows: list[dict]) -> list[dict]:
    """One event per (actors, type, target, place) in a sentence; statements per speaker."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = (row["actors"], row["event_type"])
        if row["event_type"] != "make_statement":
            key += (row["target"], row["place_iso3"], row["action"])
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def extract_events(
    doc: Doc, *, doc_id: str, doc_date: str | None, mentions: pd.DataFrame | list[dict]
) -> list[dict]:
    """Events of one parsed document.

    In: ``doc`` (spaCy Doc with a dependency parse); ``doc_id``; ``doc_date`` its ISO
    publication date or None; ``mentions`` this document's MENTIONS rows (start/end are
    character offsets into ``doc.text``; label, canonical, iso3, resolved used).
    Out: rows (dicts) in schema EVENTS; ``sent_id`` is the index in ``list(doc.sents)``
    and ``event_id`` is ``f"{doc_id}:{sent_id}:{k}"``.
    """
    if not doc.has_annotation("DEP"):
        return []
    ctx = Context(doc, doc_id, doc_date, index_mentions(doc, mentions), quote_mask(doc))
    out: list[dict] = []
    seen: set[str] = set()
    for sent_id, sent in enumerate(doc.sents):
        # A sentence repeated verbatim in one article (a scraped headline printed twice,
        # a boilerplate line) reports its events once.
        key = " ".join(sent.text.split())
        if key in seen:
            continue
        seen.add(key)
        for k, row in enumerate(_sentence_events(sent, ctx)):
            row.pop("_actor_labels")
            row.pop("_actor_names")
            out.append({
                "event_id": f"{doc_id}:{sent_id}:{k}",
                "doc_id": doc_id,
                "sent_id": sent_id,
                **row,
                "sentence": sent.text.strip(),
            })  # fmt: skip
    return out


# ----------------------------------------------------------------- merging reports


def merge_reports(events: pd.DataFrame, *, window_days: int = 1) -> pd.DataFrame:
    """Fold reports of the same event across documents into one row each.

    In: an EVENTS frame. Out: MERGED_EVENTS rows. Reports with the same set of actors,
    event_type, place_iso3 and flags (planned, negated: a denial or an announcement is
    not the same claim as the deed) whose dates lie within ``window_days`` of the
    previous report in the group (a chain, in date order) become one event, dated and
    described by its earliest report; undated reports merge only with each other on the
    same keys. A chain takes at most one report per document: two clauses of one article
    are two events (the seed's many statements by Baqeri), while one event is reported
    once per article. The per-report rows stay in EVENTS for drill-down (``event_ids``).

    Because the flags are part of the key, the merge of the reports left after hiding
    planned or negated ones equals the merge of all reports with those rows hidden
    (:func:`with_flags` on either side), so pages filter MERGED_EVENTS instead of merging
    again. One sort, then one pass over the open chains of the current key and window.
    """
    from analysis import schema

    if events is None or len(events) == 0:
        return schema.empty("merged_events")
    frame = events.reset_index(drop=True)
    keys = list(zip(
        _actor_keys(frame["actors"]),
        frame["event_type"].fillna("").astype(str),
        frame["place_iso3"].fillna("").astype(str),
        frame["planned"].fillna(False).astype(bool),
        frame["negated"].fillna(False).astype(bool),
        strict=True,
    ))  # fmt: skip
    values = frame["date"].astype(object).where(frame["date"].notna(), None).tolist()
    ordinal = {v: _ordinal_day(v) for v in set(values)}
    days = [ordinal[v] for v in values]
    order = sorted(range(len(frame)), key=lambda i: (keys[i], days[i] is None, days[i] or 0))
    doc_ids = frame["doc_id"].astype(str).tolist()
    chains: list[list[int]] = []  # every chain, as row positions in date order
    open_chains: list[tuple[int, set[str]]] = []  # chains of the current key still in reach
    for i in order:
        target = None
        still_open = []
        for c, docs in open_chains:
            last = chains[c][-1]
            if _same_event(keys[last], days[last], keys[i], days[i], window_days):
                still_open.append((c, docs))
                if target is None and doc_ids[i] not in docs:
                    target = (c, docs)
        open_chains = still_open
        if target is None:
            open_chains.append((len(chains), {doc_ids[i]}))
            chains.append([i])
        else:
            chains[target[0]].append(i)
            target[1].add(doc_ids[i])
    merged = _merged_rows(frame, chains, doc_ids)
    order_out = merged.sort_values(["date", "merged_id"], na_position="last", kind="stable")
    return schema.conform(order_out.reset_index(drop=True), "merged_events")


def _same_event(
    key: tuple, day: int | None, other_key: tuple, other_day: int | None, window_days: int
) -> bool:
    if key != other_key:
        return False
    if day is None or other_day is None:
        return day is None and other_day is None
    return other_day - day <= window_days


def _actor_keys(actors: pd.Series) -> list[str]:
    """Actors as order-free keys ("Iraq; Iran" == "Iran; Iraq"), one per distinct value."""
    keys = {v: _actor_key(v) for v in actors.dropna().unique()}
    return [keys.get(v, "") if isinstance(v, str) else "" for v in actors]


def _actor_key(actors: object) -> str:
    """Actors as an order-free key ("Iraq; Iran" == "Iran; Iraq")."""
    if not isinstance(actors, str):
        return ""
    return "; ".join(sorted({a.strip() for a in actors.split(";") if a.strip()}))


def _ordinal_day(value: object) -> int | None:
    """The first calendar day of an ISO value at any precision, as an ordinal."""
    text = _text(value)
    if text is None:
        return None
    try:
        if "-W" in text:
            year, week = text.split("-W")
            return date.fromisocalendar(int(year), int(week[:2]), 1).toordinal()
        padded = {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text[:10])
        return date.fromisoformat(padded).toordinal()
    except ValueError:
        return None


def _merged_rows(frame: pd.DataFrame, chains: list[list[int]], doc_ids: list[str]) -> pd.DataFrame:
    """One MERGED_EVENTS row per chain: its first report's facts, counts and report ids."""
    first = [chain[0] for chain in chains]
    event_ids = frame["event_id"].astype(str).tolist()
    planned = frame["planned"].fillna(False).astype(bool).tolist()
    negated = frame["negated"].fillna(False).astype(bool).tolist()
    facts = frame.iloc[first][["date", "date_precision", "date_basis", "actors", "action",
                               "event_type", "place", "place_iso3", "sentence"]]  # fmt: skip
    return facts.reset_index(drop=True).assign(
        merged_id=[event_ids[i] for i in first],
        planned=[all(planned[i] for i in chain) for chain in chains],
        negated=[all(negated[i] for i in chain) for chain in chains],
        reports=[len(chain) for chain in chains],
        documents=[len({doc_ids[i] for i in chain}) for chain in chains],
        event_ids=["; ".join(event_ids[i] for i in chain) for chain in chains],
    )
