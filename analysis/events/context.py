"""Per-document context for event extraction: mentions aligned to tokens, quotation
marks, and the actors a noun phrase stands for.

In: a parsed spaCy Doc and its MENTIONS rows. Out: :class:`Context` with
``by_token`` (token index -> :class:`Mention`) and ``in_quote`` (per token).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.datelines import filed_datelines
from analysis.events.lexicon import ACTOR_LABELS
from analysis.events.tree import children

if TYPE_CHECKING:  # annotations only: reading events (analysis.tables) needs no spaCy
    from spacy.tokens import Doc, Token


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
    header: frozenset[int] = frozenset()  # tokens of a dateline ("TEHRAN (Tasnim) -")

    def mention(self, token: Token) -> Mention | None:
        """The mention covering ``token``, if any."""
        return self.by_token.get(token.i)

    def aside(self, i: int) -> bool:
        """Is token ``i`` outside the story's own words: quoted, or in a dateline?"""
        return self.in_quote[i] or i in self.header

    def subject(self, verb: Token, dep: str) -> Token | None:
        """``verb``'s first child with relation ``dep`` outside a dateline, else its first
        one at all. A parser often hangs a dateline's place on the verb as one more
        subject ("NAIROBI -- Police arrested ...": two nsubj); the story's own subject
        wins, and a dateline subject is still returned alone, as the head the real
        subject may hang from ("TEHRAN (Tasnim) - Iran's minister Ali Baqeri ...")."""
        found = [c for c in children(verb) if c.dep_ == dep]
        return next((c for c in found if c.i not in self.header), found[0] if found else None)

    def own_modifiers(self, tok: Token, deps: frozenset[str]) -> list[Token]:
        """``tok``'s children with a relation in ``deps`` before it, without a dateline's
        tokens ("TEHRAN - Police arrested ...": TEHRAN is parsed as a compound of Police,
        and a dateline is never part of an actor, target or action)."""
        return [c for c in children(tok) if c.dep_ in deps and c.i < tok.i
                and c.i not in self.header]  # fmt: skip


def text_of(value: object) -> str | None:
    """A cell as text; None for nulls and empty strings."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value) or None


def actor_name(label: str, canonical: str | None, text: str, iso3: str | None) -> str:
    """The name an actor goes by: a demonym's country, else the canonical name."""
    if label == "NORP" and iso3:
        from analysis.geo_sources import country_name  # heavy data, loaded on first use

        return country_name(iso3)
    return canonical or text


#: The MENTIONS columns the events read (:func:`index_mentions`): a caller hands these only.
MENTION_COLUMNS = ("start", "end", "text", "label", "canonical", "iso3", "resolved")


def index_mentions(doc: Doc, mentions: pd.DataFrame | list[dict]) -> dict[int, Mention]:
    """Token index -> Mention for every mention row (character offsets into doc.text);
    ``mentions`` a MENTIONS frame or its rows as dicts."""
    by_token: dict[int, Mention] = {}
    if mentions is None or len(mentions) == 0:
        return by_token
    names = MENTION_COLUMNS
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
        label, iso3 = str(label), text_of(iso3)
        name = actor_name(label, text_of(canonical), str(text), iso3)
        mention = Mention(span.start, span.end, str(text), label, name, iso3, text_of(resolved),
                          span.root.i)  # fmt: skip
        for i in range(span.start, span.end):
            by_token[i] = mention
    return by_token


def quote_mask(doc: Doc, text: str | None = None) -> list[bool]:
    """Per token: is it inside quotation marks?

    Curly quotes (and ``...'') open and close; a straight double quote toggles, unless
    it sits inside a word (``India"s``, a stray apostrophe). A paragraph break (a blank
    line or an indented new line, as in wire copy) ends any open quote: a
    multi-paragraph quote reopens with a new mark, so one stray quote cannot swallow
    the rest of an article. Works on the text, so it costs O(quote marks).
    """
    text = doc.text if text is None else text  # doc.text rebuilds the string each call
    starts = doc.to_array("IDX")
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


def dateline_tokens(doc: Doc, text: str | None = None) -> frozenset[int]:
    """Indices of the tokens of every filed dateline (analysis.datelines.filed_datelines:
    "TEHRAN (Tasnim) –", "NEW YORK, March 3 -") in ``doc`` (``text``: ``doc.text``, when
    the caller has it). Its place, agency and date say where and when the story was
    filed, not who did what or when."""
    starts = doc.to_array("IDX")
    out: set[int] = set()
    for span_start, span_end in filed_datelines(doc.text if text is None else text):
        first = int(np.searchsorted(starts, span_start, side="left"))
        last = int(np.searchsorted(starts, span_end, side="left"))
        out.update(range(first, last))
    return frozenset(out)


_QUOTE_MARKS = re.compile(
    r"(?P<para>\n[ \t]*\n|\n[ \t]+)|(?P<open>[\u201c\u00ab\u201e]|``)|"
    r"(?P<close>[\u201d\u00bb]|'')|(?P<toggle>\")"
)


def _inside_word(text: str, pos: int) -> bool:
    """A straight quote between two letters/digits is not a quotation mark."""
    return 0 < pos < len(text) - 1 and text[pos - 1].isalnum() and text[pos + 1].isalnum()


# ----------------------------------------------------------------- noun phrases


def _np_heads(head: Token) -> list[Token]:
    """``head`` with its coordinated and appositive heads ("Iran and Iraq", "X, Y")."""
    heads, todo = [], [head]
    while todo:
        tok = todo.pop()
        heads.append(tok)
        todo.extend(c for c in children(tok) if c.dep_ in {"conj", "appos"})
    return sorted(heads, key=lambda t: t.i)


def _modifier_mentions(head: Token, ctx: Context) -> Iterator[Mention]:
    """Mentions among the modifiers of a noun: "Iranian officials", "Iran's ministry"."""
    for child in children(head):
        if child.dep_ in {"poss", "amod", "compound", "nmod"}:
            if m := ctx.mention(child):
                yield m
        elif child.dep_ == "prep" and child.lower_ in {"of", "from"}:
            for pobj in (c for c in children(child) if c.dep_ == "pobj"):
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
    return unique(found)


def unique(mentions: Iterable[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def mention_root(m: Mention, ctx: Context) -> Token:
    """The syntactic head token of a mention."""
    return ctx.doc[m.root] if m.root >= 0 else ctx.doc[m.start : m.end].root
