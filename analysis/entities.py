"""Entities: clean-up of model mentions, canonical names, frequencies, co-occurrence.

Three stages, all on MENTIONS tables (see :mod:`analysis.schema`):

* :func:`clean_mentions` (build time, one document): corrects systematic spaCy
  errors with evidence from the same document (span edges, headline fragments,
  surnames of people named in full, known places). Each rule was kept only because
  it raises the CoNLL-2003 dev score (``python -m benchmarks.ner_eval``).
* :func:`canonicalize` (build time): fills ``canonical`` from the surface form and
  merges, within a document, surnames into full names and acronyms into long forms.
  It looks at one document at a time so cached per-document results stay valid.
* aggregates (read time): :func:`entity_table`, :func:`cooccurrence_table`,
  :func:`entity_mentions`, :func:`related_entities`; user aliases are applied
  before them by :func:`analysis.aliases.apply_aliases`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

#: Labels that are quantities or times, not names: left out of aggregates by default.
NUMERIC_LABELS: frozenset[str] = frozenset(
    {"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"}
)
#: Labels the clean-up rules may touch (numeric spans are left to analysis.dates).
NAME_LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)

# --------------------------------------------------------------------------- surfaces

_DETERMINER = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`\u201e"
_EDGE_PUNCT = _QUOTES + " \t\r\n.,;:!?()[]{}<>-\u2013\u2014*_/|#"
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def normalize_surface(text: str) -> str:
    """A mention's surface form -> the name it stands for.

    Collapses whitespace, drops quotes, surrounding punctuation, a leading
    determiner ("the Operation True Promise" -> "Operation True Promise") and a
    trailing possessive ("Iran's" -> "Iran"); dotted acronyms lose their dots
    ("U.N." -> "UN"). Returns "" when nothing name-like is left.
    """
    name = _SPACES.sub(" ", text).strip()
    for _ in range(3):  # edges can nest: '"the UN\'s"'
        before = name
        name = name.strip(_EDGE_PUNCT)
        name = _POSSESSIVE.sub("", name)
        name = _DETERMINER.sub("", name)
        if name == before:
            break
    name = "".join(ch for ch in name if ch not in _QUOTES or ch == "'")
    if _DOTTED_ACRONYM.match(name + "." if not name.endswith(".") else name):
        name = name.replace(".", "")
    return name.strip()


# --------------------------------------------------------------------------- clean-up


@dataclass
class _Doc:
    """What the clean-up rules know about one document."""

    text: str
    lines: list[tuple[int, int]] = field(default_factory=list)  # (start, end) per line
    headline: list[bool] = field(default_factory=list)  # per line

    def line_of(self, offset: int) -> int:
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def in_headline(self, mention: dict[str, Any]) -> bool:
        return self.headline[self.line_of(int(mention["start"]))]


_WORD = re.compile(r"[^\W\d_][\w'\u2019.&-]*")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "upon",
        "via",
        "vs",
        "with",
    ]
)


def _is_all_caps(line: str) -> bool:
    """A line written in capitals: 'SOCCER - JAPAN GET LUCKY WIN'."""
    words = [w for w in _WORD.findall(line) if sum(c.isalpha() for c in w) > 1]
    return bool(words) and all(w.upper() == w for w in words)


def _is_title_case(line: str) -> bool:
    """'Iran Seeks Enhanced Cooperation with Iraq': every content word capitalised."""
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _describe(text: str) -> _Doc:
    """Lines of ``text`` and which are headlines: ALL-CAPS lines anywhere, Title Case
    lines only at the top (further down they are lists of names)."""
    doc = _Doc(text=text)
    start, top = 0, True
    for line in text.split("\n"):
        doc.lines.append((start, start + len(line)))
        headline = _is_all_caps(line) or (top and _is_title_case(line))
        doc.headline.append(headline)
        top = top and (headline or not line.strip())
        start += len(line) + 1
    return doc


def _set_span(mention: dict[str, Any], text: str, start: int, end: int) -> dict[str, Any]:
    return {**mention, "start": start, "end": end, "text": text[start:end]}


Rule = Callable[[list[dict[str, Any]], _Doc], list[dict[str, Any]]]


def _per_mention(fix: Callable[[dict[str, Any], _Doc], dict[str, Any] | None]) -> Rule:
    """Lift a one-mention fix (returns the new mention or None to drop) to a rule."""

    def rule(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
        out = []
        for m in mentions:
            fixed = fix(m, doc) if m["label"] in NAME_LABELS else m
            if fixed is not None and fixed["end"] > fixed["start"]:
                out.append(fixed)
        return out

    rule.__doc__ = fix.__doc__
    return rule


@_per_mention
def cut_at_line_break(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """A name never runs across a line break: keep the longest line of the span."""
    span = doc.text[m["start"] : m["end"]]
    if "\n" not in span:
        return m
    pieces, offset = [], m["start"]
    for piece in span.split("\n"):
        pieces.append((len(piece.strip()), offset, offset + len(piece)))
        offset += len(piece) + 1
    _, start, end = max(pieces)
    return _set_span(m, doc.text, start, end)


@_per_mention
def strip_determiner(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """Move the start past a leading 'the'/'a'/'an': 'the Commerce Department'."""
    found = _DETERMINER.match(doc.text[m["start"] : m["end"]])
    return _set_span(m, doc.text, m["start"] + found.end(), m["end"]) if found else m


_NO_LETTER = re.compile(r"^(?:[^A-Za-z\u00c0-\uffff]+|\d+(?:st|nd|rd|th))$")
_TRAILING_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
#: Labels whose names never end in a number ("Euro 96" and "Apollo 11" do).
_NO_NUMBER_AT_EDGE = frozenset({"PERSON", "NORP", "GPE", "LOC", "FAC", "ORG"})


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the whitespace-separated tokens of text[start:end]."""
    return [(t.start() + start, t.end() + start) for t in re.finditer(r"\S+", text[start:end])]


@_per_mention
def trim_edges(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """Drop edge tokens that cannot end a name: numbers, punctuation, possessive 's."""
    tokens = _tokens(doc.text, m["start"], m["end"])
    if m["label"] in _NO_NUMBER_AT_EDGE:
        while tokens and _NO_LETTER.match(doc.text[tokens[0][0] : tokens[0][1]]):
            tokens.pop(0)
        while tokens and _NO_LETTER.match(doc.text[tokens[-1][0] : tokens[-1][1]]):
            tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    possessive = _TRAILING_POSSESSIVE.search(doc.text[start:end])
    if possessive and possessive.start() > 0:
        end = start + possessive.start()
    return _set_span(m, doc.text, start, end)


# A spaced dash, an opening/closing bracket, " v "/" vs ": names do not contain them.
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*[()\[\]]\s*|\s+(?:v|vs)\.?\s+")


def split_at_separators(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """Split 'Romania - Cosmin Contra' and 'Headingley ( Leeds' into separate mentions.

    Each piece keeps the label; later rules relabel pieces on their own evidence.
    """
    out = []
    for m in mentions:
        span = doc.text[m["start"] : m["end"]]
        if m["label"] not in NAME_LABELS or not _SEPARATOR.search(span):
            out.append(m)
            continue
        begin = m["start"]
        for sep in [*_SEPARATOR.finditer(span), None]:
            stop = m["start"] + sep.start() if sep else m["end"]
            if re.search(r"[^\W\d_]", doc.text[begin:stop]):
                out.append(_set_span(m, doc.text, begin, stop))
            begin = m["start"] + sep.end() if sep else begin
    return out


@_per_mention
def require_capital(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """Drop a 'name' with no capital letter ('congress', 'republics')."""
    span = doc.text[m["start"] : m["end"]]
    return m if any(c.isupper() for c in span) else None


def _place_label(text: str) -> str | None:
    """GPE for a known country/city/state, NORP for a demonym, else None."""
    from analysis.gazetteer import candidates  # built lazily: ~1 s the first time

    for candidate in candidates(text):
        if not candidate.needs_context and candidate.rule != "metonym":
            return "NORP" if candidate.rule == "demonym" else "GPE"
    return None


def _sent_id_at(mentions: list[dict[str, Any]], doc: _Doc, start: int) -> int | None:
    """The sentence of a new span at ``start``, when the neighbouring mentions pin it."""
    line = doc.line_of(start)
    same_line = [m for m in mentions if doc.line_of(int(m["start"])) == line]
    if same_line:
        return min(same_line, key=lambda m: abs(int(m["start"]) - start))["sent_id"]
    before = [m for m in mentions if m["start"] < start]
    after = [m for m in mentions if m["start"] > start]
    if not before:
        return 0 if line == 0 else None
    last = max(before, key=lambda m: m["start"])
    if after and min(after, key=lambda m: m["start"])["sent_id"] == last["sent_id"]:
        return last["sent_id"]
    return None


def _new_mention(
    mentions: list[dict[str, Any]], doc: _Doc, start: int, end: int, label: str
) -> dict[str, Any] | None:
    """A mention row for a span the model missed (None if its sentence is unknown)."""
    sent_id = _sent_id_at(mentions, doc, start)
    if sent_id is None or not mentions:
        return None
    template = {k: None for k in mentions[0]}
    return {
        **template,
        "doc_id": mentions[0].get("doc_id"),
        "sent_id": sent_id,
        "start": start,
        "end": end,
        "text": doc.text[start:end],
        "label": label,
    }


def _overlaps(mentions: list[dict[str, Any]], start: int, end: int) -> bool:
    return any(m["start"] < end and start < m["end"] for m in mentions)


#: Datelines open one of the first lines of a story (after a headline or two).
_DATELINE_LINES = 4
_DATELINE = re.compile(r"^([A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*)*)(?=\s*(?:[,(\-\u2013\u2014]|\d|$))")


def tag_datelines(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """A known place in CAPITALS opening a line ('LONDON 1996-08-30', 'TEHRAN (Tasnim) -')
    is a GPE: relabel the model's span or add the one it missed."""
    out = list(mentions)
    for start, end in doc.lines[:_DATELINE_LINES]:
        found = _DATELINE.match(doc.text[start:end])
        if not found or len(found.group(1)) < 3 or _place_label(found.group(1)) != "GPE":
            continue
        s, e = start, start + len(found.group(1))
        same = [m for m in out if m["start"] == s and m["end"] == e]
        if same:
            for m in same:
                m["label"] = "GPE"
        elif not _overlaps(out, s, e) and (new := _new_mention(out, doc, s, e, "GPE")):
            out.append(new)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


def _body_names(mentions: list[dict[str, Any]], doc: _Doc) -> dict[str, str]:
    """Casefolded names in body lines -> their majority label, plus PERSON surnames."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m["label"] in NAME_LABELS and not doc.in_headline(m):
            key = doc.text[m["start"] : m["end"]].casefold()
            votes.setdefault(key, Counter())[m["label"]] += 1
            words = key.split()
            if m["label"] == "PERSON" and len(words) > 1:
                votes.setdefault(words[-1], Counter())["PERSON"] += 0  # weakest evidence
    return {k: v.most_common(1)[0][0] for k, v in votes.items() if len(k) > 1}


def _best_sub_span(
    start: int, end: int, doc: _Doc, names: dict[str, str]
) -> tuple[int, int, str] | None:
    """The longest run of tokens in text[start:end] that the body names, with its label."""
    tokens = _tokens(doc.text, start, end)
    for size in range(len(tokens), 0, -1):
        for i in range(len(tokens) - size + 1):
            s, e = tokens[i][0], tokens[i + size - 1][1]
            label = names.get(doc.text[s:e].casefold())
            if label:
                return s, e, label
    return None


def corroborate_headlines(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """In headlines (capitals carry no signal there) keep a name only with evidence.

    Evidence: the body names it (take the body's label and boundaries), or it is a known
    place. Without evidence the span goes ('Seeks Enhanced Cooperation'). Body names
    the model missed in an ALL-CAPS headline are added.
    """
    names = _body_names(mentions, doc)
    if not names:
        return mentions
    out = []
    for m in mentions:
        if m["label"] not in NAME_LABELS or not doc.in_headline(m):
            out.append(m)
        elif found := _best_sub_span(m["start"], m["end"], doc, names):
            out.append({**_set_span(m, doc.text, found[0], found[1]), "label": found[2]})
        elif place := _place_label(doc.text[m["start"] : m["end"]]):
            out.append({**m, "label": place})
    return _add_headline_names(out, doc, names)


def _add_headline_names(
    mentions: list[dict[str, Any]], doc: _Doc, names: dict[str, str]
) -> list[dict[str, Any]]:
    out = list(mentions)
    for (start, end), is_headline in zip(doc.lines, doc.headline, strict=True):
        line = doc.text[start:end]
        if not is_headline or line.upper() != line:
            continue
        for key in sorted(names, key=len, reverse=True):
            for hit in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", line, re.IGNORECASE):
                s, e = start + hit.start(), start + hit.end()
                if not _overlaps(out, s, e) and (new := _new_mention(out, doc, s, e, names[key])):
                    out.append(new)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


#: The clean-up rules in the order they run; the benchmark ablates them by name.
RULES: dict[str, Rule] = {
    "cut_at_line_break": cut_at_line_break,
    "split_at_separators": split_at_separators,
    "strip_determiner": strip_determiner,
    "trim_edges": trim_edges,
    "require_capital": require_capital,
    "tag_datelines": tag_datelines,
    "corroborate_headlines": corroborate_headlines,
}


def clean_mentions(
    mentions: pd.DataFrame, text: str, *, rules: Iterable[str] | None = None
) -> pd.DataFrame:
    """One document's raw model mentions -> corrected mentions.

    In: MENTIONS-like rows of a single document (at least start, end, text, label;
    offsets into ``text``) and the document text. ``rules`` names the rules of
    :data:`RULES` to run (default: all, in order).
    Out: the same columns; spans may be narrowed (offsets and ``text`` updated),
    relabelled or dropped. Numeric labels (DATE, CARDINAL, ...) pass through untouched.
    """
    if len(mentions) == 0:
        return mentions
    doc = _describe(text)
    records = mentions.to_dict("records")
    for name in RULES if rules is None else rules:
        records = RULES[name](records, doc)
    out = pd.DataFrame(records, columns=mentions.columns)
    return out.astype(mentions.dtypes.to_dict()) if len(out) else mentions.iloc[0:0]
