"""Canonical names: the name a mention stands for, per document and across case variants.

* :func:`normalize_surface`: a surface form -> its name (whitespace, quotes, edge
  punctuation, a leading determiner, a trailing possessive, dotted acronyms).
* :func:`canonicalize` (build time, one document at a time, so cached per-document
  results stay valid): fills ``canonical`` and merges, within a document, surnames into
  full names, place heads into the one place they open, acronyms into long forms and
  ALL-CAPS variants into their normal form.
* :func:`merge_case_variants` (corpus time): 'TEHRAN' -> 'Tehran' across the corpus.

Split from :mod:`analysis.entities` (the clean-up of model mentions), which uses
:func:`normalize_surface` and :func:`place_label` from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis import schema
from analysis.place_names import place_reading as _place_reading

# --------------------------------------------------------------------------- surfaces

#: a leading article ("the Operation True Promise"), dropped from names
DETERMINER = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`\u201e"
_EDGE_PUNCT = _QUOTES + " \t\r\n.,;:!?()[]{}<>-\u2013\u2014*_/|#"
#: Characters a name never opens with: a mention written "+Berlin", "-Madrid", "@Rome",
#: "=cmd", "*Paris*" or "#Lagos" (a spreadsheet formula's or a list's prefix, Markdown
#: emphasis, a handle or tag sign) names "Berlin", "Madrid", ... The mention's span is
#: trimmed of them (rule ``trim_edges``) and so is its name (:func:`normalize_surface`),
#: so no entity takes "+Berlin" as its name (review ui26, item 5). Letters, digits,
#: quotes and brackets are not here: "3M", "'s-Hertogenbosch" and "(Tasnim)" are other
#: rules' business.
NEVER_OPENS = "+-=@#*_~^|\\/<>,;:!?%&.\u2013\u2014\u2022\u00b7"
#: Characters a name never closes with ("Madrid-", "Rome,", "*Paris*"); "+" ("Canal+"),
#: "!" ("Yahoo!"), "?" and "." ("Corp.") may, so they are not here.
NEVER_CLOSES = "-=@#*_~^|\\/<>,;:&\u2013\u2014\u2022\u00b7"
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
        name = trim_name_edges(name.strip(_EDGE_PUNCT))
        name = _POSSESSIVE.sub("", name)
        name = DETERMINER.sub("", name)
        if name == before:
            break
    name = "".join(ch for ch in name if ch not in _QUOTES or ch == "'")
    if _DOTTED_ACRONYM.match(name + "." if not name.endswith(".") else name):
        name = name.replace(".", "")
    return name.strip()


def trim_name_edges(text: str) -> str:
    """``text`` without the leading :data:`NEVER_OPENS` and trailing :data:`NEVER_CLOSES`
    characters; ``text`` itself when nothing else would be left (never empties a name)."""
    trimmed = text.lstrip(NEVER_OPENS).rstrip(NEVER_CLOSES)
    return trimmed if trimmed.strip() else text


def place_label(text: str) -> str | None:
    """GPE for a known country/city/state, NORP for a demonym, else None."""
    reading = _place_reading(text)
    if reading is None:
        return None
    return "NORP" if reading.rule == "demonym" else "GPE"


# --------------------------------------------------------------------------- canonical names

#: an acronym as written ("UN", "AT&T"), joined to its expansion by its initials
#: an acronym as written ("UN", "AT&T"), joined to its expansion by its initials
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
#: labels whose names may be written as an acronym (people's initials are not joined)
ACRONYM_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})
_INITIAL_SKIP = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "de",
        "du",
        "la",
        "le",
        "des",
        "del",
        "di",
        "da",
        "&",
        "to",
        "at",
    ]
)


def initials(name: str) -> str:
    """'United Nations' -> 'UN', 'Organization of the Petroleum ...' -> 'OP...'."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _INITIAL_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper() if len(words) > 1 else ""


def _tails(name: str) -> list[str]:
    """Proper word suffixes of a name: 'Abu Mahdi al-Muhandis' -> ['Mahdi al-Muhandis',
    'al-Muhandis']."""
    words = name.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


def _short_forms(name: str) -> list[str]:
    """What a document may call a person it names in full: a word tail (:func:`_tails`)
    or the given name alone, if a capitalised word of 3+ letters ('Randall')."""
    first = name.split(" ", 1)[0]
    given = [first] if len(first) > 2 and first[0].isupper() and first.isalpha() else []
    return _tails(name) + given


#: A document's name pairs: (doc_id, short name) -> the full name it stands for.
NameMap = dict[tuple[str, str], str]
#: The rows a map reads: (doc_id, label, canonical) per mention.
Names = list[tuple[str, object, str]]


def _unique_full(pairs: dict[tuple[str, str], set[str]]) -> NameMap:
    """The (doc_id, short) keys naming exactly one full name, with that name."""
    return {key: next(iter(fulls)) for key, fulls in pairs.items() if len(fulls) == 1}


def _labelled(names: Names, labels: frozenset[str]) -> dict[tuple[str, str], None]:
    """The distinct (doc_id, canonical) of mentions labelled one of ``labels``, in order."""
    return dict.fromkeys((d, c) for d, lab, c in names if isinstance(lab, str) and lab in labels)


def _surname_map(names: Names) -> NameMap:
    """PERSON short names (surname, name tail or given name) naming exactly one full
    name in a doc."""
    people = _labelled(names, frozenset({"PERSON"}))
    pairs: dict[tuple[str, str], set[str]] = {}
    for doc_id, name in people:
        if " " in name:
            for short in _short_forms(name):
                if (doc_id, short) in people:
                    pairs.setdefault((doc_id, short), set()).add(name)
    return _unique_full(pairs)


def _place_head_map(names: Names) -> NameMap:
    """A one-word place name, no place on its own, opening exactly one longer place name
    of the document ('South' for 'South Korea')."""
    places = _labelled(names, frozenset({"GPE", "LOC"}))
    pairs: dict[tuple[str, str], set[str]] = {}
    for doc_id, name in places:
        if " " in name:
            head = name.split(" ")[0]
            if (doc_id, head) in places and " " not in head and place_label(head) is None:
                pairs.setdefault((doc_id, head), set()).add(name)
    return _unique_full(pairs)


def _acronym_map(names: Names) -> NameMap:
    """Acronyms whose long form the same document spells out."""
    named = _labelled(names, ACRONYM_LABELS)
    short = {key for key in named if re.fullmatch(ACRONYM.pattern, key[1])}
    pairs: dict[tuple[str, str], set[str]] = {}
    for doc_id, name in named:
        first_letters = initials(name)
        if len(first_letters) > 1 and (doc_id, first_letters) in short:
            pairs.setdefault((doc_id, first_letters), set()).add(name)
    return _unique_full(pairs)


def _caps_map(names: Names) -> NameMap:
    """ALL-CAPS names ('JAPAN') also written normally ('Japan'): the normal form most
    often written in the document, the first in sort order on a tie."""
    distinct = list(dict.fromkeys(c for _, _, c in names))
    # pandas' own isupper (pyarrow's), on each distinct name once, as the frames did
    upper = pd.Series(distinct, dtype=schema.STR).str.isupper().fillna(False).tolist()
    caps = {c for c, up in zip(distinct, upper, strict=True) if up and len(c) > 3}
    key_of = {c: c.casefold() for c in distinct}
    shouted = {(d, key_of[c]) for d, _, c in names if c in caps}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for d, _, c in names:
        if c not in caps and (d, key_of[c]) in shouted and _LOWER.search(c):
            written = counts.setdefault((d, key_of[c]), {})
            written[c] = written.get(c, 0) + 1
    best = {key: min(written, key=lambda c, w=written: (-w[c], c))
            for key, written in counts.items()}  # fmt: skip
    return {(d, c): best[(d, key_of[c])] for d, _, c in names
            if c in caps and (d, key_of[c]) in best}  # fmt: skip


_LOWER = re.compile("[a-z]")


def _apply_map(names: Names, mapping: NameMap) -> Names:
    """``names`` with (doc_id, canonical) pairs of ``mapping`` replaced by their full name."""
    if not mapping:
        return names
    return [(d, lab, mapping.get((d, c), c)) for d, lab, c in names]


def canonicalize(mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill ``canonical`` for every mention.

    In: MENTIONS rows (doc_id, text, label at least), any number of documents.
    Out: a copy with ``canonical`` = :func:`normalize_surface` of the text, then, within
    each document: an ALL-CAPS name written normally elsewhere takes that form
    ('JAPAN' -> 'Japan'); a PERSON surname or tail of exactly one full PERSON name
    becomes that name ('Baqeri' -> 'Ali Baqeri'), so does a given name alone
    ('Randall' -> 'Randall Cunningham') and a one-word place head that is no place on its
    own ('South' -> 'South Korea'); an acronym whose long form is named
    becomes it ('UN', 'U.N.' -> 'United Nations'); a mention the clean-up marked as a
    national team is named as one ('Japan' -> 'Japan national team'). Looks at one
    document at a time, so a document's canonical names do not depend on the rest of
    the corpus. The maps work on plain (doc_id, label, name) tuples and dicts: pandas
    merges cost a fixed few ms each per call, i.e. per build chunk, more than the rows.
    """
    out = mentions.copy()
    if len(out) == 0:
        out["canonical"] = pd.Series([], dtype=schema.STR)
        return out
    texts = out["text"].astype(str).tolist()
    lookup = {t: normalize_surface(t) for t in dict.fromkeys(texts)}
    names: Names = list(zip(out["doc_id"].tolist(), out["label"].tolist(),
                            [lookup[t] for t in texts], strict=True))  # fmt: skip
    for build in (_caps_map, _surname_map, _place_head_map, _acronym_map):
        names = _apply_map(names, build(names))
    out["canonical"] = pd.Series([c for _, _, c in names], index=out.index, dtype=schema.STR)
    return _name_teams(out)


def _name_teams(out: pd.DataFrame) -> pd.DataFrame:
    """Mentions the clean-up marked as a national team (:mod:`analysis.teams`) are named
    '<country> national team' ('Japan' -> 'Japan national team'), in place."""
    from analysis.teams import TEAM_RULE, team_name

    if "rule" not in out.columns:
        return out
    teams = (out["rule"] == TEAM_RULE).fillna(False).to_numpy(dtype=bool)
    if teams.any():
        named = out.loc[teams, "canonical"].map(lambda n: team_name(n) or n)
        out.loc[teams, "canonical"] = named.astype(schema.STR)
    return out


def merge_case_variants(mentions: pd.DataFrame) -> pd.DataFrame:
    """Read-time, corpus-wide: an ALL-CAPS canonical name ('TEHRAN', from a dateline)
    written normally anywhere in the corpus takes the most frequent normal form.

    In/out: MENTIONS (canonical filled); a copy, other columns untouched. Kept out of
    :func:`canonicalize` so cached per-document results never depend on the corpus.
    """
    if len(mentions) == 0:
        return mentions
    canonical = mentions["canonical"]
    names: Names = [("", None, c) for c in canonical.dropna().tolist()]
    mapping = {c: full for (_, c), full in _caps_map(names).items()}
    out = mentions.copy()
    merged = [mapping.get(c, c) if isinstance(c, str) else c for c in canonical.tolist()]
    # the column keeps its dtype (an object array would take the one pandas infers)
    out["canonical"] = pd.Series(merged, dtype=canonical.dtype, index=out.index)
    return out
