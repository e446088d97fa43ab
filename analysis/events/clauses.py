"""Clauses of a parse: the verb that carries the action, its actors, targets and places.

In: tokens of a parsed sentence and the document :class:`~analysis.events.context.Context`.
Out: :class:`Clause` and the participant lists of an event.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.events.context import Context, Mention, mention_root, np_actors, unique
from analysis.events.lexicon import (
    ACTOR_LABELS,
    ASPECT_LEMMAS,
    COOPERATIVE,
    FUTURE_AUX,
    INTENT_VERBS,
    LIGHT_VERBS,
    LOCATIVE_PREPS,
    OBJECT_IS_PLACE,
    PATH_PREPS,
    PATH_TYPE,
    PATHLESS_TYPE,
    PLACE_LABELS,
    PLAN_LEMMAS,
    SPLIT_DEPS,
    TARGET_PREPS,
    lemma_type,
    type_class,
)
from analysis.events.tree import children
from analysis.lemmas import lemma_of

if TYPE_CHECKING:  # annotations only: reading events (analysis.tables) needs no spaCy
    from spacy.tokens import Token

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
    if top.dep_ in {"ccomp", "xcomp"} and lemma_of(top.head) in PLAN_LEMMAS:
        planned = planned or any(c.lower_ == "to" and c.dep_ == "aux" for c in children(top))
    while True:
        xcomp = next((c for c in children(verb) if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if xcomp is None or lemma_of(verb) not in PLAN_LEMMAS | ASPECT_LEMMAS:
            break
        planned = planned or lemma_of(verb) in PLAN_LEMMAS
        negated = negated or lemma_of(verb) == "fail"
        verb = xcomp
        planned, negated = planned or _is_future(verb), negated or _is_negated(verb)
    return Clause(top, verb, planned, negated)


def _is_future(verb: Token) -> bool:
    """will/shall/going to, or "is to" + verb ("the minister is to visit Paris")."""
    auxes = {c.lower_ for c in children(verb) if c.dep_ in {"aux", "auxpass"}}
    return bool(auxes & FUTURE_AUX) or ("to" in auxes and bool(auxes & {"is", "are", "am"}))


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in children(verb))


def subject_of(verb: Token, ctx: Context, _depth: int = 0) -> list[Mention]:
    """The actors of a clause: its subject, passive agent, or one borrowed from above.

    No subject: a conjunct or participle shares its head's; a relative clause's is the
    noun it modifies; a main clause falls back to the nearest actor before the verb that
    is not inside a prepositional phrase (the parser often misattaches a subject that
    precedes a fronted phrase: "X, during a visit to Y, emphasized ...").
    """
    kids = children(verb)
    agent = next((c for c in kids if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in children(agent) if c.dep_ == "pobj"), None)
        return np_actors(pobj, ctx) if pobj is not None else []
    for dep in ("nsubj", "nsubjpass", "csubj"):
        subj = ctx.subject(verb, dep)
        if subj is not None:
            if dep == "nsubjpass" and lemma_of(verb) not in PLAN_LEMMAS:
                return []  # "X was killed": X is the target, the actor is unknown
            if subj.tag_ == "WDT" or subj.lower_ in {"who", "that", "which"}:
                return np_actors(verb.head, ctx) if verb.dep_ == "relcl" else []
            # A dateline's place or agency does nothing ("TEHRAN (Tasnim) - Iran's minister
            # Ali Baqeri ..." is often parsed with TEHRAN as the subject's head).
            return [m for m in np_actors(subj, ctx) if m.start not in ctx.header]
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
        if m is None or m.label not in ACTOR_LABELS or tok.i != mention_root(m, ctx).i:
            continue
        if ctx.aside(tok.i):
            continue
        path = [tok, *tok.ancestors]
        path = path[: next((k for k, t in enumerate(path) if t.i == verb.i), len(path))]
        if any(t.pos_ == "ADP" or t.dep_ in {"poss", "nsubj", "nsubjpass"} for t in path):
            continue
        return [m]
    return []


# ----------------------------------------------------------------- clause parts


def clause_tokens(top: Token, ctx: Context) -> list[Token]:
    """Tokens of the clause headed by ``top``: its subtree minus sub-clauses and quotes."""
    out, todo = [], [top]
    while todo:
        tok = todo.pop()
        if ctx.aside(tok.i):
            continue
        out.append(tok)
        todo.extend(c for c in children(tok) if not _is_subclause(c))
    return sorted(out, key=lambda t: t.i)


def _is_subclause(tok: Token) -> bool:
    """A child that heads a clause of its own (not a coordinated noun, "Iran and Iraq")."""
    return tok.dep_ in SPLIT_DEPS and (tok.pos_ in {"VERB", "AUX"} or tok.dep_ == "ccomp")


def _object(verb: Token) -> Token | None:
    return next((c for c in children(verb) if c.dep_ in {"dobj", "attr", "oprd"}), None)


def _noun_phrase(noun: Token, ctx: Context) -> str:
    """An object as a name (a mention) or lemma with compounds ("press conference")."""
    if (m := ctx.mention(noun)) and m.label in ACTOR_LABELS | PLACE_LABELS:
        return m.name
    compounds = [lemma_of(c).lower() for c in ctx.own_modifiers(noun, frozenset({"compound"}))]
    return " ".join([*compounds, lemma_of(noun).lower()])


def action_of(verb: Token, ctx: Context) -> str:
    """Verb lemma + particle + object head: "hold press conference", "visit Iraq"."""
    parts = [lemma_of(verb).lower()]
    parts += [c.lower_ for c in children(verb) if c.dep_ == "prt"]
    obj = _object(verb)
    if obj is not None and obj.pos_ not in {"PRON", "NUM"}:
        parts.append(_noun_phrase(obj, ctx))
    elif obj is None:
        xcomp = next((c for c in children(verb) if c.dep_ == "xcomp"), None)
        prep = next(
            (c for c in children(verb) if c.dep_ == "prep" and c.lower_ in TARGET_PREPS), None
        )
        pobj = next((c for c in children(prep) if c.dep_ == "pobj"), None) if prep else None
        if xcomp is not None:
            parts.append(lemma_of(resolve_clause(xcomp).verb).lower())
        elif pobj is not None and pobj.pos_ != "PRON" and not _says(verb, ctx):
            parts += [prep.lower_, _noun_phrase(pobj, ctx)]
    return " ".join(parts)


def _says(verb: Token, ctx: Context) -> bool:
    return type_class(type_of(verb, ctx)) in {"statement", "reporting"}


def type_of(verb: Token, ctx: Context) -> str:
    """The event_type of a verb (lexicon), refined by its object for light verbs.

    A light or support verb takes its object noun's type ("hold talks" -> consult_meet,
    "carry out an attack" -> fight); a pledge verb with an infinitive is a threat or an
    intent to cooperate by what it pledges; unlisted verbs are "other".
    """
    lemma = lemma_of(verb).lower()
    particle = next((c.lower_ for c in children(verb) if c.dep_ == "prt"), "")
    obj = _object(verb)
    phrasal = lemma_type(f"{lemma} {particle}", "v") if particle else None
    kind = phrasal or _idiom_type(lemma, obj) or lemma_type(lemma, "v") or "other"
    light = lemma in LIGHT_VERBS or (lemma == "carry" and particle == "out")
    if light and obj is not None:
        obj_kind = lemma_type(lemma_of(obj), "n")
        if obj_kind is not None and type_class(obj_kind) in {"happening", "statement"}:
            if lemma in INTENT_VERBS and obj_kind in COOPERATIVE:
                return "express_intent_to_cooperate"
            return obj_kind
    xcomp = next((c for c in children(verb) if c.dep_ == "xcomp"), None)
    if lemma in INTENT_VERBS and xcomp is not None:  # "vowed to fight", "offered to mediate"
        inner = type_of(resolve_clause(xcomp).verb, ctx)
        if inner in {"fight", "assault", "coerce", "exhibit_force"}:
            return "threaten"
        if inner in COOPERATIVE:
            return "express_intent_to_cooperate"
    if lemma == "call" and obj is not None and ctx.mention(obj) and particle != "on":
        return "consult_meet"  # "called Macron" vs "called for", "called on"
    if kind == PATH_TYPE and not _has_path(verb, obj, ctx):
        return PATHLESS_TYPE
    return kind


def _has_path(verb: Token, obj: Token | None, ctx: Context) -> bool:
    """Does the clause say where to or from ("returned to Baghdad", "fled the country",
    "flew home")? A place as object counts."""
    if obj is not None and (m := ctx.mention(obj)) is not None and m.label in PLACE_LABELS:
        return True
    return any(c.dep_ in {"prep", "prt", "advmod"} and c.lower_ in PATH_PREPS
               for c in children(verb))  # fmt: skip


def _idiom_type(lemma: str, obj: Token | None) -> str | None:
    """A verb + bare noun idiom WordNet lists as one verb ("open fire", "take office",
    "take place"): its own type, not the verb's ("opened fire" is not an opening)."""
    if obj is None or any(c.dep_ in {"det", "poss", "amod", "nummod"} for c in children(obj)):
        return None
    return lemma_type(f"{lemma} {lemma_of(obj).lower()}", "v")


def light_object(verb: Token) -> Token | None:
    """The object noun whose type a light verb took ("talks" in "held talks"), or that is
    part of an idiom ("fire" in "opened fire"), if any."""
    obj = _object(verb)
    lemma = lemma_of(verb).lower()
    if obj is None or lemma_type(lemma_of(obj), "n") is None:
        return None
    if lemma in LIGHT_VERBS or lemma == "carry" or _idiom_type(lemma, obj) is not None:
        return obj
    return None


def targets_of(verb: Token, top: Token, ctx: Context, actors: list[Mention]) -> list[Mention]:
    """Actors among the objects: direct/dative objects, with/to/against phrases."""
    heads: list[Token] = []
    for v in {verb.i: verb, top.i: top}.values():
        for c in children(v):
            if c.dep_ in {"dobj", "dative", "nsubjpass", "attr"}:
                heads.append(c)
                preps = (p for p in children(c) if p.dep_ == "prep")
                heads.extend(p for p in preps if p.lower_ in TARGET_PREPS)
            elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                heads.append(c)
    found: list[Mention] = []
    for h in heads:
        nouns = [p for p in children(h) if p.dep_ == "pobj"] if h.dep_ == "prep" else [h]
        for n in nouns:
            if not ctx.aside(n.i):
                found.extend(np_actors(n, ctx))
    names = {a.name for a in actors}
    return [m for m in unique(found) if m.name not in names]


def places_in(tokens: list[Token], verb: Token, ctx: Context) -> list[Mention]:
    """Place mentions after a locative preposition in ``tokens`` (or a visit's object)."""
    token_set = {t.i for t in tokens}
    roots: list[Token] = []
    for tok in tokens:
        if tok.dep_ == "prep" and tok.lower_ in LOCATIVE_PREPS and tok.head.lower_ != "according":
            roots.extend(c for c in children(tok) if c.dep_ == "pobj")
    if type_of(verb, ctx) in OBJECT_IS_PLACE and (obj := _object(verb)) is not None:
        roots.append(obj)
    found = []
    for root in roots:
        for t in root.subtree:
            m = ctx.mention(t)
            if m and m.label in PLACE_LABELS and t.i in token_set:
                found.append(m)
    return unique(sorted(found, key=lambda m: m.start))


def place_fields(places: list[Mention]) -> dict[str, str | None]:
    """place = the names joined by "; "; place_iso3 = their commonest country."""
    if not places:
        return {"place": None, "place_iso3": None}
    codes = Counter(m.iso3 for m in places if m.iso3)
    return {
        "place": "; ".join(m.name for m in places),
        "place_iso3": codes.most_common(1)[0][0] if codes else None,
    }
