"""Entities: clean-up of model mentions and canonical names, per document.

The stages, all on MENTIONS tables (see :mod:`analysis.schema`):

* :func:`clean_mentions` (build time, one document): corrects systematic spaCy
  errors with evidence from the same document (span edges, headline fragments,
  surnames of people named in full, known places); each of these rules was kept
  because it raises the CoNLL-2003 dev score (``python -m benchmarks.ner_eval``). The
  junk filters of :mod:`analysis.junk` (wire credits, units, sentence-start nouns,
  generic words) are registered in the same :data:`RULES`; they are judged by the top
  entities of Reuters-21578 (``python -m benchmarks.entity_resolution_scale``).
* :func:`canonicalize` (build time; :mod:`analysis.canonical`, re-exported here): fills
  ``canonical`` from the surface form and merges, within a document, surnames into full
  names and acronyms into long forms. It looks at one document at a time so cached
  per-document results stay valid.
* corpus time: :func:`merge_case_variants` (corpus-wide 'TEHRAN' -> 'Tehran'), then
  :func:`analysis.resolve.resolve` (one entity per real thing across documents).
* read time: user aliases (:func:`analysis.aliases.apply_aliases`), then the
  aggregates of :mod:`analysis.entity_tables` (re-exported here).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis import datelines
from analysis.canonical import (
    DETERMINER,
    NEVER_OPENS,
    canonicalize,
    merge_case_variants,
    normalize_surface,
    trim_name_edges,
)
from analysis.canonical import place_label as _place_label
from analysis.junk import JUNK_RULES
from analysis.labels import NAME_LABELS, NUMERIC_LABELS
from analysis.place_names import COUNTRY_LEVEL
from analysis.place_names import is_country_level as _is_country_level
from analysis.place_names import place_reading as _place_reading
from analysis.teams import mark_national_teams, relabel_results, result_names, team_reading

# --------------------------------------------------------------------------- clean-up


@dataclass
class _Doc:
    """What the clean-up rules know about one document."""

    text: str
    lines: list[tuple[int, int]] = field(default_factory=list)  # (start, end) per line
    headline: list[bool] = field(default_factory=list)  # per line
    sentences: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, id)

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
    """A line written in capitals: 'SOCCER - JAPAN EDGE PAST OMAN'. Its words of two
    letters or more are all in capitals, and there is one. Read word by word, up to the
    first such word that is not in capitals (most lines are prose: their first word or
    two): it runs on every line of every document (tests/analysis/test_entities.py)."""
    found = False
    for match in _WORD.finditer(line):
        word = match.group()
        if sum(c.isalpha() for c in word) > 1:
            if word.upper() != word:
                return False
            found = True
    return found


def _is_title_case(line: str) -> bool:
    """'Iran Seeks Enhanced Cooperation with Iraq': every content word capitalised."""
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _describe(text: str) -> _Doc:
    """Lines of ``text`` and which are headlines: ALL-CAPS lines anywhere, Title Case
    lines only at the top (further down they are lists of names), unless the line opens
    with a filed dateline and its date: "LONDON, March 19 - U.K. Chancellor of the Exchequer Nigel"
    is the body's first line, which the wire's line break left in Title Case (branch
    ctry28: unseen Reuters news, where the model's PERSON "Nigel" was then read as a
    South African town, as a headline's name with no other evidence)."""
    doc = _Doc(text=text)
    start, top = 0, True
    filed: set[int] | None = None  # the lines opening with a dated dateline, when asked
    for line in text.split("\n"):
        doc.lines.append((start, start + len(line)))
        headline = _is_all_caps(line)
        if not headline and top and _is_title_case(line):
            if filed is None:
                filed = datelines.dated_lines(text)
            headline = start not in filed
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


_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Col|Lt|Prof)\.$")
#: A wrapped line is at least this long (hard-wrapped newswire: 60-80 characters).
_WRAPPED_LINE = 50


def _soft_break(text: str, newline: int) -> bool:
    """Is the newline at ``newline`` a wrap inside a paragraph ('New\nYork' in newswire
    wrapped at 65 characters) rather than the end of a headline, line or table row?"""
    line = text[text.rfind("\n", 0, newline) + 1 : newline].rstrip()
    after = text[newline + 1 : newline + 2]
    ends_sentence = line.endswith((".", "!", "?", ":", ";", '"', "\u201d"))
    if _ABBREVIATION_END.search(line):  # 'Kenneth J.' / 'Gen.' continue on the next line
        ends_sentence = False
    return len(line) >= _WRAPPED_LINE and not ends_sentence and bool(after) and not after.isspace()


@_per_mention
def cut_at_line_break(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """A name never runs across a line break (a wrap inside a paragraph is not one):
    keep the longest line of the span."""
    start, end = m["start"], m["end"]
    cuts = [i for i in range(start, end) if doc.text[i] == "\n" and not _soft_break(doc.text, i)]
    if not cuts:
        return m
    bounds = [start - 1, *cuts, end]
    pieces = [(len(doc.text[a + 1 : b].strip()), a + 1, b) for a, b in itertools.pairwise(bounds)]
    _, start, end = max(pieces)
    return _set_span(m, doc.text, start, end)


@_per_mention
def strip_determiner(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """Move the start past a leading 'the'/'a'/'an': 'the Commerce Department'."""
    found = DETERMINER.match(doc.text[m["start"] : m["end"]])
    return _set_span(m, doc.text, m["start"] + found.end(), m["end"]) if found else m


_NO_LETTER = re.compile(r"^(?:[^A-Za-z\u00c0-\uffff]+|\d+(?:st|nd|rd|th))$")
_TRAILING_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
#: Labels whose names never end in a number ("Euro 96" and "Apollo 11" do).
_NO_NUMBER_AT_EDGE = frozenset({"PERSON", "NORP", "GPE", "LOC", "FAC", "ORG"})


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the whitespace-separated tokens of text[start:end]."""
    return [(t.start() + start, t.end() + start) for t in re.finditer(r"\S+", text[start:end])]


def _name_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards past :data:`NEVER_OPENS` / :data:`NEVER_CLOSES`
    characters ("+Berlin" -> "Berlin"), as :func:`trim_name_edges` trims the name."""
    span = text[start:end]
    kept = trim_name_edges(span)
    if kept == span:
        return start, end
    first = start + len(span) - len(span.lstrip(NEVER_OPENS))
    return first, first + len(kept)


@_per_mention
def trim_edges(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """Drop edge tokens that cannot end a name: numbers, punctuation, possessive 's; and
    the characters a name never opens or closes with ("+Berlin": :data:`NEVER_OPENS`)."""
    tokens = _tokens(doc.text, m["start"], m["end"])
    if m["label"] in _NO_NUMBER_AT_EDGE:
        while tokens and _NO_LETTER.match(doc.text[tokens[0][0] : tokens[0][1]]):
            tokens.pop(0)
        while tokens and _NO_LETTER.match(doc.text[tokens[-1][0] : tokens[-1][1]]):
            tokens.pop()
    if not tokens:
        return None
    start, end = _name_edges(doc.text, tokens[0][0], tokens[-1][1])
    possessive = _TRAILING_POSSESSIVE.search(doc.text[start:end])
    if possessive and possessive.start() > 0:
        end = start + possessive.start()
    return _set_span(m, doc.text, start, end)


# A spaced dash, an opening/closing bracket, " v "/" vs ", a comma ('Gabba, Brisbane') or a
# fixture's " AT " ('SEATTLE AT DENVER'): names do not contain them...
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*[()\[\]]\s*|\s+(?:v|vs)\.?\s+|,\s+|\s+AT\s+")
# ... and on a results line (a score ends or follows the span: 'Busan 1 Suwon 2') the
# score between two names; 'Formula 1 Grand Prix race' keeps its number.
_SCORE = re.compile(r"\s+\d{1,2}\s+(?=[^\W\d_])")
_SCORE_AFTER = re.compile(r"\s*\d{1,2}\b")
_SCORE_AT_END = re.compile(r"\s\d{1,2}$")


def split_at_separators(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """Split 'Hungary - Gabor Kiss', 'Lord's ( London', 'Gabba, Brisbane' into pieces.

    Each piece keeps the label; later rules relabel pieces on their own evidence.
    """
    out = []
    for m in mentions:
        span = doc.text[m["start"] : m["end"]]
        results = _SCORE_AFTER.match(doc.text, m["end"]) or _SCORE_AT_END.search(span)
        scored = results and _SCORE.search(span)
        pattern = _SEPARATOR if not scored else re.compile(f"{_SEPARATOR.pattern}|{_SCORE.pattern}")
        if m["label"] not in NAME_LABELS or not pattern.search(span):
            out.append(m)
            continue
        begin = m["start"]
        for sep in [*pattern.finditer(span), None]:
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


def _is_metonym(text: str) -> bool:
    """Does the gazetteer know ``text`` as a building standing for a government
    ('White House', also an alternate name of Casablanca)?"""
    from analysis.gazetteer import candidates

    return any(c.rule == "metonym" for c in candidates(text))


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")


def _sent_id_at(mentions: list[dict[str, Any]], doc: _Doc, start: int) -> int | None:
    """The sentence of a new span at ``start``, when known: from ``doc.sentences``,
    else from a mention on the same line with no sentence end in between, else from
    the previous and next mentions sharing a sentence, else 0 on the first line."""
    if doc.sentences:
        return next((k for s, e, k in doc.sentences if s <= start < e), None)
    line = doc.line_of(start)
    for m in sorted(mentions, key=lambda m: abs(int(m["start"]) - start)):
        if doc.line_of(int(m["start"])) != line:
            continue
        lo, hi = sorted((start, int(m["start"])))
        if not _SENTENCE_END.search(doc.text[lo:hi]):
            return m["sent_id"]
    before = [m for m in mentions if m["start"] < start]
    after = [m for m in mentions if m["start"] > start]
    if not before:
        return 0 if line == 0 else None
    last = max(before, key=lambda m: m["start"])["sent_id"]
    following = min(after, key=lambda m: m["start"])["sent_id"] if after else None
    return last if following == last else None


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


#: Datelines open one of the first non-empty lines of a story (after a headline or two).
_DATELINE_LINES = 3


def _dateline_places(doc: _Doc) -> Iterable[tuple[int, int]]:
    """(start, end) of known places in capitals opening one of the first lines as a
    dateline (analysis.datelines) does."""
    lines = [(s, e) for s, e in doc.lines if doc.text[s:e].strip()][:_DATELINE_LINES]
    for start, end in lines:
        span = datelines.dateline_place(doc.text, start, end)
        if span and span[1] - span[0] > 2 and _place_label(doc.text[slice(*span)]) == "GPE":
            yield span


def tag_datelines(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """A known place in capitals opening a story ('LONDON 2024-06-14', 'TEHRAN (Tasnim) -')
    is a GPE: relabel the model's span or add the one it missed."""
    out = list(mentions)
    for s, e in _dateline_places(doc):
        if any(m["start"] == s and m["end"] == e for m in out):
            out = [{**m, "label": "GPE"} if (m["start"], m["end"]) == (s, e) else m for m in out]
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


def _name_pattern(names: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """One regex finding any of ``names`` as whole words, longest name first."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)


def name_hits(names: Iterable[str], text: str) -> list[tuple[int, int]]:
    """The (start, end) of each match of ``_name_pattern(tuple(names))`` in ``text``, as
    its ``finditer`` gives them: the non-empty ``names`` found as whole words (no word
    character, ``_`` or ``-`` on either side), scanned left to right, the longest name
    at a start taken, never overlapping.

    Written by hand because that regex is compiled anew for every document (its names
    are the document's): about 0.14 CPU s per 1,000 Reuters bodies, more than the
    search itself. ``str.find`` per name needs no compiling. The boundary test is the
    regex's: ``\\w`` on text is ``str.isalnum()`` or ``_`` (tests/analysis/
    test_entities.py compares both under hypothesis).
    """
    best: dict[int, int] = {}  # start -> the longest end with whole-word edges
    for name in names:
        i = text.find(name)
        while i != -1:
            end = i + len(name)
            if not (i and _is_word_char(text[i - 1])) and not (
                end < len(text) and _is_word_char(text[end])
            ):
                best[i] = max(best.get(i, end), end)
            i = text.find(name, i + 1)
    hits, free = [], 0  # ``free``: where the last hit ended (a regex scan resumes there)
    for start in sorted(best):
        if start >= free:
            hits.append((start, best[start]))
            free = best[start]
    return hits


def _is_word_char(char: str) -> bool:
    """In the regex class ``[\\w-]`` (Unicode ``\\w``: alphanumeric or ``_``)."""
    return char.isalnum() or char in "_-"


def _add_headline_names(
    mentions: list[dict[str, Any]], doc: _Doc, names: dict[str, str]
) -> list[dict[str, Any]]:
    out = list(mentions)
    for (start, end), is_headline in zip(doc.lines, doc.headline, strict=True):
        line = doc.text[start:end]
        if not is_headline or line.upper() != line:
            continue
        for hit in _name_pattern(tuple(names), re.IGNORECASE).finditer(line):
            s, e = start + hit.start(), start + hit.end()
            label = names[hit.group().casefold()]
            if not _overlaps(out, s, e) and (new := _new_mention(out, doc, s, e, label)):
                out.append(new)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


def _person_names(mentions: list[dict[str, Any]], doc: _Doc) -> tuple[set[str], set[str]]:
    """Casefolded full PERSON names (2+ words) of the document, and their word tails.

    A "person" the gazetteer knows as a country, state or people ("Sri Lanka",
    "Sri Lankan", "South Carolina") is a model error, not a name to spread."""
    full, tails = set(), set()
    for m in mentions:
        span = doc.text[m["start"] : m["end"]]
        words = span.casefold().split()
        if m["label"] == "PERSON" and len(words) > 1 and not _is_country_level(span):
            full.add(" ".join(words))
            tails.update(" ".join(words[i:]) for i in range(1, len(words)))
    return full, tails


def relabel_surnames(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """A name equal to a person's full name or surname in the same document is that
    person: 'Baqeri' after 'Ali Baqeri', whatever label the model gave it."""
    full, tails = _person_names(mentions, doc)
    tails -= _place_tails(mentions, doc, tails)
    out = []
    for m in mentions:
        key = doc.text[m["start"] : m["end"]].casefold()
        if m["label"] in NAME_LABELS and (key in full or key in tails):
            m = {**m, "label": "PERSON"}
        out.append(m)
    return out


def _place_tails(mentions: list[dict[str, Any]], doc: _Doc, tails: set[str]) -> set[str]:
    """Of the person-name ``tails``, the countries and states ("Egypt" of a headline
    misread as the person "Rethinking Egypt") that the model tags as a place (GPE,
    LOC) more often than as a person or an organisation on their own in the document: the
    place, not a surname, as in a story about Egypt. "Washington" after "Denzel
    Washington", tagged PERSON on its own as often as GPE, stays a surname; so does
    "Hesse" after "Martha Hesse", tagged ORG twice and GPE once (ORG's vote: branch
    ctry19, unseen Reuters news; CoNLL-2003 NER the same)."""
    votes: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    for m in mentions:
        surface = doc.text[m["start"] : m["end"]]
        if (key := surface.casefold()) in tails:
            votes[key] += {"GPE": 1, "LOC": 1, "PERSON": -1, "ORG": -1}.get(m["label"], 0)
            surfaces.setdefault(key, surface)
    return {key for key, n in votes.items() if n > 0 and _is_country_level(surfaces[key])}


def split_leading_demonym(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """'Australian Rory Ashdale' -> 'Australian' (NORP) + 'Rory Ashdale' (PERSON) when
    the rest is a person the document names: its full name or name tail is a PERSON
    name there ('Ashdale'), so 'American Express' and 'Canadian Pacific' stay whole."""
    full, tails = _person_names(mentions, doc)
    people = full | tails | {doc.text[m["start"] : m["end"]].casefold() for m in mentions
                              if m["label"] == "PERSON"}  # fmt: skip
    out = []
    for m in mentions:
        tokens = _tokens(doc.text, m["start"], m["end"])
        first = doc.text[slice(*tokens[0])] if tokens else ""
        rest = doc.text[tokens[1][0] : m["end"]] if len(tokens) > 2 else ""
        reading = _place_reading(first) if rest and m["label"] in NAME_LABELS else None
        if (
            reading is not None
            and reading.rule == "demonym"
            and (rest.casefold() in people or rest.casefold().split()[-1] in people)
        ):
            out.append({**_set_span(m, doc.text, *tokens[0]), "label": "NORP"})
            m = {**_set_span(m, doc.text, tokens[1][0], m["end"]), "label": "PERSON"}
        out.append(m)
    return out


#: Model labels that a gazetteer hit overrides (places are rarely people or artworks).
_PLACE_OVERRIDES = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC"})
#: Words before a name that make it a place: "in Erbil", "near Sulaymaniyah".
_LOCATIVE = re.compile(
    r"\b(?:in|near|outside|across|around|throughout|inside|within)\s+(?:\w+\s+and\s+)?$",
    re.IGNORECASE,
)
_COUNTRY_LEVEL = COUNTRY_LEVEL
#: Cities this large are places even as 'people' or 'organisations' (dev-tuned).
CITY_POPULATION = 1_000_000
#: ... and cities this large with a locative word before them ("in Erbil").
LOCATIVE_CITY_POPULATION = 100_000


def _as_place(m: dict[str, Any], doc: _Doc) -> str | None:
    """GPE/NORP when a known place stands where the model put a person or organisation.

    Countries, states and demonyms need no more evidence; a city needs a locative
    word before it ("in Erbil") because cities double as clubs and surnames.
    """
    reading = _place_reading(doc.text[m["start"] : m["end"]])
    if reading is None or _is_metonym(doc.text[m["start"] : m["end"]]):
        return None
    if reading.rule == "demonym":
        return "NORP"
    if reading.rule in _COUNTRY_LEVEL or reading.population >= CITY_POPULATION:
        return "GPE"
    before = doc.text[max(0, m["start"] - 40) : m["start"]]
    located = reading.population >= LOCATIVE_CITY_POPULATION and _LOCATIVE.search(before)
    return "GPE" if located else None


def relabel_known_places(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """A known place is a GPE, a demonym a NORP ('Erbil': ORG -> GPE), unless the
    document names a person of that name ('Jordan' after 'Michael Jordan')."""
    full, tails = _person_names(mentions, doc)
    out = []
    for m in mentions:
        text = doc.text[m["start"] : m["end"]]
        if m["label"] in _PLACE_OVERRIDES and text.casefold() not in full | tails:
            place = _as_place(m, doc)
            m = {**m, "label": place} if place else m
        out.append(m)
    return out


@_per_mention
def trim_lowercase_tail(m: dict[str, Any], doc: _Doc) -> dict[str, Any] | None:
    """Drop trailing lower-case words: 'Interfax news agency', 'Jiangsu province'."""
    if m["label"] not in _NO_NUMBER_AT_EDGE:
        return m
    tokens = _tokens(doc.text, m["start"], m["end"])
    while len(tokens) > 1 and doc.text[slice(*tokens[-1])].islower():
        tokens.pop()
    return _set_span(m, doc.text, tokens[0][0], tokens[-1][1])


#: Labels worth spreading to missed occurrences (NORP and MISC-like ones gain nothing).
_PROPAGATED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def propagate_names(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """A name the model found once is a name everywhere in the document: tag the other
    exact occurrences it missed, with the name's majority label."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        span = doc.text[m["start"] : m["end"]]
        if m["label"] in _PROPAGATED and len(span) > 2 and span[0].isupper():
            votes.setdefault(span, Counter())[m["label"]] += 1
    out = list(mentions)
    if not votes:
        return out
    for s, e in name_hits(votes, doc.text):
        label = votes[doc.text[s:e]].most_common(1)[0][0]
        if not _overlaps(out, s, e) and (new := _new_mention(out, doc, s, e, label)):
            out.append(new)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


def tag_result_names(mentions: list[dict[str, Any]], doc: _Doc) -> list[dict[str, Any]]:
    """In a team sport's report (:func:`analysis.teams.result_names`), the names on
    results lines and table rows are teams: the model's mention of that span becomes ORG
    (unless a PERSON), a missed one is added as ORG ('Falkirk 2 Clydebank 1', 'Stoke 5 3
    1 1 8 4 10'); a country's name keeps or gets GPE (:func:`mark_national_teams` reads
    it as the team)."""
    spans = result_names(doc.text)  # analysis.teams
    if not spans:
        return mentions
    out = relabel_results(mentions, spans, doc.text)
    for s, e in spans:
        label = "GPE" if team_reading(doc.text[s:e]) else "ORG"  # see relabel_results
        if not _overlaps(out, s, e) and (new := _new_mention(out, doc, s, e, label)):
            out.append(new)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


#: The clean-up rules in the order they run; the benchmark ablates them by name.
RULES: dict[str, Rule] = {
    "cut_at_line_break": cut_at_line_break,
    "split_at_separators": split_at_separators,
    "strip_determiner": strip_determiner,
    "trim_edges": trim_edges,
    "require_capital": require_capital,
    "trim_lowercase_tail": trim_lowercase_tail,
    **JUNK_RULES,
    "tag_datelines": tag_datelines,
    "corroborate_headlines": corroborate_headlines,
    "split_leading_demonym": split_leading_demonym,
    "relabel_surnames": relabel_surnames,
    "relabel_known_places": relabel_known_places,
    "tag_result_names": tag_result_names,
    "mark_national_teams": mark_national_teams,
    "propagate_names": propagate_names,
}


def clean_mentions(
    mentions: pd.DataFrame,
    text: str,
    *,
    sentences: pd.DataFrame | None = None,
    rules: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One document's raw model mentions -> corrected mentions.

    In: MENTIONS-like rows of a single document (at least doc_id, sent_id, start, end,
    text, label; offsets into ``text``) and the document text. ``sentences`` (optional,
    SENTENCES rows of the document) lets rules add missed names in any sentence;
    without it they add one only where the neighbouring mentions pin its sentence.
    ``rules`` names the rules of :data:`RULES` to run (default: all, in order).
    Out: the same columns, ordered by offset; spans may be narrowed (offsets and
    ``text`` updated), split, relabelled, dropped or added. Numeric labels (DATE,
    CARDINAL, ...) pass through untouched. :func:`clean_records` is the same on row
    dicts (what the build runs, without a DataFrame per document).
    """
    if len(mentions) == 0:
        return mentions
    records = clean_records(
        mentions.to_dict("records"), text, sentences=sentence_spans(sentences), rules=rules
    )
    out = pd.DataFrame(records, columns=mentions.columns)
    return out.astype(mentions.dtypes.to_dict()) if len(out) else mentions.iloc[0:0]


def clean_records(
    records: list[dict[str, Any]],
    text: str,
    *,
    sentences: list[tuple[int, int, int]] | None = None,
    rules: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """:func:`clean_mentions` on one document's mention dicts; ``sentences`` as
    (start, end, sent_id) tuples (:func:`sentence_spans`). The dicts are not modified."""
    if not records:
        return records
    doc = _describe(text)
    if sentences is not None:
        doc.sentences = list(sentences)
    for name in RULES if rules is None else rules:
        records = RULES[name](records, doc)
    return records


def sentence_spans(sentences: pd.DataFrame | None) -> list[tuple[int, int, int]] | None:
    """SENTENCES rows of one document -> (start, end, sent_id) tuples (None stays None)."""
    if sentences is None:
        return None
    return list(zip(sentences["start"].tolist(), sentences["end"].tolist(),
                    sentences["sent_id"].tolist(), strict=True))  # fmt: skip


# Aggregates live in analysis.entity_tables; re-exported for the callers of this module.
from analysis.entity_tables import (  # noqa: E402
    KWIC_COLUMNS,
    cooccurrence_table,
    entity_mentions,
    entity_table,
    related_entities,
)

__all__ = [
    "KWIC_COLUMNS",
    "NAME_LABELS",
    "NUMERIC_LABELS",
    "RULES",
    "canonicalize",
    "clean_mentions",
    "clean_records",
    "cooccurrence_table",
    "entity_mentions",
    "entity_table",
    "merge_case_variants",
    "normalize_surface",
    "related_entities",
    "sentence_spans",
]
